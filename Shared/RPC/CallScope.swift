public import WireCodec

/// What the server's outermost interceptor knows about the call being served, for the code
/// under it: the request id, the decoding limits, the drain state and the caller's deadline.
///
/// One task-local holding a struct, not one per value: each `withValue` scope is an extra
/// async frame and task-local push per call, and three nested ones were measurable on a
/// cheap call (docs/BENCHMARKS.md).
public struct CallScope: Sendable {
  public var requestID: String
  public var limits: WireLimits
  public var drain: ServerDrain?
  /// When the caller stops waiting (its `grpc-timeout`), if it set one: work that waits on a
  /// dependency (a database lease) gives up before it, so the caller learns why.
  public var deadline: ContinuousClock.Instant?

  public init(requestID: String, limits: WireLimits, drain: ServerDrain?, deadline: ContinuousClock.Instant? = nil) {
    self.requestID = requestID
    self.limits = limits
    self.drain = drain
    self.deadline = deadline
  }

  /// Set by ``ErrorBoundaryInterceptor`` for the duration of a call.
  @TaskLocal public static var current: CallScope?
}
