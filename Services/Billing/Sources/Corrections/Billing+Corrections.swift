import BillingAPI
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

/// Corrections (УКД, credit and debit notes), seed 003. A correction gives some lines of an
/// invoice new amounts. Documents form a chain — the invoice, its correction, that one's
/// correction — and only the latest link may be corrected. The difference reaches the ledger as
/// write-offs (`correction` entries): posted by Billing, or, with «do not create write-off»,
/// by staff per product and linked to the line. A draft can be amended or deleted, which
/// reverses its write-offs (ledger entries are never removed); once sent it is frozen.
extension Billing {
  func createCorrection(_ request: CreateCorrectionRequest, caller: Caller) async throws -> Correction {
    try Self.checkCorrection(reason: request.reason, lines: request.lines)
    return try await self.database.transaction { connection in
      let target = try await self.correctionTarget(request.correctedNumber, caller: caller, on: connection)
      let before = try await self.documentLines(invoice: target.invoiceID, upTo: target.correctionID, on: connection)
      let changes = try self.changedLines(request.lines, of: before, currency: target.account.currency)
      let number = try await self.nextNumber(in: self.settings.correctionSeries, on: connection)
      let id = try await connection.query(
        """
        INSERT INTO corrections (number, account_id, invoice_id, corrects_id, status, manual_write_offs, reason, issued_on, created_by, created_at)
        VALUES (\(number), \(target.account.id), \(target.invoiceID), \(target.correctionID), 'draft', \(request.manualWriteOffs),
                \(request.reason.trimmingWhitespace), \(self.today), \(caller.userID), \(self.now))
        RETURNING id
        """, logger: self.logger
      ).decode(Int64.self).collect()[0]
      try await self.storeLines(changes, of: id, on: connection)
      let created = try await self.correction(
        number, caller: caller, with: BillingPermission.invoicesCorrect, on: connection)
      if !request.manualWriteOffs { try await self.postAutomaticWriteOffs(of: created, caller: caller, on: connection) }
      return try await self.correction(number, caller: caller, with: BillingPermission.invoicesCorrect, on: connection)
        .message
    }
  }

  func amendCorrection(_ request: AmendCorrectionRequest, caller: Caller) async throws -> Correction {
    try Self.checkCorrection(reason: request.reason, lines: request.lines)
    return try await self.database.transaction { connection in
      let correction = try await self.changeableCorrection(request.number, caller: caller, on: connection)
      let before = try await self.documentLines(
        invoice: correction.invoiceID, upTo: correction.correctsID, on: connection)
      let changes = try self.changedLines(request.lines, of: before, currency: correction.currency)
      try await self.reverseWriteOffs(
        of: correction, purpose: "Изменение корректировки \(correction.number)", caller: caller, on: connection)
      try await connection.query(
        "DELETE FROM correction_lines WHERE correction_id = \(correction.id)", logger: self.logger)
      try await self.storeLines(changes, of: correction.id, on: connection)
      try await connection.query(
        """
        UPDATE corrections SET revision = revision + 1, reason = \(request.reason.trimmingWhitespace) WHERE id = \(correction.id)
        """, logger: self.logger)
      let amended = try await self.correction(
        correction.number, caller: caller, with: BillingPermission.invoicesCorrect, on: connection)
      if !amended.manualWriteOffs { try await self.postAutomaticWriteOffs(of: amended, caller: caller, on: connection) }
      return try await self.correction(
        correction.number, caller: caller, with: BillingPermission.invoicesCorrect, on: connection
      ).message
    }
  }

  func deleteCorrection(_ request: CorrectionRequest, caller: Caller) async throws -> Correction {
    try await self.database.transaction { connection in
      let correction = try await self.changeableCorrection(request.number, caller: caller, on: connection)
      try await self.reverseWriteOffs(
        of: correction, purpose: "Удаление корректировки \(correction.number)", caller: caller, on: connection)
      try await connection.query(
        "UPDATE corrections SET status = 'deleted', deleted_at = \(self.now) WHERE id = \(correction.id)",
        logger: self.logger)
      return try await self.correction(
        correction.number, caller: caller, with: BillingPermission.invoicesCorrect, on: connection
      ).message
    }
  }

