import BillingRules
import Logging
import PostgresNIO
import Storage

/// Looks up the words of a payment purpose (``PurposeText``) as invoice, account and contract
/// numbers, exactly, among open accounts in the payment's currency, and lets
/// ``PurposeDecision`` choose. An invoice converted into a local currency also matches a
/// payment in that currency.
struct PurposeMatcher {
  let logger: Logger

  func match(_ purpose: String, currency: String, on connection: PostgresConnection) async throws -> PurposeDecision {
    let words = PurposeText.references(in: purpose)
    guard !words.isEmpty else { return .none }
    // Invoice numbers are read case-insensitively (ncr-0134); the others are exact.
    let upper = Array(Set(words.map { $0.uppercased() }))
    let invoices = try await connection.query(
      """
      SELECT a.number, i.number, a.currency, i.amount_minor, i.local_currency, i.local_amount_minor, i.rate_units, i.rate_scale
      FROM invoices i JOIN accounts a ON a.id = i.account_id
      WHERE upper(i.number) = ANY(\(upper)) AND a.status <> 'closed' AND (a.currency = \(currency) OR i.local_currency = \(currency))
      ORDER BY i.id LIMIT 20
      """, logger: self.logger
    ).decode((String, String, String, Int64, String, Int64?, Int64?, Int16?).self).collect()
      .map { account, number, accountCurrency, amount, _, local, units, scale in
        var hit = PurposeDecision.Hit(accountNumber: account, currency: accountCurrency, reference: "invoice \(number)")
        if accountCurrency != currency, let local, let units, let scale {
          hit.paidInLocalCurrency = .init(
            amountMinor: amount, localAmountMinor: local, rateUnits: units, rateScale: scale)
        }
        return hit
      }
    let accounts = try await connection.query(
      """
      SELECT number FROM accounts WHERE number = ANY(\(words)) AND status <> 'closed' AND currency = \(currency) ORDER BY seq LIMIT 20
      """, logger: self.logger
    ).decode(String.self).collect()
      .map { PurposeDecision.Hit(accountNumber: $0, currency: currency, reference: "account \($0)") }
    let contracts = try await connection.query(
      """
      SELECT a.number, c.contract_number FROM customers c JOIN accounts a ON a.customer_id = c.id
      WHERE c.contract_number = ANY(\(words)) AND a.status <> 'closed' AND a.currency = \(currency) ORDER BY a.seq LIMIT 20
      """, logger: self.logger
    ).decode((String, String).self).collect()
      .map { PurposeDecision.Hit(accountNumber: $0.0, currency: currency, reference: "contract \($0.1)") }
    return PurposeDecision.decide(invoices: invoices, accounts: accounts, contracts: contracts)
  }
}
