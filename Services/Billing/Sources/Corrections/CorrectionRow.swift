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

/// A corrections row with what its message needs, as selected by ``columns`` (alias `k`).
struct CorrectionRow: Sendable {
  static let columns = """
    k.id, k.number, k.account_id, k.invoice_id, i.number, k.corrects_id, COALESCE(p.number, i.number), k.status, k.manual_write_offs,
    k.reason, k.revision, k.issued_on, k.sent_at, a.currency, a.number,
    COALESCE((SELECT n.number FROM corrections n WHERE n.corrects_id = k.id AND n.status <> 'deleted'), '')
    """
  static let from = """
    corrections k JOIN invoices i ON i.id = k.invoice_id JOIN accounts a ON a.id = k.account_id LEFT JOIN corrections p ON p.id = k.corrects_id
    """
  typealias Row = (
    Int64, String, UUID, Int64, String, Int64?, String, Status, Bool, String, Int32, CalendarDate, UTCTimestamp?,
    String, String, String
  )

  let id: Int64
  let number: String
  let accountID: UUID
  let invoiceID: Int64
  let correctsID: Int64?
  let correctedNumber: String
  let status: Status
  let manualWriteOffs: Bool
  let revision: Int32
  let issuedOn: CalendarDate
  let currency: String
  let successor: String
  var message: Correction
  /// Before, after and difference summed over every line (all rates), filled with the lines.
  var vatSums: (before: VatSum, after: VatSum, difference: VatSum) = ((0, 0, 0), (0, 0, 0), (0, 0, 0))

  init(_ row: Row) {
    let (
      id, number, accountID, invoiceID, invoiceNumber, correctsID, corrected, status, manual, reason, revision, issued,
      sent, currency, account, successor
    ) = row
    (self.id, self.number, self.accountID, self.invoiceID, self.correctsID, self.correctedNumber) = (
      id, number, accountID, invoiceID, correctsID, corrected
    )
    (self.status, self.manualWriteOffs, self.revision, self.issuedOn, self.currency, self.successor) = (
      status, manual, revision, issued, currency, successor
    )
    self.message = Correction(
      number: number, accountNumber: account, invoiceNumber: invoiceNumber, correctedNumber: corrected, date: issued,
      status: status.message, manualWriteOffs: manual,
      reason: reason, lines: [],
      writeOffs: [], totalBefore: .zero, totalAfter: .zero, difference: .zero, currency: currency, sentAt: sent,
      correctedBy: successor)
  }
}

extension CorrectionRow {
  /// `corrections.status` as stored.
  enum Status: String, PostgresCodable, Sendable {
    case draft, sent, deleted

    var message: CorrectionStatus {
      switch self {
      case .draft: .draft
      case .sent: .sent
      case .deleted: .deleted
      }
    }
  }
}
