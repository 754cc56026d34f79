import Logging
import PostgresNIO
import ServiceLifecycle
import Storage
import Synchronization
import TelecomAPI
import TelecomRules
import WireCodec

#if canImport(FoundationEssentials)
  import FoundationEssentials
#else
  import Foundation
#endif

/// The rating book a replica decides calls from, swapped whole when prices or locks change.
final class RatingState: Sendable {
  private let current = Mutex(RatingBook())

  var book: RatingBook { self.current.withLock { $0 } }

  /// Installs `book` unless a newer one is in place already (two refreshes may race).
  func install(_ book: RatingBook) {
    self.current.withLock { if book.generation >= $0.generation { $0 = book } }
  }
}

/// Reading the rating book from the database (docs/telecom.md, "Rating and call locks"): the
/// current version of every price list, accounts' rating plans and the locks in force. Every
/// change bumps `rating_generation` in its own transaction; this replica rebuilds at once after
/// its own changes, and ``RatingRefresher`` catches other replicas' within a second.
extension Telecom {
  /// Moves the generation on, inside the transaction that changed prices or locks.
  func bumpRatingGeneration(on connection: PostgresConnection) async throws {
    try await connection.query(
      "UPDATE rating_generation SET generation = generation + 1", logger: self.logger)
  }

  /// Rebuilds the book if the database moved on; a failure keeps the book there is (and is
  /// logged), since deciding from slightly old prices beats deciding from none.
  func refreshRating() async {
    do {
      let generation = try await self.database.withConnection { connection in
        try await connection.query("SELECT generation FROM rating_generation", logger: self.logger)
          .decode(Int64.self).collect().first ?? 0
      }
      guard generation != self.rating.book.generation else { return }
      self.rating.install(try await self.loadRatingBook())
    } catch is CancellationError {
      // The service is stopping: nothing to report.
    } catch {
      self.logger.error("rating tables not refreshed", metadata: ["error": "\(String(reflecting: error))"])
    }
  }

  /// Reads the whole book in one repeatable-read transaction, so prices and locks are of one generation.
  func loadRatingBook() async throws -> RatingBook {
    try await self.database.transaction(isolation: .repeatableRead) { connection in
      var book = RatingBook()
      book.generation =
        try await connection.query("SELECT generation FROM rating_generation", logger: self.logger)
        .decode(Int64.self).collect().first ?? 0
      for try await (code, name, incoming) in try await connection.query(
        "SELECT code, name, incoming_service FROM providers", logger: self.logger
      ).decode((String, String, String).self) {
        book.providers[code] = .init(name: name, incomingService: BilledService(code: incoming) ?? .unspecified)
      }
      for try await (account, plan) in try await connection.query(
        "SELECT account_number, rating_plan FROM account_rating_plans", logger: self.logger
      ).decode((String, String).self) {
        book.accountPlans[account] = plan
      }
      try await self.loadPrices(into: &book, on: connection)
      try await self.loadLocks(into: &book, on: connection)
      return book
    }
  }

  /// Every price list's current version, as one table per list.
  func loadPrices(into book: inout RatingBook, on connection: PostgresConnection) async throws {
    var lists: [Int64: PriceListColumns] = [:]
    for try await row in try await connection.query(
      """
      SELECT id, provider, kind, rating_plan, service, place_of_service, currency FROM price_lists
      WHERE current_version > 0
      """, logger: self.logger
    ).decode((Int64, String, String, String, String, String, String).self) {
      lists[row.0] = PriceListColumns(
        provider: row.1, kind: row.2, ratingPlan: row.3, service: row.4, place: row.5, currency: row.6)
    }
    var entries: [Int64: [PrefixTableEntry<RatingBook.Price>]] = [:]
    for try await row in try await connection.query(
      """
      SELECT r.price_list_id, r.prefix, r.price_micros, r.unit, r.first_increment, r.next_increment,
             r.connection_fee_micros, r.valid_from, r.valid_to
      FROM price_lists l JOIN price_rows r ON r.price_list_id = l.id AND r.version = l.current_version
      """, logger: self.logger
    ).decode((Int64, String, Int64, Int32, Int32, Int32, Int64, UTCTimestamp, UTCTimestamp?).self) {
      let price = RatingBook.Price(
        priceMicros: row.2, unit: Int64(row.3), firstIncrement: Int64(row.4), nextIncrement: Int64(row.5),
        connectionFeeMicros: row.6)
      entries[row.0, default: []].append(
        PrefixTableEntry(
          prefix: try DialedDigits(row.1), validFrom: row.7.microsecondsSinceEpoch,
          validTo: row.8?.microsecondsSinceEpoch, value: price))
    }
    for (id, list) in lists.sorted(by: { $0.value.provider < $1.value.provider }) {
      guard let service = BilledService(code: list.service) else { continue }
      let prices = RatingBook.ProviderPrices(
        provider: list.provider, currency: list.currency, table: try PrefixTable(entries: entries[id] ?? []))
      if list.kind == "retail" {
        book.retail[.init(ratingPlan: list.ratingPlan, service: service, placeOfService: list.place), default: []]
          .append(prices)
      } else {
        book.wholesale[.init(service: service, placeOfService: list.place), default: [:]][list.provider] = prices
      }
    }
  }

  func loadLocks(into book: inout RatingBook, on connection: PostgresConnection) async throws {
    var rules: [CallLockRule] = []
    var index: Int64 = 0
    for try await row in try await connection.query(
      "SELECT \(unescaped: Self.lockColumns) FROM call_locks l WHERE l.deleted_at IS NULL", logger: self.logger
    ).decode(LockRow.self) {
      index += 1
      let lock = Self.lock(row)
      rules.append(
        CallLockRule(
          id: index, scope: lock.accountNumber.isEmpty ? .global : .account(lock.accountNumber),
          prefix: try DialedDigits(lock.prefix)))
      book.lockDetails[index] = lock
    }
    book.locks = try CallLockSet(rules)
  }
}

/// A price list's identifying columns, as stored.
struct PriceListColumns: Hashable {
  let provider: String
  let kind: String
  let ratingPlan: String
  let service: String
  let place: String
  let currency: String
}
