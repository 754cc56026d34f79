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

/// A line of a document: its description, amount (with VAT) in minor units, and VAT rate — the
/// invoice line's, in force on the invoice's date of supply.
struct DocumentLine: Sendable, Hashable {
  var description: String
  var amountMinor: Int64
  var vatRate: VatRate
}

extension Billing {
  func getCorrection(_ request: CorrectionRequest, caller: Caller) async throws -> Correction {
    try await self.database.withConnection { connection in
      try await self.correction(request.number, caller: caller, with: BillingPermission.invoicesRead, on: connection)
        .message
    }
  }

  func listCorrections(_ request: ListCorrectionsRequest, caller: Caller) async throws -> ListCorrectionsReply {
    let page = try Self.pages.page(of: request.page, by: PageKeyPair<CalendarDate, Int64>.self)
    let after = page.after
    let rows = try await self.database.withConnection { connection in
      let account = try self.visible(
        try await self.account(.number(request.accountNumber), on: connection), to: caller,
        with: BillingPermission.invoicesRead)
      let rows = try await connection.query(
        """
        SELECT \(unescaped: CorrectionRow.columns) FROM \(unescaped: CorrectionRow.from)
        WHERE k.account_id = \(account.id) AND (\(request.includeDeleted) OR k.status <> 'deleted')
          AND (\(request.from)::date IS NULL OR k.issued_on >= \(request.from)) AND (\(request.to)::date IS NULL OR k.issued_on <= \(request.to))
          AND (\(after?.first)::date IS NULL OR (k.issued_on, k.id) < (\(after?.first), \(after?.second)))
        ORDER BY k.issued_on DESC, k.id DESC LIMIT \(page.limit)
        """, logger: self.logger
      ).decode(CorrectionRow.Row.self).collect().map(CorrectionRow.init)
      let (shown, next) = page.cut(rows) { PageKeyPair($0.issuedOn, $0.id) }
      return (try await self.withDetails(Array(shown), on: connection), next)
    }
    return ListCorrectionsReply(corrections: rows.0.map(\.message), nextPageToken: rows.1)
  }

  /// One correction by number with lines and write-offs, if `caller` may see it with `permission`;
  /// `lock` locks the row until the transaction ends.
  func correction(
    _ number: String, caller: Caller, with permission: Permission, lock: Bool = false, on connection: PostgresConnection
  ) async throws -> CorrectionRow {
    let rows = try await connection.query(
      """
      SELECT \(unescaped: CorrectionRow.columns) FROM \(unescaped: CorrectionRow.from) WHERE k.number = \(number)\(unescaped: lock ? " FOR UPDATE OF k" : "")
      """, logger: self.logger
    ).decode(CorrectionRow.Row.self).collect().map(CorrectionRow.init)
    var account: AccountRow?
    if let row = rows.first { account = try await self.account(.id(row.accountID), on: connection) }
    _ = try self.visible(
      account, organization: \.organizationID, notFound: .correctionNotFound, to: caller, with: permission)
    guard let row = rows.first, let detailed = try await self.withDetails([row], on: connection).first else {
      throw BillingError.correctionNotFound
    }
    return detailed
  }

