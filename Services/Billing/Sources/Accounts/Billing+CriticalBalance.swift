import BillingAPI
import Logging
import PostgresNIO
import RPC
import Storage
import WireCodec

#if canImport(FoundationEssentials)
  import FoundationEssentials
#else
  import Foundation
#endif

/// Critical-balance notices, seed 003: when a debit leaves the balance at or below the account's
/// threshold, the customer is told — at most once per 5 days — and the latest invoice is attached
/// if no payment has arrived since it was issued. The posting only queues a job; the job, in its
/// own transaction, composes the mail, so postings stay cheap and a PDF failure costs no posting.
extension Billing {
  static let criticalBalanceJob = "billing.critical-balance"
  /// Days between two notices to one account.
  static let criticalNoticeInterval: Int32 = 5

  /// Called by every posting, in its transaction. A threshold of 0 (the default) means none.
  func checkCriticalBalance(account: AccountRow, after balance: Int64, debit: Bool, on connection: PostgresConnection)
    async throws
  {
    guard debit, account.criticalBalanceMinor != 0, balance <= account.criticalBalanceMinor else { return }
    try await JobQueue.enqueue(
      JobRequest(
        kind: Self.criticalBalanceJob, key: "\(account.id.uuidString.lowercased()):\(self.today)", runAt: self.now),
      on: connection,
      logger: self.logger)
  }

  func runCriticalBalanceNotice(_ job: Job, on connection: PostgresConnection) async throws {
    // A payment may have arrived meanwhile: the balance is checked again under the row lock.
    guard let accountID = job.key.split(separator: ":").first.flatMap({ UUID(uuidString: String($0)) }),
      let account = try await self.account(.id(accountID), forUpdate: true, on: connection), account.status != .closed,
      account.criticalBalanceMinor != 0, account.balanceMinor <= account.criticalBalanceMinor
    else { return }
    let today = self.today
    let recent = try await connection.query(
      """
      SELECT 1 FROM critical_balance_notices WHERE account_id = \(accountID) AND on_date > \(CalendarDate(daysSinceEpoch: today.daysSinceEpoch - Self.criticalNoticeInterval))
      """, logger: self.logger
    ).decode(Int.self).collect()
    guard recent.isEmpty else { return }
    let invoice = try await self.invoiceToAttach(to: account, on: connection)
    var attachments: [Document] = []
    if let invoice {
      do {
        attachments = [
          try await self.invoiceDocument(
            invoice.message, account: account, fonts: try self.documentFonts(), on: connection)
        ]
      } catch {
        // The notice matters more than its attachment: it goes without, and the failure is logged.
        self.logger.error(
          "critical-balance notice goes without its invoice",
          metadata: ["invoice": "\(invoice.message.number)", "error": "\(error)"])
      }
    }
    try await connection.query(
      """
      INSERT INTO critical_balance_notices (account_id, on_date, balance_minor, invoice_id)
      VALUES (\(accountID), \(today), \(account.balanceMinor), \(attachments.isEmpty ? nil : invoice?.id))
      """, logger: self.logger)
    let balance = "\(Money.decimal(account.balanceMinor, currency: account.currency)) \(account.currency)"
    let threshold = "\(Money.decimal(account.criticalBalanceMinor, currency: account.currency)) \(account.currency)"
    try await self.mailCustomer(
      of: account, dedupeKey: "billing.critical-balance:\(account.number):\(today)", attachments: attachments,
      on: connection
    ) { name in
      BillingMails.criticalBalance(
        customerName: name, accountNumber: account.number, balance: balance, threshold: threshold,
        invoiceNumber: attachments.isEmpty ? nil : invoice?.message.number)
    }
  }

  /// The account's latest invoice, unless a payment has been posted since it was issued.
  func invoiceToAttach(to account: AccountRow, on connection: PostgresConnection) async throws -> InvoiceRow? {
    let rows = try await connection.query(
      """
      SELECT \(unescaped: InvoiceRow.columns) FROM invoices i JOIN accounts a ON a.id = i.account_id
      WHERE i.account_id = \(account.id) ORDER BY i.issued_on DESC, i.id DESC LIMIT 1
      """, logger: self.logger
    ).decode(InvoiceRow.Row.self).collect().map(InvoiceRow.init)
    guard let latest = rows.first else { return nil }
    let paidSince = try await connection.query(
      """
      SELECT 1 FROM ledger_entries e JOIN invoices i ON i.id = \(latest.id)
      WHERE e.account_id = \(account.id) AND e.kind = 'payment' AND e.posted_at > i.created_at LIMIT 1
      """, logger: self.logger
    ).decode(Int.self).collect()
    guard paidSince.isEmpty else { return nil }
    return try await self.withLines([latest], on: connection).first
  }
}