  /// A staff write-off for a line of a «do not create write-off» correction: a share of the
  /// line's difference, with its sign, posted to any product. The shares may not exceed it.
  func postCorrectionWriteOff(_ request: PostCorrectionWriteOffRequest, caller: Caller) async throws -> Correction {
    var checks = FieldChecks()
    checks.idempotencyKey(request.idempotencyKey)
    checks.text(request.serviceCode, field: "serviceCode", name: "The service code", maximum: 64)
    try checks.check()
    return try await self.database.transaction { connection in
      let correction = try await self.correction(
        request.number, caller: caller, with: BillingPermission.invoicesCorrect, lock: true, on: connection)
      let key = "correction-write-off:\(correction.number):\(request.idempotencyKey)"
      if let earlier = try await self.entry(
        idempotencyKey: key, scope: self.idempotencyScope(of: caller), on: connection)
      {
        // A retry: the same write-off again answers with the correction; another one is refused.
        let fingerprint = [request.lineServiceCode, request.serviceCode, (-earlier.message.amount.units).description]
          .joined(separator: "|")
        let asked = [
          request.lineServiceCode, request.serviceCode,
          (Money.minorUnits(request.amount, currency: correction.currency) ?? 0).description,
        ]
        guard fingerprint == asked.joined(separator: "|") else { throw BillingError.idempotencyKeyReused }
        return correction.message
      }
      try self.checkChangeable(correction)
      guard correction.manualWriteOffs else { throw BillingError.writeOffsAutomatic }
      var checks = FieldChecks()
      let line = correction.message.lines.first { $0.serviceCode == request.lineServiceCode }
      if line == nil {
        checks.add(
          "lineServiceCode", "LINE_NOT_CORRECTED", "The correction has no line for \(request.lineServiceCode).")
      }
      let amount =
        checks.money(
          request.amount, currency: correction.currency, limits: self.settings.amountLimits, field: "amount", sign: .any
        ) ?? 0
      if amount == 0, checks.violations.isEmpty {
        checks.add("amount", "AMOUNT_INVALID", "A write-off is a non-zero amount in whole minor units.")
      }
      if let line, amount != 0 {
        let difference = Money.minorUnits(line.difference, currency: correction.currency) ?? 0
        let done = Money.minorUnits(line.writtenOff, currency: correction.currency) ?? 0
        // All three are within the amount bound (line amounts are sums of bounded entries), so
        // the sum and magnitudes cannot overflow.
        if (amount < 0) != (difference < 0) || (done + amount).magnitude > difference.magnitude {
          checks.add(
            "amount", "WRITE_OFF_EXCEEDS_LINE",
            "The line's difference is \(line.difference) and \(line.writtenOff) is written off; \(request.amount) does not fit in what is left."
          )
        }
      }
      try checks.check()
      try await self.postWriteOff(
        amount, line: request.lineServiceCode, to: request.serviceCode, of: correction, key: key,
        scope: self.idempotencyScope(of: caller),
        caller: caller, on: connection)
      return try await self.correction(
        correction.number, caller: caller, with: BillingPermission.invoicesCorrect, on: connection
      ).message
    }
  }

  /// Marks the correction sent (frozen from now on) and e-mails it to the customer with its PDF.
  func sendCorrection(_ request: CorrectionRequest, caller: Caller) async throws -> Correction {
    let fonts = try self.documentFonts()
    return try await self.database.transaction { connection in
      let correction = try await self.changeableCorrection(request.number, caller: caller, on: connection)
      if correction.manualWriteOffs, correction.message.lines.contains(where: { $0.writtenOff != $0.difference }) {
        throw BillingError.writeOffsIncomplete
      }
      try await connection.query(
        "UPDATE corrections SET status = 'sent', sent_at = \(self.now) WHERE id = \(correction.id)", logger: self.logger
      )
      let sent = try await self.correction(
        correction.number, caller: caller, with: BillingPermission.invoicesCorrect, on: connection)
      let pdf = try await self.correctionDocument(sent, fonts: fonts, on: connection)
      guard let account = try await self.account(.id(sent.accountID), on: connection) else {
        throw BillingError.accountNotFound
      }
      try await self.mailCustomer(
        of: account, dedupeKey: "billing.correction:\(sent.number)", attachments: [pdf], on: connection
      ) { name in
        BillingMails.correction(
          customerName: name, number: sent.number, corrected: sent.correctedNumber,
          difference: "\(sent.message.difference) \(sent.currency)")
      }
      return sent.message
    }
  }