  /// Fills in lines, write-offs and totals.
  func withDetails(_ corrections: [CorrectionRow], on connection: PostgresConnection) async throws -> [CorrectionRow] {
    let ids = corrections.map(\.id)
    let lines = try await connection.query(
      """
      SELECT correction_id, service_code, description, before_minor, after_minor, vat_rate_hundredths FROM correction_lines
      WHERE correction_id = ANY(\(ids)) ORDER BY correction_id, service_code
      """, logger: self.logger
    ).decode((Int64, String, String, Int64, Int64, Int32).self).collect()
    let writeOffs = try await connection.query(
      """
      SELECT w.correction_id, w.line_service_code, e.id, e.service_code, e.amount_minor,
             EXISTS (SELECT 1 FROM ledger_entries r WHERE r.reverses_entry_id = e.id)
      FROM correction_write_offs w JOIN ledger_entries e ON e.id = w.entry_id
      WHERE w.correction_id = ANY(\(ids)) ORDER BY e.id
      """, logger: self.logger
    ).decode((Int64, String, Int64, String, Int64, Bool).self).collect()
    let linesByCorrection = Dictionary(grouping: lines, by: \.0)
    let writeOffsByCorrection = Dictionary(grouping: writeOffs, by: \.0)
    return try corrections.map { row in
      var row = row
      let currency = row.currency
      let own = writeOffsByCorrection[row.id] ?? []
      // A write-off is shown with the difference's sign: the ledger entry has the opposite one.
      row.message.writeOffs = own.map {
        CorrectionWriteOff(
          lineServiceCode: $0.1, entryID: $0.2, serviceCode: $0.3, amount: Money.decimal(-$0.4, currency: currency),
          reversed: $0.5)
      }
      let items = linesByCorrection[row.id] ?? []
      // Before and after are gross amounts at the corrected line's rate; the VAT is read out of
      // each, and the difference is after − before amount by amount, so it adds up too.
      let vat = try items.map { line in
        let rate = VatRate(column: line.5)
        let before = VatLine.included(in: line.3, rate: rate)
        let after = VatLine.included(in: line.4, rate: rate)
        guard let difference = after.minus(before) else {
          throw BillingError.totalOutOfRange("The difference of correction \(row.number)")
        }
        return (before: before, after: after, difference: difference)
      }
      row.message.lines = zip(items, vat).map { line, vat in
        let writtenOff = own.filter { $0.1 == line.1 && !$0.5 }.reduce(0) { $0 - $1.4 }
        return CorrectionItem(
          serviceCode: line.1, description: line.2, before: Money.decimal(line.3, currency: currency),
          after: Money.decimal(line.4, currency: currency),
          difference: Money.decimal(line.4 - line.3, currency: currency),
          writtenOff: Money.decimal(writtenOff, currency: currency), vatRate: vat.before.rate.percent,
          netBefore: Money.decimal(vat.before.net, currency: currency),
          vatBefore: Money.decimal(vat.before.vat, currency: currency),
          netAfter: Money.decimal(vat.after.net, currency: currency),
          vatAfter: Money.decimal(vat.after.vat, currency: currency),
          netDifference: Money.decimal(vat.difference.net, currency: currency),
          vatDifference: Money.decimal(vat.difference.vat, currency: currency))
      }
      guard let ratesBefore = VatLine.totalsByRate(vat.map { $0.before }),
        let ratesAfter = VatLine.totalsByRate(vat.map { $0.after }),
        let ratesDifference = VatLine.totalsByRate(vat.map { $0.difference }),
        let beforeSum = VatLine.grandTotal(ratesBefore),
        let afterSum = VatLine.grandTotal(ratesAfter), let differenceSum = VatLine.grandTotal(ratesDifference)
      else { throw BillingError.totalOutOfRange("The VAT totals of correction \(row.number)") }
      row.vatSums = (beforeSum, afterSum, differenceSum)
      row.message.vatTotalsBefore = ratesBefore.map { $0.total(currency: currency) }
      row.message.vatTotalsAfter = ratesAfter.map { $0.total(currency: currency) }
      row.message.vatTotalsDifference = ratesDifference.map { $0.total(currency: currency) }
      let before = items.reduce(0) { $0 + $1.3 }
      let after = items.reduce(0) { $0 + $1.4 }
      row.message.totalBefore = Money.decimal(before, currency: currency)
      row.message.totalAfter = Money.decimal(after, currency: currency)
      row.message.difference = Money.decimal(after - before, currency: currency)
      return row
    }
  }

  /// The lines of a document in a correction chain: the invoice's, with the amounts of every live
  /// correction up to `correction` (the whole chain when nil) laid over them in order.
  func documentLines(invoice: Int64, upTo correction: Int64?, on connection: PostgresConnection) async throws
    -> [String: DocumentLine]
  {
    var lines: [String: DocumentLine] = [:]
    for (service, description, amount, rate) in try await connection.query(
      "SELECT service_code, description, amount_minor, vat_rate_hundredths FROM invoice_lines WHERE invoice_id = \(invoice)",
      logger: self.logger
    ).decode((String, String, Int64, Int32).self).collect() {
      lines[service, default: DocumentLine(description: description, amountMinor: 0, vatRate: VatRate(column: rate))]
        .amountMinor += amount
    }
    let changes = try await connection.query(
      """
      SELECT l.service_code, l.after_minor FROM correction_lines l JOIN corrections k ON k.id = l.correction_id
      WHERE k.invoice_id = \(invoice) AND k.status <> 'deleted' AND (\(correction)::bigint IS NULL OR k.id <= \(correction))
      ORDER BY k.id
      """, logger: self.logger
    ).decode((String, Int64).self).collect()
    for (service, after) in changes { lines[service]?.amountMinor = after }
    return lines
  }
}
