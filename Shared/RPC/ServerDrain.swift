import Synchronization

/// Whether the server is draining: it stopped taking calls and lets in-flight ones finish.
///
/// grpc-swift signals both "deadline passed / client reset" and "server shutting down" by
/// cancelling a call's cancellation handle. Only the first should abort a handler, so the
/// handler wrapper asks this flag before turning a handle cancellation into task cancellation.
public final class ServerDrain: Sendable {
  let draining = Atomic<Bool>(false)

  public init() {}

  /// Called when graceful shutdown begins, before the transport is told to quiesce.
  public func begin() {
    self.draining.store(true, ordering: .sequentiallyConsistent)
  }

  public var isDraining: Bool {
    self.draining.load(ordering: .sequentiallyConsistent)
  }

  /// The serving server's drain state (see ``CallScope``).
  public static var current: ServerDrain? { CallScope.current?.drain }
}
