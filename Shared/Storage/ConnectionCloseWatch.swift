import NIOCore
import PostgresNIO
import Synchronization

/// Tells the calls running on a pooled connection when it closes, with one `closeFuture`
/// callback per connection: a callback per lease would stay attached to a long-lived
/// connection until it closes, one closure for every call it ever served.
final class ConnectionCloseWatch: Sendable {
  /// Per watched connection, the calls on it now.
  private let watched = Mutex<[PostgresConnection.ID: [Int: @Sendable () -> Void]]>([:])
  private let nextTicket = Atomic<Int>(0)

  /// Calls `onClose` once when `connection` closes, unless ``stop(_:on:)`` comes first.
  /// Returns the ticket that stops it.
  func watch(_ connection: PostgresConnection, onClose: @escaping @Sendable () -> Void) -> Int {
    let ticket = self.nextTicket.add(1, ordering: .relaxed).newValue
    let first = self.watched.withLock { watched in
      let first = watched[connection.id] == nil
      watched[connection.id, default: [:]][ticket] = onClose
      return first
    }
    if first {
      let id = connection.id
      connection.closeFuture.whenComplete { _ in
        let waiting = self.watched.withLock { $0.removeValue(forKey: id) } ?? [:]
        for onClose in waiting.values { onClose() }
      }
    }
    return ticket
  }

  /// The call with `ticket` has ended: nothing to tell it.
  func stop(_ ticket: Int, on connection: PostgresConnection) {
    self.watched.withLock { _ = $0[connection.id]?.removeValue(forKey: ticket) }
  }
}
