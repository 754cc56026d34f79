import BillingAPI
import BillingDocuments
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
  /// «Состояние взаиморасчетов»: each account's balance as Billing keeps it.
  func settlementState(_ request: SettlementStateRequest, caller: Caller) async throws -> SettlementState {
    try caller.require(UtilitiesPermission.chargesRead)
    let (contract, accounts) = try await self.database.withConnection { connection in
      let contract = try await self.visibleContract(request.contractNumber, caller: caller, on: connection)
      let accounts = try await connection.query(
        "SELECT number FROM utility_accounts WHERE customer_id = \(contract.customerID) ORDER BY number LIMIT 1000",
        logger: self.logger
      ).decode(String.self).collect()
      return (contract, accounts)
    }
    var state = SettlementState(contractNumber: contract.number, payer: contract.payer)
    var total: Int64 = 0
    for number in accounts {
      guard
        let account = try await self.askBilling({
          try await $0.call(
            BillingContract.getAccount, GetAccountRequest(accountID: "", number: number), idempotent: true)
        })
      else { continue }
      state.accounts.append(
        AccountSettlement(accountNumber: number, balance: account.balance, currency: account.currency))
      // Tenge have two decimals; Billing's balance limit keeps the sum far inside 64 bits.
      total += Self.tiyn(account.balance)
    }
    state.total = Tenge.decimal(total)
    return state
  }

  /// «Сверка взаиморасчетов»: Billing's statement of the account for the period, every page.
  func reconciliation(_ request: ReconciliationRequest, caller: Caller) async throws -> Reconciliation {
    try caller.require(UtilitiesPermission.chargesRead)
    let account = try await self.database.withConnection {
      try await self.visibleAccount(request.accountNumber, caller: caller, on: $0)
    }
    var token = ""
    var reconciliation: Reconciliation?
    repeat {
      guard
        let page = try await self.askBilling({
          try await $0.call(
            BillingContract.accountStatement,
            AccountStatementRequest(
              accountNumber: account.message.number, from: request.from, to: request.to ?? self.today,
              page: PageRequest(size: 5000, token: token)), idempotent: true)
        })
      else { throw UtilitiesError.billingAccountNotFound }
      if reconciliation == nil {
        reconciliation = Reconciliation(
          accountNumber: page.accountNumber, contractNumber: account.message.contractNumber,
          payer: account.message.payer, from: page.from, to: page.to, openingBalance: page.openingBalance,
          totalCharged: page.totalDebit, totalPaid: page.totalCredit, closingBalance: page.closingBalance,
          currency: page.currency)
      }
      reconciliation?.lines += page.lines.map { line in
        ReconciliationLine(
          date: line.date, description: line.purpose.isEmpty ? Self.entryText(line.kind) : line.purpose,
          charged: line.debit, paid: line.credit, balanceAfter: line.balanceAfter)
      }
      token = page.nextPageToken
    } while !token.isEmpty
    guard let reconciliation else { throw UtilitiesError.billingAccountNotFound }
    return reconciliation
  }

  func reconciliationPDF(_ request: ReconciliationRequest, caller: Caller) async throws -> UtilitiesDocument {
    let statement = try await self.reconciliation(request, caller: caller)
    let sheet = ReconciliationSheet(
      accountNumber: statement.accountNumber, contractNumber: statement.contractNumber, payer: statement.payer,
      period: "\(Self.russian(statement.from)) — \(Self.russian(statement.to))",
      openingBalance: "\(statement.openingBalance)",
      rows: statement.lines.map {
        [Self.russian($0.date), $0.description, "\($0.charged)", "\($0.paid)", "\($0.balanceAfter)"]
      }, totalCharged: "\(statement.totalCharged)", totalPaid: "\(statement.totalPaid)",
      closingBalance: "\(statement.closingBalance)",
      date: DocumentDate(self.today) ?? DocumentDate(year: 2026, month: 1, day: 1)!)
    do {
      return UtilitiesDocument(
        fileName: "reconciliation-\(statement.accountNumber)-\(statement.from)-\(statement.to).pdf",
        mediaType: "application/pdf", content: Data(try sheet.render(fonts: self.documents.fonts)))
    } catch {
      throw UtilitiesError.refused(reason: "DOCUMENT_FAILED", message: "The document could not be set: \(error).")
    }
  }

  static func tiyn(_ amount: ExactDecimal) -> Int64 {
    Tenge.minor(
      ExactDecimal(units: amount.units < 0 ? -amount.units : amount.units, scale: amount.scale), maximum: .max
    )
    .map { amount.units < 0 ? -$0 : $0 } ?? 0
  }

  static func russian(_ date: CalendarDate) -> String {
    let (year, month, day) = date.components
    func padded(_ value: Int, _ width: Int) -> String {
      let text = String(value)
      return String(repeating: "0", count: max(0, width - text.count)) + text
    }
    return "\(padded(day, 2)).\(padded(month, 2)).\(padded(year, 4))"
  }

  static func entryText(_ kind: EntryKind) -> String {
    switch kind {
    case .payment: "Оплата"
    case .charge: "Начисление"
    case .topUp: "Зачисление"
    case .discount: "Скидка"
    case .reversal: "Сторно"
    case .adjustment: "Корректировка"
    case .correction: "Корректировка"
    case .unspecified: "Проводка"
    }
  }
}