  // MARK: - Steps

  /// The document `number` names — an invoice, or a correction — locked for the change, if it may
  /// be corrected: not corrected already and not deleted.
  func correctionTarget(
    _ number: String, caller: Caller, on connection: PostgresConnection
  ) async throws -> (invoiceID: Int64, correctionID: Int64?, account: AccountRow) {
    let invoices = try await connection.query(
      "SELECT id, account_id FROM invoices WHERE number = \(number) FOR UPDATE", logger: self.logger
    ).decode((Int64, UUID).self).collect()
    if let (invoiceID, accountID) = invoices.first {
      let account = try self.visible(
        try await self.account(.id(accountID), on: connection), to: caller, with: BillingPermission.invoicesCorrect)
      if let latest = try await self.latestCorrection(of: invoiceID, on: connection) {
        throw BillingError.alreadyCorrected(number, by: latest)
      }
      let lines = try await connection.query(
        "SELECT count(*) FROM invoice_lines WHERE invoice_id = \(invoiceID)", logger: self.logger
      )
      .decode(Int64.self).collect()[0]
      guard lines > 0 else { throw BillingError.invoiceWithoutLines }
      return (invoiceID, nil, account)
    }
    let correction = try await self.correction(
      number, caller: caller, with: BillingPermission.invoicesCorrect, on: connection)
    // The invoice row is the chain's lock: one change to a chain at a time.
    try await connection.query(
      "SELECT 1 FROM invoices WHERE id = \(correction.invoiceID) FOR UPDATE", logger: self.logger)
    guard correction.status != .deleted else { throw BillingError.correctionDeleted }
    if let latest = try await self.latestCorrection(of: correction.invoiceID, on: connection),
      latest != correction.number
    {
      throw BillingError.alreadyCorrected(number, by: latest)
    }
    guard let account = try await self.account(.id(correction.accountID), on: connection) else {
      throw BillingError.accountNotFound
    }
    return (correction.invoiceID, correction.id, account)
  }

  func latestCorrection(of invoice: Int64, on connection: PostgresConnection) async throws -> String? {
    try await connection.query(
      """
      SELECT number FROM corrections WHERE invoice_id = \(invoice) AND status <> 'deleted' ORDER BY id DESC LIMIT 1
      """, logger: self.logger
    ).decode(String.self).collect().first
  }

  /// A correction that may still change: a draft nobody has corrected since.
  func changeableCorrection(_ number: String, caller: Caller, on connection: PostgresConnection) async throws
    -> CorrectionRow
  {
    let correction = try await self.correction(
      number, caller: caller, with: BillingPermission.invoicesCorrect, lock: true, on: connection)
    try self.checkChangeable(correction)
    return correction
  }

  func checkChangeable(_ correction: CorrectionRow) throws {
    switch correction.status {
    case .sent: throw BillingError.correctionSent(correction.number)
    case .deleted: throw BillingError.correctionDeleted
    case .draft: break
    }
    if !correction.successor.isEmpty {
      throw BillingError.alreadyCorrected(correction.number, by: correction.successor)
    }
  }

  /// What a correction's request must satisfy before any lookup.
  static func checkCorrection(reason: String, lines: [CorrectionLineChange]) throws {
    var checks = FieldChecks()
    checks.text(reason, field: "reason", name: "The reason", maximum: 500, required: false)
    if lines.isEmpty { checks.add("lines", "REQUIRED", "Name at least one line to correct.") }
    if Set(lines.map(\.serviceCode)).count != lines.count {
      checks.add("lines", "LINE_REPEATED", "Each line may be corrected once per document.")
    }
    try checks.check()
  }

