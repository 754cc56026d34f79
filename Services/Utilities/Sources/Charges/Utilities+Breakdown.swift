import BillingDocuments
import Mail
import PostgresNIO
import RPC
import Storage
import UtilitiesAPI
import UtilitiesRules
import WireCodec

#if canImport(FoundationEssentials)
  import FoundationEssentials
#else
  import Foundation
#endif

/// The fonts documents are set in, read once at start (a missing font fails the boot, not the
/// first breakdown).
struct DocumentRenderer: Sendable {
  let fonts: DocumentFonts
}

extension Utilities {
  /// «Расшифровка начислений»: per account of the contract its water row then its sewer row,
  /// as the seed lays them out, and the total. A month not closed yet has no rows.
  func chargeBreakdown(_ request: ChargeBreakdownRequest, caller: Caller) async throws -> ChargeBreakdown {
    try caller.require(UtilitiesPermission.chargesRead)
    let month = try self.month(of: request)
    return try await self.database.withConnection { connection in
      let contract = try await self.visibleContract(request.contractNumber, caller: caller, on: connection)
      return try await self.breakdown(of: contract, month: month, on: connection)
    }
  }

  /// The breakdown of `contract` for `month`, whoever asks (the caller was checked already).
  func breakdown(of contract: ContractRow, month: BillingMonth, on connection: PostgresConnection) async throws
    -> ChargeBreakdown
  {
    let period = CalendarDate(year: month.year, month: month.month, day: 1) ?? self.today
    let rows = try await connection.query(
      """
      SELECT mc.account_number, mc.service, mc.recipient, mc.tariff_group, mc.litres, mc.price_minor, mc.vat_hundredths,
        mc.net_minor, mc.vat_minor, mc.gross_minor, mc.estimated
      FROM month_charges mc JOIN utility_accounts a ON a.number = mc.account_number
      WHERE a.customer_id = \(contract.customerID) AND mc.period = \(period)
      ORDER BY mc.account_number, mc.service DESC
      """, logger: self.logger
    ).decode((String, String, String, Int32, Int64, Int64, Int64, Int64, Int64, Int64, Bool).self).collect()
    var breakdown = ChargeBreakdown(
      year: Int32(month.year), month: Int32(month.month), monthName: month.russianName,
      contractNumber: contract.number, payer: contract.payer, closed: !rows.isEmpty)
    var position: Int32 = 0
    var previous = ""
    var total: Int64 = 0
    for row in rows {
      let first = row.0 != previous
      if first { position += 1 }
      previous = row.0
      total += row.9
      breakdown.rows.append(
        BreakdownRow(
          position: first ? position : 0, accountNumber: first ? row.0 : "", recipient: row.2,
          tariffGroup: first ? row.3 : 0, service: UtilityService(column: row.1),
          cubicMetres: ExactDecimal(units: row.4, scale: 3).normalized, tariff: Tenge.decimal(row.5).normalized,
          vatPercent: first ? ExactDecimal(units: row.6, scale: 2).normalized : ExactDecimal(units: 0, scale: 0),
          sum: Tenge.decimal(row.9).normalized, net: Tenge.decimal(row.7), vat: Tenge.decimal(row.8),
          estimated: row.10))
    }
    breakdown.total = Tenge.decimal(total).normalized
    return breakdown
  }

  func chargeBreakdownPDF(_ request: ChargeBreakdownRequest, caller: Caller) async throws -> UtilitiesDocument {
    let breakdown = try await self.chargeBreakdown(request, caller: caller)
    return UtilitiesDocument(
      fileName: "breakdown-\(breakdown.contractNumber)-\(breakdown.year)-\(breakdown.month).pdf",
      mediaType: "application/pdf", content: Data(try self.breakdownPDF(breakdown)))
  }

  /// «Отправить отчет на почту»: the PDF to the given address, or the contract's notice address.
  func sendChargeBreakdown(_ request: SendChargeBreakdownRequest, caller: Caller) async throws -> SendReply {
    let breakdown = try await self.chargeBreakdown(request.breakdown, caller: caller)
    let address = request.email.isEmpty ? try await self.noticeAddress(breakdown.contractNumber) : request.email
    guard MailAddress(address).isValid else {
      var checks = FieldChecks()
      checks.add("email", "EMAIL_INVALID", "«\(address)» is not an e-mail address.")
      try checks.check()
      return SendReply()
    }
    let pdf = try self.breakdownPDF(breakdown)
    try await self.database.transaction { connection in
      try await MailOutbox.enqueue(self.breakdownMail(breakdown, pdf: pdf, to: address, dedupe: nil), on: connection)
    }
    return SendReply(email: address)
  }

  func breakdownPDF(_ breakdown: ChargeBreakdown) throws -> [UInt8] {
    let sheet = ChargeBreakdownSheet(
      year: "\(breakdown.year)", monthName: breakdown.monthName, contractNumber: breakdown.contractNumber,
      payer: breakdown.payer,
      rows: breakdown.rows.map { row in
        [
          row.position == 0 ? "" : "\(row.position)", row.accountNumber, row.recipient,
          row.tariffGroup == 0 ? "" : "\(row.tariffGroup)", row.service.letter, "\(row.cubicMetres)", "\(row.tariff)",
          row.position == 0 ? "" : "\(row.vatPercent)", "\(row.sum)",
        ]
      }, total: "\(breakdown.total)", date: DocumentDate(self.today) ?? DocumentDate(year: 2026, month: 1, day: 1)!)
    do {
      return try sheet.render(fonts: self.documents.fonts)
    } catch {
      throw UtilitiesError.refused(reason: "DOCUMENT_FAILED", message: "The document could not be set: \(error).")
    }
  }

  func breakdownMail(_ breakdown: ChargeBreakdown, pdf: [UInt8], to address: String, dedupe: String?) -> Mail {
    Mail(
      to: [MailAddress(address, name: breakdown.payer)],
      subject:
        "Расшифровка начислений за \(breakdown.monthName) \(breakdown.year), договор №\(breakdown.contractNumber)",
      body: """
        Здравствуйте!

        Во вложении — расшифровка начислений по договору №\(breakdown.contractNumber) за \(breakdown.monthName) \(breakdown.year).
        Итого к оплате: \(breakdown.total) тг.

        Сообщение сгенерировано автоматически.
        """,
      dedupeKey: dedupe,
      attachments: [
        MailAttachment(
          filename: "breakdown-\(breakdown.contractNumber)-\(breakdown.year)-\(breakdown.month).pdf",
          contentType: "application/pdf", content: pdf)
      ])
  }

  /// The month a breakdown request names; the previous month when it names none.
  func month(of request: ChargeBreakdownRequest) throws -> BillingMonth {
    if request.month == 0 {
      let (year, month, _) = self.today.components
      guard let previous = BillingMonth.previous(toYear: year, month: month) else { throw UtilitiesError.monthNotEnded }
      return previous
    }
    guard let month = BillingMonth(year: Int(request.year), month: Int(request.month)) else {
      var checks = FieldChecks()
      checks.add("month", "MONTH_INVALID", "Give a year 2000–2100 and a month 1–12.")
      try checks.check()
      throw UtilitiesError.monthNotEnded
    }
    return month
  }
}

extension ExactDecimal {
  /// Without trailing fractional zeros: 197.02, 204.5, 0, 12.
  var normalized: ExactDecimal {
    var value = self
    while value.scale > 0 && value.units % 10 == 0 {
      value = ExactDecimal(units: value.units / 10, scale: value.scale - 1)
    }
    return value
  }
}
