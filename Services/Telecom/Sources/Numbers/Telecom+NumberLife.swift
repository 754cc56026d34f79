import BillingAPI
import BillingReferenceData
import PostgresNIO
import RPC
import Storage
import TelecomAPI
import TelecomRules
import WireCodec

#if canImport(FoundationEssentials)
  import FoundationEssentials
#else
  import Foundation
#endif

/// A number's life with a customer (docs/telecom.md, "Life of a number"). A sellable number is
/// reserved for a New subscription in Billing and must be paid within 8 business days of the
/// customer's country calendar; Billing's `subscription.changed` events move it on — activated:
/// in work; closed: a reserved number is freed, a working one goes to Archive (or to Free, by
/// setting). The nightly cycle closes what was not paid in time and frees rested Archive numbers.
extension Telecom {
  static let numberCycleJob = "telecom.number-cycle"
  /// Who the nightly cycle's changes are recorded as.
  static let cycleActor = "telecom"

  func products() throws(TelecomError) -> BillingProducts {
    guard let billing = self.billing else { throw TelecomError.billingNotConfigured }
    return BillingProducts(billing: billing)
  }

  func reserveNumber(_ request: ReserveNumberRequest, caller: Caller) async throws -> DidNumber {
    try caller.require(TelecomPermission.numbersManage)
    let number = try Self.poolNumber(request.number).digits
    guard let subscriptionID = UUID(uuidString: request.subscriptionID) else {
      throw TelecomError.billingSubscriptionNotFound
    }
    let products = try self.products()
    // Checked first without a lock, so a number that cannot be sold is refused before Billing is
    // asked; checked again under the lock below.
    let before = try await self.database.withConnection { try await self.requireNumber(number, on: $0) }
    guard before.availability != .no else { throw TelecomError.numberNotForSale(before) }
    // Billing is asked before the transaction: no remote call holds a row locked.
    guard let subscription = try await products.subscription(subscriptionID.uuidString.lowercased()) else {
      throw TelecomError.billingSubscriptionNotFound
    }
    guard subscription.status == .new else { throw TelecomError.subscriptionNotNew("\(subscription.status)") }
    guard let (_, customer) = try await products.customer(ofAccount: subscription.accountNumber) else {
      throw TelecomError.accountNotFound
    }
    let today = self.localToday
    // A product with a planned activation date (the seed's §1.6) is paid when it activates:
    // the business days count from that day.
    let from = max(today, subscription.plannedActivation ?? today)
    let year = from.components.year
    let calendar = try await products.calendar(customer.details.country, years: [year, year + 1])
    let payBy = calendar.businessDay(self.settings.reservationPaymentDays, after: from)
    let actor = caller.actor
    return try await self.database.transaction { connection in
      let row = try await self.requireNumber(number, forUpdate: true, on: connection)
      guard row.availability != .no else { throw TelecomError.numberNotForSale(row) }
      try await connection.query(
        """
        UPDATE did_numbers SET status = 'reserved', status_changed_at = \(self.now), subscription_id = \(subscriptionID),
          account_number = \(subscription.accountNumber), reserved_on = \(today), pay_by = \(payBy),
          forced_at = NULL, forced_by = '', forced_reason = ''
        WHERE number = \(number)
        """, logger: self.logger)
      try await self.recordNumberChange(
        number, .reserved, from: row.status, to: .reserved, actor: actor,
        note: "subscription \(subscription.id), account \(subscription.accountNumber), pay by \(payBy)",
        on: connection)
      return try await self.requireNumber(number, on: connection).message
    }
  }

  /// Billing's `subscription.changed`, in the feed consumer's transaction.
  func subscriptionChanged(_ subscription: Subscription, on connection: PostgresConnection) async throws {
    guard let id = UUID(uuidString: subscription.id) else { return }
    let rows = try await connection.query(
      """
      \(unescaped: self.numberSelect(today: self.localToday)) WHERE n.subscription_id = \(id) FOR UPDATE OF n
      """, logger: self.logger
    ).decode(NumberRow.Columns.self).collect().map(NumberRow.init)
    for row in rows {
      try await self.follow(subscription.status, row: row, actor: "billing", on: connection)
    }
  }

  /// Moves `row` as its subscription's `status` says.
  func follow(_ status: SubscriptionStatus, row: NumberRow, actor: String, on connection: PostgresConnection)
    async throws
  {
    let note = "subscription \(row.subscriptionID?.uuidString.lowercased() ?? "") \(status)"
    switch (status, row.status) {
    case (.active, .reserved):
      try await connection.query(
        """
        UPDATE did_numbers SET status = 'in_work', status_changed_at = \(self.now), pay_by = NULL
        WHERE number = \(row.number)
        """, logger: self.logger)
      try await self.recordNumberChange(
        row.number, .activated, from: .reserved, to: .inWork, actor: actor, note: note, on: connection)
    case (.closed, .reserved):
      // The seed's case 1: a reservation that ends unpaid frees the number at once. Past its
      // last day to pay, it expired — whether the nightly cycle's close or staff's got here
      // first (the cycle's own event may arrive before the cycle records it).
      let expired = row.payBy.map { $0 < self.localToday } ?? false
      try await self.moveNumber(
        row, to: .free, event: expired ? .reservationExpired : .released, actor: actor, note: note, on: connection)
    case (.closed, .inWork):
      let destination = ClosedNumberDestination(rawValue: self.settings.closedNumbersTo) ?? .archive
      try await self.moveNumber(row, to: destination.status, event: .released, actor: actor, note: note, on: connection)
    default:
      break
    }
  }

