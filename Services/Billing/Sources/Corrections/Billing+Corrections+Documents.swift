import BillingAPI
import BillingDocuments
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

extension Billing {
  func correctionPDF(_ request: CorrectionRequest, caller: Caller) async throws -> Document {
    let fonts = try self.documentFonts()
    return try await self.database.withConnection { connection in
      let correction = try await self.correction(
        request.number, caller: caller, with: BillingPermission.invoicesRead, on: connection)
      return try await self.correctionDocument(correction, fonts: fonts, on: connection)
    }
  }

  /// The correction as a PDF: before, after and difference per line, naming the corrected document.
  func correctionDocument(_ correction: CorrectionRow, fonts: DocumentFonts, on connection: PostgresConnection)
    async throws -> Document
  {
    guard let account = try await self.account(.id(correction.accountID), on: connection) else {
      throw BillingError.accountNotFound
    }
    let correctedDate = try await connection.query(
      """
      SELECT COALESCE((SELECT issued_on FROM corrections WHERE id = \(correction.correctsID)), (SELECT issued_on FROM invoices WHERE id = \(correction.invoiceID)))
      """, logger: self.logger
    ).decode(CalendarDate.self).collect()[0]
    let message = correction.message
    let sheet = CorrectionSheet(
      seller: self.documentSeller, customer: try await self.documentCustomer(of: account, on: connection),
      number: message.number,
      date: try Self.documentDate(message.date), correctedNumber: message.correctedNumber,
      correctedDate: try Self.documentDate(correctedDate),
      reason: message.reason.isEmpty ? nil : message.reason,
      lines: message.lines.map {
        CorrectionLine(
          description: $0.description,
          before: Self.documentVat(rate: $0.vatRate, net: $0.netBefore, vat: $0.vatBefore, gross: $0.before),
          after: Self.documentVat(rate: $0.vatRate, net: $0.netAfter, vat: $0.vatAfter, gross: $0.after),
          difference: Self.documentVat(
            rate: nil, net: $0.netDifference, vat: $0.vatDifference, gross: $0.difference, signed: true))
      },
      totalsByRate: zip(message.vatTotalsBefore, zip(message.vatTotalsAfter, message.vatTotalsDifference)).map {
        before, rest in
        CorrectionLine(
          description: "Итого по ставке \(VatRate(percent: before.rate)?.label ?? "\(before.rate) %")",
          before: Self.documentVat(before),
          after: Self.documentVat(rest.0), difference: Self.documentVat(rest.1, signed: true))
      },
      total: CorrectionLine(
        description: "Итого", before: self.documentVat(correction.vatSums.before, currency: message.currency),
        after: self.documentVat(correction.vatSums.after, currency: message.currency),
        difference: self.documentVat(correction.vatSums.difference, currency: message.currency, signed: true)),
      currencyCode: message.currency)
    do {
      return Document(
        fileName: "\(message.number).pdf", mediaType: "application/pdf", content: Data(try sheet.render(fonts: fonts)))
    } catch {
      self.logger.error("correction PDF failed", metadata: ["correction": "\(message.number)", "error": "\(error)"])
      throw BillingError.documentsUnavailable
    }
  }
}

extension Money {
  /// A difference as documents print it: `+1 000,00`, `−250,50`, `0,00`.
  static func signedRussian(_ amount: ExactDecimal) -> String {
    amount.units > 0 ? "+" + Self.russian(amount) : Self.russian(amount)
  }
}
