public import WireCodec

/// What the server's outermost interceptor knows about the call being served, for the code
/// under it: the request id, the decoding limits and the drain state.
///
/// One task-local holding a struct, not one per value: each `withValue` scope is an extra
/// async frame and task-local push per call, and three nested ones were measurable on a
/// cheap call (docs/BENCHMARKS.md).
public struct CallScope: Sendable {
  public var requestID: String
  public var limits: WireLimits
  public var drain: ServerDrain?

  public init(requestID: String, limits: WireLimits, drain: ServerDrain?) {
    self.requestID = requestID
    self.limits = limits
    self.drain = drain
  }

  /// Set by ``ErrorBoundaryInterceptor`` for the duration of a call.
  @TaskLocal public static var current: CallScope?
}
