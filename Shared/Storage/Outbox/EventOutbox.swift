public import Logging
public import PostgresNIO
public import RPC
public import WireCodec

#if canImport(FoundationEssentials)
  import FoundationEssentials
#else
  import Foundation
#endif

/// A service's durable outbox: events appended in the same transaction as the change they
/// describe, served to other services by the event feed (``EventFeedService``).
///
/// Positions are gapless and follow commit order. An append takes the next positions from a
/// single counter row, whose row lock is held until the appending transaction ends: a second
/// appender waits, so it cannot commit a higher position while a lower one is still
/// invisible, and a rollback gives its positions back. A reader that sees position N can
/// therefore be sure every position below N is already visible, and a consumer that keeps
/// "the last position I processed" never skips an event. The price is that appending
/// transactions serialize from their append to their commit: append last, commit soon.
public enum EventOutbox {
  /// Schema of the outbox; part of every service's platform migrations.
  /// Each version in its own file under `Migrations/`.
  public static let migrations = [v10EventOutbox]

  /// Appends `events` in the caller's transaction (the connection must be inside one, e.g.
  /// in ``Database/transaction(isolation:attempts:_:)``) and returns their positions.
  @discardableResult
  public static func append(
    _ events: [OutboxEvent], on connection: PostgresConnection, at time: UTCTimestamp = .now, logger: Logger
  ) async throws -> [Int64] {
    guard !events.isEmpty else { return [] }
    let count = Int64(events.count)
    let rows = try await connection.query(
      "UPDATE outbox_counter SET last_position = last_position + \(count) RETURNING last_position", logger: logger)
    guard let last = try await rows.one(Int64.self) else {
      throw OutboxError.counterMissing
    }
    let first = last - count + 1
    let positions = (0..<count).map { first + $0 }
    // One statement for the lot: month-end appends an event per invoice, a thousand at a time.
    try await connection.query(
      """
      INSERT INTO outbox_events (position, type, key, payload, occurred_at)
      SELECT e.position, e.type, e.key, e.payload, \(time)
      FROM unnest(\(positions)::bigint[], \(events.map(\.type))::text[], \(events.map(\.key))::text[],
                  \(events.map { ByteBuffer(bytes: $0.payload) })::bytea[]) AS e(position, type, key, payload)
      """, logger: logger)
    return positions
  }

  /// The position of the last committed event; 0 when there is none.
  public static func lastPosition(on connection: PostgresConnection, logger: Logger) async throws -> Int64 {
    let rows = try await connection.query("SELECT last_position FROM outbox_counter", logger: logger)
    guard let last = try await rows.one(Int64.self) else { throw OutboxError.counterMissing }
    return last
  }

  /// Up to `limit` committed events after `position`, in order; only `types` when not empty.
  public static func read(
    after position: Int64, types: [String], limit: Int, on connection: PostgresConnection, logger: Logger
  ) async throws -> [FeedEvent] {
    let rows = try await connection.query(
      """
      SELECT position, type, key, payload, occurred_at FROM outbox_events
      WHERE position > \(position) AND (cardinality(\(types)::text[]) = 0 OR type = ANY(\(types)))
      ORDER BY position LIMIT \(limit)
      """, logger: logger)
    var events: [FeedEvent] = []
    for try await (position, type, key, payload, occurredAt) in rows.decode(
      (Int64, String, String, ByteBuffer, UTCTimestamp).self)
    {
      events.append(
        FeedEvent(
          position: UInt64(position), type: type, key: key, payload: Data(payload.readableBytesView),
          occurredAt: occurredAt))
    }
    return events
  }
}

/// One event to append: what happened (`type`, e.g. `billing.account.blocked`), to what
/// (`key`, e.g. the account id) and the details (`payload`, usually an encoded wire message).
public struct OutboxEvent: Sendable, Hashable {
  public var type: String
  public var key: String
  public var payload: [UInt8]

  public init(type: String, key: String, payload: [UInt8]) {
    self.type = type
    self.key = key
    self.payload = payload
  }

  /// An event whose details are `message`, wire-encoded.
  public init<Message: WireMessage>(type: String, key: String, message: Message) {
    self.init(type: type, key: key, payload: message.wireEncoded())
  }

  /// An event of a type a contract declares, with the message that type carries.
  public init<Message: WireMessage>(_ type: EventType<Message>, key: String, message: Message) {
    self.init(type: type.name, key: key, payload: message.wireEncoded())
  }
}

/// The outbox schema is not in place (its migrations were not applied).
enum OutboxError: Error {
  case counterMissing
}