  /// The requested lines with their amounts before, checked against the document's lines.
  func changedLines(
    _ requested: [CorrectionLineChange], of document: [String: DocumentLine], currency: String
  ) throws -> [CorrectionChange] {
    var checks = FieldChecks()
    var changes: [CorrectionChange] = []
    for (index, change) in requested.enumerated() {
      guard let line = document[change.serviceCode] else {
        checks.add(
          "lines[\(index)].serviceCode", "LINE_NOT_FOUND", "The document has no line for \(change.serviceCode).")
        continue
      }
      guard
        let after = checks.money(
          change.amount, currency: currency, limits: self.settings.amountLimits, field: "lines[\(index)].amount",
          sign: .zeroOrMore)
      else { continue }
      if after == line.amountMinor {
        checks.add("lines[\(index)].amount", "AMOUNT_UNCHANGED", "The new amount equals the current one.")
      }
      changes.append(
        CorrectionChange(
          service: change.serviceCode, description: line.description, before: line.amountMinor, after: after,
          vatRate: line.vatRate))
    }
    try checks.check()
    return changes
  }

  func storeLines(
    _ changes: [CorrectionChange], of correction: Int64, on connection: PostgresConnection
  ) async throws {
    for change in changes {
      try await connection.query(
        """
        INSERT INTO correction_lines (correction_id, service_code, description, before_minor, after_minor, vat_rate_hundredths)
        VALUES (\(correction), \(change.service), \(change.description), \(change.before), \(change.after), \(Int32(change.vatRate.hundredths)))
        """, logger: self.logger)
    }
  }

  /// One write-off per changed line, for the whole difference, to the line's own product.
  func postAutomaticWriteOffs(of correction: CorrectionRow, caller: Caller, on connection: PostgresConnection)
    async throws
  {
    for line in correction.message.lines {
      guard let difference = Money.minorUnits(line.difference, currency: correction.currency), difference != 0 else {
        continue
      }
      try await self.postWriteOff(
        difference, line: line.serviceCode, to: line.serviceCode, of: correction,
        key: "correction:\(correction.number):r\(correction.revision):\(line.serviceCode)", caller: caller,
        on: connection)
    }
  }

  /// Posts `amount` (with the difference's sign) as a `correction` entry of the opposite sign —
  /// a line that grew charges more — and links it to the line.
  func postWriteOff(
    _ amount: Int64, line: String, to serviceCode: String, of correction: CorrectionRow, key: String,
    scope: String = Billing.systemScope,
    caller: Caller, on connection: PostgresConnection
  ) async throws {
    let posted = try await self.post(
      NewEntry(
        idempotencyKey: key, idempotencyScope: scope, account: .id(correction.accountID), kind: .correction,
        amount: Money.decimal(abs(amount), currency: correction.currency), date: self.today, serviceCode: serviceCode,
        purpose: "Корректировка \(correction.number) к \(correction.correctedNumber)", debit: amount > 0,
        source: "correction",
        actor: caller.userID),
      permission: BillingPermission.invoicesCorrect, caller: caller, on: connection)
    try await connection.query(
      """
      INSERT INTO correction_write_offs (correction_id, line_service_code, entry_id) VALUES (\(correction.id), \(line), \(posted.entry.id))
      ON CONFLICT DO NOTHING
      """, logger: self.logger)
  }

  /// Reverses every write-off of `correction` not reversed yet.
  func reverseWriteOffs(
    of correction: CorrectionRow, purpose: String, caller: Caller, on connection: PostgresConnection
  ) async throws {
    for writeOff in correction.message.writeOffs where !writeOff.reversed {
      guard let amount = Money.minorUnits(writeOff.amount, currency: correction.currency) else { continue }
      _ = try await self.post(
        NewEntry(
          idempotencyKey: "correction-reversal:\(writeOff.entryID)", account: .id(correction.accountID),
          kind: .reversal,
          amount: Money.decimal(abs(amount), currency: correction.currency), date: self.today,
          serviceCode: writeOff.serviceCode,
          purpose: purpose, reverses: writeOff.entryID, debit: amount < 0, source: "correction", actor: caller.userID),
        permission: BillingPermission.invoicesCorrect, caller: caller, on: connection)
    }
  }
}

/// One line a correction changes: its amounts (with VAT) before and after, and the corrected
/// line's VAT rate, which the correction keeps.
struct CorrectionChange: Sendable, Hashable {
  let service: String
  let description: String
  let before: Int64
  let after: Int64
  let vatRate: VatRate
}
