import BillingAPI
import BillingReferenceData
import BillingRules
import PostgresNIO
import RPC
import Storage
import WireCodec

#if canImport(FoundationEssentials)
  import FoundationEssentials
#else
  import Foundation
#endif

/// What the collections step of one day did.
struct CollectionsOutcome: Sendable {
  var credited: Int64 = 0
  var reminders: Int64 = 0
  var blocked: Int64 = 0
  var unblocked: Int64 = 0
}

/// An unpaid monthly invoice with what collections need of it.
struct OpenInvoice: Sendable {
  let id: Int64
  let number: String
  /// What is due: the amount as issued, changed by its live corrections.
  let amountMinor: Int64
  var paidMinor: Int64
  let issuedOn: CalendarDate
  /// Monthly invoices have a payment window; prepayment invoices have none and are never chased.
  let dueOn: CalendarDate?
  let kind: Kind

  /// `invoices.kind` as stored.
  enum Kind: String, PostgresCodable, Sendable {
    case manual, monthly, prepayment

    var message: InvoiceKind {
      switch self {
      case .manual: .manual
      case .monthly: .monthly
      case .prepayment: .prepayment
      }
    }
  }
}

extension Billing {
  /// When unpaid monthly invoices are reminded of and block (`BillingRules/CollectionSchedule.swift`).
  static let collectionSchedule = CollectionSchedule.standard

  /// The countries a customer can be in (the CHECK on `customers.country`).
  static let customerCountries = ["RU", "KZ", "other"]

  /// For every account with something to do about its unpaid invoices (``CollectionsDriver``),
  /// in a transaction of its own: credits payments to invoices (a payment counts from the next
  /// business day after it was made), lifts a collections block once nothing is overdue, then
  /// sends the reminders and blocks that are due on `date`.
  func runCollections(on date: CalendarDate, failed: CycleCounter) async throws -> CollectionsOutcome {
    let accounts = try await self.database.withConnection { connection in
      var calendars: [String: Result<BusinessCalendar, any Error>] = [:]
      for country in Self.customerCountries {
        do {
          calendars[country] = .success(try await self.calendar(for: country, on: connection))
        } catch let error as CalendarDataError {
          calendars[country] = .failure(error)
        }
      }
      let driver = CollectionsDriver(on: date, schedule: Self.collectionSchedule, calendars: calendars)
      return try await connection.query(driver.query, logger: self.logger).decode(UUID.self).collect()
    }
    var total = CollectionsOutcome()
    for id in accounts {
      guard
        let outcome = try await self.isolated(
          .collections, item: id, for: date, failed: failed,
          { connection in
            try await self.collect(account: id, on: date, on: connection)
          })
      else { continue }
      total.credited += outcome.credited
      total.reminders += outcome.reminders
      total.blocked += outcome.blocked
      total.unblocked += outcome.unblocked
    }
    return total
  }

  func collect(account id: UUID, on date: CalendarDate, on connection: PostgresConnection) async throws
    -> CollectionsOutcome
  {
    var outcome = CollectionsOutcome()
    // A later day ran meanwhile (a slow runner of an earlier day): its decisions stand.
    guard try await !self.isOvertaken(date, on: connection) else { return outcome }
    guard let account = try await self.account(.id(id), forUpdate: true, on: connection), account.status != .closed
    else { return outcome }
    let contact =
      try await connection.query(
        "SELECT country, email, name FROM customers WHERE id = \(account.customerID)", logger: self.logger
      ).decode((String, String, String).self).collect().first ?? ("other", "", "")
    let calendar = try await self.calendar(for: contact.0, on: connection)
    let open: [OpenInvoice]
    (outcome.credited, open) = try await self.creditPayments(
      of: account, calendar: calendar, upTo: date, on: connection)
    let chased = open.filter { $0.kind == .monthly }
    let schedule = Self.collectionSchedule
    let overdue = chased.filter { schedule.isOverdue(on: date, issuedOn: $0.issuedOn, calendar: calendar) }
    if account.blockedBy == .collections, overdue.isEmpty {
      try await self.changeBlock(
        of: account, to: false, reason: "Просроченные счета оплачены", by: .collections, on: connection)
      outcome.unblocked += 1
    }
    for invoice in chased {
      switch schedule.step(on: date, issuedOn: invoice.issuedOn, calendar: calendar) {
      case .nothing:
        continue
      case .block:
        // A postpaid account has until the month end (seed 003 §3.5.8); that check blocks it.
        guard account.paymentMode == .prepaid, try await self.recordStep("block", of: invoice, on: date, on: connection)
        else { continue }
        if account.status == .active, outcome.blocked == 0 {
          try await self.changeBlock(
            of: account, to: true,
            reason: "Не оплачен счёт \(invoice.number) (срок \(invoice.dueOn.map(\.description) ?? "—"))",
            by: .collections,
            on: connection)
          outcome.blocked += 1
        }
      case .remind(let day):
        guard try await self.recordStep("reminder-\(day)", of: invoice, on: date, on: connection) else { continue }
        try await self.remind(
          invoice, businessDay: day, account: account, email: contact.1, name: contact.2, on: connection)
        outcome.reminders += 1
      }
    }
    return outcome
  }

