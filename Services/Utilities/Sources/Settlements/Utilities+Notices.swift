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

extension Utilities {
  func getInvoiceNotice(_ request: InvoiceNoticeRequest, caller: Caller) async throws -> InvoiceNotice {
    try caller.require(UtilitiesPermission.chargesRead)
    let contract = try await self.database.withConnection {
      try await self.visibleContract(request.contractNumber, caller: caller, on: $0)
    }
    return Self.notice(contract)
  }

  /// «Редактирование подписки»: the monthly charges by e-mail on (with an address) or off; who
  /// changed it and when is kept on the contract.
  func setInvoiceNotice(_ request: SetInvoiceNoticeRequest, caller: Caller) async throws -> InvoiceNotice {
    try caller.require(UtilitiesPermission.noticesManage)
    if request.enabled && request.email.isEmpty { throw UtilitiesError.noticeEmailRequired }
    if !request.email.isEmpty && !MailAddress(request.email).isValid {
      var checks = FieldChecks()
      checks.add("email", "EMAIL_INVALID", "«\(request.email)» is not an e-mail address.")
      try checks.check()
    }
    return try await self.database.transaction { connection in
      let contract = try await self.visibleContract(request.contractNumber, caller: caller, on: connection)
      try await connection.query(
        """
        UPDATE utility_contracts SET notice_enabled = \(request.enabled),
          notice_email = CASE WHEN \(request.email) = '' THEN notice_email ELSE \(request.email) END,
          notice_changed_by = \(caller.actor), notice_changed_at = \(self.now)
        WHERE customer_id = \(contract.customerID)
        """, logger: self.logger)
      return Self.notice(try await self.visibleContract(contract.number, caller: caller, on: connection))
    }
  }

  static func notice(_ contract: ContractRow) -> InvoiceNotice {
    InvoiceNotice(
      contractNumber: contract.number, enabled: contract.noticeEnabled, email: contract.noticeEmail,
      changedBy: contract.noticeChangedBy, changedAt: contract.noticeChangedAt)
  }

  func noticeAddress(_ contractNumber: String) async throws -> String {
    let address = try await self.database.withConnection { connection in
      try await connection.query(
        "SELECT notice_email FROM utility_contracts WHERE number = \(contractNumber)", logger: self.logger
      ).decode(String.self).collect().first ?? ""
    }
    guard !address.isEmpty else { throw UtilitiesError.noticeEmailRequired }
    return address
  }

  /// After a month close: each subscribed contract with an account charged now gets its
  /// breakdown by e-mail, once per contract and month (the mail's dedupe key).
  func queueInvoiceNotices(accounts: [String], month: BillingMonth) async throws {
    guard !accounts.isEmpty else { return }
    let contracts = try await self.database.withConnection { connection in
      try await connection.query(
        """
        SELECT DISTINCT c.customer_id, c.number, c.payer, c.notice_email
        FROM utility_contracts c JOIN utility_accounts a ON a.customer_id = c.customer_id
        WHERE a.number = ANY(\(accounts)) AND c.notice_enabled AND c.notice_email <> ''
        """, logger: self.logger
      ).decode((UUID, String, String, String).self).collect()
    }
    for (customerID, number, payer, address) in contracts {
      let contract = ContractRow(
        customerID: customerID, number: number, payer: payer, noticeEnabled: true, noticeEmail: address,
        noticeChangedBy: "", noticeChangedAt: nil)
      let breakdown = try await self.database.withConnection {
        try await self.breakdown(of: contract, month: month, on: $0)
      }
      let pdf = try self.breakdownPDF(breakdown)
      try await self.database.transaction { connection in
        try await MailOutbox.enqueue(
          self.breakdownMail(breakdown, pdf: pdf, to: address, dedupe: "notice:\(number):\(month.year)-\(month.month)"),
          on: connection)
      }
    }
  }
}