  func runNumberCycle(_ request: RunNumberCycleRequest, caller: Caller) async throws -> RunNumberCycleReply {
    try caller.require(TelecomPermission.numbersManage)
    return try await self.runNumberCycle()
  }

  /// The nightly cycle for today. Each step is idempotent: a cycle that stops half-way is
  /// finished by the next.
  func runNumberCycle() async throws -> RunNumberCycleReply {
    let today = self.localToday
    var reply = RunNumberCycleReply(date: today)
    try await self.settleUnpaidReservations(today: today, into: &reply)
    reply.freedFromArchive = UInt32(try await self.freeRestedNumbers(today: today))
    self.logger.info(
      "number cycle done",
      metadata: [
        "date": "\(today)", "freed": "\(reply.freedFromArchive)", "expired": "\(reply.reservationsExpired)",
        "activated": "\(reply.activated)", "deferred": "\(reply.deferred)",
      ])
    return reply
  }

  /// Archive numbers whose class today is No NCV or Ignore NCV go to Free, in one statement.
  /// The update asks for `archive` again: two cycles at once (the nightly one and RunNumberCycle)
  /// both find the number rested, and the second, once the first commits, rechecks the row it
  /// waited for — without the status in its WHERE it would free the number again and write a
  /// second history row.
  func freeRestedNumbers(today: CalendarDate) async throws -> Int {
    try await self.database.transaction { connection in
      try await connection.query(
        """
        WITH rested AS (
          SELECT number FROM (\(unescaped: self.numberSelect(today: today)) WHERE n.status = 'archive') AS x
          WHERE x.ncv IN ('no_calls', 'ignored')),
        freed AS (
          UPDATE did_numbers n SET status = 'free', status_changed_at = \(self.now)
          FROM rested WHERE n.number = rested.number AND n.status = 'archive' RETURNING n.number)
        INSERT INTO did_number_history (number, event, from_status, to_status, actor, at, note)
        SELECT number, 'freed_from_archive', 'archive', 'free', \(Self.cycleActor), \(self.now),
               'no non-target call for \(unescaped: String(self.settings.coolingPeriodDays)) days'
        FROM freed
        RETURNING 1
        """, logger: self.logger
      ).decode(Int.self).collect().count
    }
  }

  /// Reservations past their pay-by day: each subscription still New is closed in Billing (a
  /// remote call, so outside any transaction), then its number is freed; one activated
  /// meanwhile puts its number in work. Billing away: tried again next run.
  func settleUnpaidReservations(today: CalendarDate, into reply: inout RunNumberCycleReply) async throws {
    let due = try await self.database.withConnection { connection in
      try await connection.query(
        """
        SELECT number, subscription_id FROM did_numbers
        WHERE status = 'reserved' AND pay_by < \(today) ORDER BY pay_by, number LIMIT 10000
        """, logger: self.logger
      ).decode((String, UUID).self).collect()
    }
    guard !due.isEmpty else { return }
    let products = try self.products()
    for (number, subscription) in due {
      let id = subscription.uuidString.lowercased()
      let outcome: BillingProducts.CloseOutcome
      do {
        outcome = try await products.closeUnpaid(
          id, reason: "DID \(number) not paid within \(self.settings.reservationPaymentDays) business days")
      } catch {
        self.logger.warning(
          "unpaid reservation not settled", metadata: ["number": "\(number)", "error": "\(error)"])
        reply.deferred += 1
        continue
      }
      // Billing's event for the change may move the number first; either way it moves once.
      try await self.database.transaction { connection in
        guard let row = try await self.numberRow(number, forUpdate: true, on: connection),
          row.status == .reserved, row.subscriptionID == subscription
        else { return }
        switch outcome {
        case .active:
          try await self.follow(.active, row: row, actor: Self.cycleActor, on: connection)
        case .closed, .missing:
          try await self.moveNumber(
            row, to: .free, event: .reservationExpired, actor: Self.cycleActor,
            note: "subscription \(id) not paid by \(row.payBy.map { "\($0)" } ?? "?"): closed", on: connection)
        }
      }
      if case .active = outcome { reply.activated += 1 } else { reply.reservationsExpired += 1 }
    }
  }

  /// The seed's search by phone number: the number, its account and the Billing customer.
  func findCustomerByNumber(_ request: FindCustomerByNumberRequest, caller: Caller) async throws
    -> FindCustomerByNumberReply
  {
    try caller.require(TelecomPermission.numbersRead)
    let row = try await self.database.withConnection { try await self.requireNumber(request.number, on: $0) }
    guard row.status.isTaken, !row.accountNumber.isEmpty else { throw TelecomError.numberHasNoCustomer }
    guard let (account, customer) = try await self.products().customer(ofAccount: row.accountNumber) else {
      throw TelecomError.accountNotFound
    }
    return FindCustomerByNumberReply(
      number: row.message, accountNumber: account.number, customerID: customer.id, customerName: customer.details.name,
      taxID: customer.details.taxID, organizationID: customer.details.organizationID)
  }
}