  /// Allocates the account's uncredited real payments (not top-ups, not reversed ones) to its
  /// unpaid invoices, oldest first. A payment counts from the next business day after its value
  /// date, and not before the invoice was issued. Returns how many allocations it made and the
  /// invoices still open afterwards.
  func creditPayments(
    of account: AccountRow, calendar: BusinessCalendar, upTo date: CalendarDate, on connection: PostgresConnection
  ) async throws -> (credited: Int64, open: [OpenInvoice]) {
    let payments = try await connection.query(PerAccountQueries.payments(of: account.id), logger: self.logger).decode(
      (Int64, CalendarDate, Int64).self
    ).collect()
    var invoices = try await self.openInvoices(of: account.id, on: connection)
    // A correction may have brought an invoice down to what is paid already: it was paid on the
    // later of its last payment's credit day and that correction's day.
    for covered in invoices where covered.amountMinor <= covered.paidMinor {
      try await connection.query(
        """
        UPDATE invoices SET paid_on = GREATEST(
          issued_on, (SELECT max(credited_on) FROM invoice_allocations WHERE invoice_id = \(covered.id)),
          (SELECT max(issued_on) FROM corrections WHERE invoice_id = \(covered.id) AND status <> 'deleted'))
        WHERE id = \(covered.id)
        """, logger: self.logger)
    }
    invoices.removeAll { $0.amountMinor <= $0.paidMinor }
    var credited: Int64 = 0
    for (entryID, valueDate, unallocated) in payments {
      let counts = calendar.nextBusinessDay(after: valueDate)
      guard counts <= date else { continue }
      var left = unallocated
      while left > 0, let invoice = invoices.first {
        let share = min(left, invoice.amountMinor - invoice.paidMinor)
        let creditedOn = max(counts, invoice.issuedOn)
        try await connection.query(
          """
          INSERT INTO invoice_allocations (invoice_id, entry_id, amount_minor, credited_on) VALUES (\(invoice.id), \(entryID), \(share), \(creditedOn))
          """, logger: self.logger)
        let paid = invoice.paidMinor + share
        try await connection.query(
          """
          UPDATE invoices SET paid_minor = \(paid), paid_on = CASE WHEN \(paid) >= \(invoice.amountMinor) THEN \(creditedOn) ELSE NULL END
          WHERE id = \(invoice.id)
          """, logger: self.logger)
        if invoice.kind == .prepayment {
          try await self.issueAct(
            for: invoice, amount: share, payment: entryID, on: creditedOn, account: account, on: connection)
        }
        left -= share
        credited += 1
        invoices.removeFirst()
        if paid < invoice.amountMinor {
          var rest = invoice
          rest.paidMinor = paid
          invoices.insert(rest, at: 0)
        }
      }
      // Used up (or, were it ever so, allocated beyond its amount): nothing left to credit.
      if left <= 0 {
        try await connection.query("DELETE FROM payments_to_credit WHERE entry_id = \(entryID)", logger: self.logger)
      }
    }
    return (credited, invoices)
  }

  func openInvoices(of account: UUID, on connection: PostgresConnection) async throws -> [OpenInvoice] {
    try await connection.query(
      PerAccountQueries.openInvoices(of: account), logger: self.logger
    ).decode((Int64, String, Int64, Int64, CalendarDate, CalendarDate?, OpenInvoice.Kind).self).collect().map {
      OpenInvoice(id: $0.0, number: $0.1, amountMinor: $0.2, paidMinor: $0.3, issuedOn: $0.4, dueOn: $0.5, kind: $0.6)
    }
  }

  /// Records that `step` happened for `invoice`; false if it already had.
  func recordStep(_ step: String, of invoice: OpenInvoice, on date: CalendarDate, on connection: PostgresConnection)
    async throws -> Bool
  {
    try await !connection.query(
      """
      INSERT INTO collection_steps (invoice_id, step, on_date) VALUES (\(invoice.id), \(step), \(date))
      ON CONFLICT DO NOTHING RETURNING 1
      """, logger: self.logger
    ).decode(Int.self).collect().isEmpty
  }

  /// The reminder: an e-mail to the customer and an event on the feed (the cabinet's in-app
  /// notification), both in this transaction.
  func remind(
    _ invoice: OpenInvoice, businessDay: Int, account: AccountRow, email: String, name: String,
    on connection: PostgresConnection
  ) async throws {
    let outstanding = Money.decimal(invoice.amountMinor - invoice.paidMinor, currency: account.currency)
    let event = InvoiceReminderEvent(
      invoiceNumber: invoice.number, accountNumber: account.number,
      customerID: account.customerID.uuidString.lowercased(),
      businessDay: Int32(businessDay), dueOn: invoice.dueOn ?? invoice.issuedOn, outstanding: outstanding)
    try await EventOutbox.append(
      [OutboxEvent(BillingEvents.invoiceReminder, key: account.number, message: event)], on: connection, at: self.now,
      logger: self.logger)
    guard !email.isEmpty else { return }
    let mail = BillingMails.invoiceReminder(
      customerName: name, invoiceNumber: invoice.number, accountNumber: account.number,
      outstanding: "\(outstanding) \(account.currency)",
      dueOn: invoice.dueOn ?? invoice.issuedOn)
    try await self.queueMail(
      mail, to: email, name: name, dedupeKey: "billing.reminder:\(invoice.number):\(businessDay)", on: connection)
  }
}
