import NIOCore
import PostgresNIO
import RPC
import Synchronization

extension Database {
  /// How long a body may go on after its connection closed before its call stops waiting.
  /// A query on a closing connection normally fails within milliseconds.
  static let lostConnectionGrace = TimeAmount.seconds(1)

  /// Runs `body` on `connection`, but stops waiting for it when the connection closes under
  /// it and the body has not ended a moment later: the caller gets UNAVAILABLE.
  ///
  /// Why: postgres-nio (1.33.2) writes each query to the channel without a write promise, so a
  /// query written just after the server closed the connection (PostgreSQL stopping) is
  /// dropped by the closed channel and its result never arrives. The awaiting call then waits
  /// forever and cannot be cancelled, and the gRPC server, which waits for its handlers, never
  /// finishes shutting down: the process ignored SIGTERM after an outage under load (issue 12,
  /// item 13). The body therefore runs in a task of its own that is left behind in that case;
  /// it holds nothing but a closed connection, whose lease the pool has already dropped.
  func unlessConnectionLost<Result: Sendable>(
    _ connection: PostgresConnection, _ body: @Sendable @escaping (PostgresConnection) async throws -> Result
  ) async throws -> Result {
    let outcome = Outcome<Result>()
    let work = Task {
      do { outcome.settle(.success(try await body(connection))) } catch { outcome.settle(.failure(error)) }
    }
    let ticket = self.closeWatch.watch(connection) {
      connection.closeFuture.eventLoop.scheduleTask(in: Self.lostConnectionGrace) {
        // The error this call ends with is already a PlatformError, which the lease's own
        // outage check cannot recognise; a connection closing under a running call is the
        // clearest sign of an outage there is, so the server is probed from here.
        self.availability.suspect()
        outcome.settle(.failure(PlatformError.unavailable("The database")))
      }
    }
    defer { self.closeWatch.stop(ticket, on: connection) }
    return try await withTaskCancellationHandler {
      try await outcome.value()
    } onCancel: {
      work.cancel()
    }
  }
}

/// The first result given to ``settle(_:)``, handed to the one waiter of ``value()``.
final class Outcome<Value: Sendable>: Sendable {
  private enum State {
    case pending(CheckedContinuation<Value, any Error>?)
    case settled(Result<Value, any Error>)
  }
  private let state = Mutex<State>(.pending(nil))

  func settle(_ result: Result<Value, any Error>) {
    let waiter: CheckedContinuation<Value, any Error>? = self.state.withLock { state in
      guard case .pending(let waiter) = state else { return nil }
      state = .settled(result)
      return waiter
    }
    waiter?.resume(with: result)
  }

  func value() async throws -> Value {
    try await withCheckedThrowingContinuation { continuation in
      let settled: Result<Value, any Error>? = self.state.withLock { state in
        switch state {
        case .pending:
          state = .pending(continuation)
          return nil
        case .settled(let result):
          return result
        }
      }
      if let settled { continuation.resume(with: settled) }
    }
  }
}
