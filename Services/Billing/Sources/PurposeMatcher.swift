import Logging
import PostgresNIO
import Storage

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// Finds the account a payment's purpose text names: an account number, a contract number
/// (of a customer with exactly one open account in the payment's currency) or an invoice
/// number, in that order. Every word of the purpose is a candidate; the lookups are exact.
struct PurposeMatcher {
  let logger: Logger

  struct Match {
    let accountID: UUID
    let note: String
  }

  /// The words of `purpose`: split at anything that is not a letter, digit, `-` or `/`,
  /// with leading and trailing `-`/`/` dropped ("Д-100," → "Д-100").
  static func candidates(_ purpose: String) -> [String] {
    let words = purpose.split { !($0.isLetter || $0.isNumber || $0 == "-" || $0 == "/") }
    var seen = Set<String>()
    return words.map { String($0.drop { $0 == "-" || $0 == "/" }.reversed().drop { $0 == "-" || $0 == "/" }.reversed()) }
      .filter { !$0.isEmpty && $0.count <= 32 && seen.insert($0).inserted }
      .prefix(200).map { $0 }
  }

  func match(_ purpose: String, currency: String, on connection: PostgresConnection) async throws -> Match? {
    let words = Self.candidates(purpose)
    guard !words.isEmpty else { return nil }
    let byAccount = try await connection.query("""
      SELECT id, number FROM accounts WHERE number = ANY(\(words)) AND status <> 'closed' AND currency = \(currency) LIMIT 2
      """, logger: self.logger).decode((UUID, String).self).collect()
    if byAccount.count == 1 { return Match(accountID: byAccount[0].0, note: "account number \(byAccount[0].1)") }
    let byContract = try await connection.query("""
      SELECT a.id, c.contract_number FROM customers c JOIN accounts a ON a.customer_id = c.id
      WHERE c.contract_number = ANY(\(words)) AND a.status <> 'closed' AND a.currency = \(currency) LIMIT 2
      """, logger: self.logger).decode((UUID, String).self).collect()
    if byContract.count == 1 { return Match(accountID: byContract[0].0, note: "contract \(byContract[0].1)") }
    let byInvoice = try await connection.query("""
      SELECT a.id, i.number FROM invoices i JOIN accounts a ON a.id = i.account_id
      WHERE i.number = ANY(\(words)) AND a.status <> 'closed' AND a.currency = \(currency) LIMIT 2
      """, logger: self.logger).decode((UUID, String).self).collect()
    if byInvoice.count == 1 { return Match(accountID: byInvoice[0].0, note: "invoice \(byInvoice[0].1)") }
    return nil
  }
}
