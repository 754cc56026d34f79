/// Which account a payment purpose names, decided from what its words matched.
///
/// The strongest kind of reference wins: an invoice number, then an account number, then a
/// contract number (seed 000: "we credit automatically when the purpose names the contract
/// or the invoice"; an invoice names one account, a contract possibly several). Within the
/// winning kind, references to two or more accounts leave the payment in suspense, naming
/// every candidate, for staff to decide.
enum PurposeDecision: Equatable, Sendable {
  case credit(Hit)
  case ambiguous([Hit])
  case none

  /// One word of the purpose that matched a record.
  struct Hit: Equatable, Sendable {
    var accountNumber: String
    /// The account's currency.
    var currency: String = ""
    /// What matched: `invoice NCR-0134`, `account 40817…`, `contract Д-100`.
    var reference: String
    /// Set when an invoice in a contract currency was paid in its local currency (seed 000: a
    /// euro invoice shows the amount in roubles at the day's rate, and that is what is paid).
    var paidInLocalCurrency: LocalCurrencyInvoice? = nil
  }

  /// A converted invoice, as issued: what a payment in the local currency is credited as.
  struct LocalCurrencyInvoice: Equatable, Sendable {
    var amountMinor: Int64
    var localAmountMinor: Int64
    var rateUnits: Int64
    var rateScale: Int16
  }

  /// The words' matches by kind, each the accounts a matched record belongs to.
  static func decide(invoices: [Hit], accounts: [Hit], contracts: [Hit]) -> PurposeDecision {
    for tier in [invoices, accounts, contracts] where !tier.isEmpty {
      var seen = Set<String>()
      let distinct = tier.filter { seen.insert($0.accountNumber).inserted }
      return distinct.count == 1 ? .credit(distinct[0]) : .ambiguous(distinct)
    }
    return .none
  }

  /// What the bank line's result and the suspense history say about it.
  var note: String {
    switch self {
    case .credit(let hit): hit.reference
    case .ambiguous(let hits):
      "fits more than one account: " + hits.map { "\($0.accountNumber) (\($0.reference))" }.joined(separator: ", ")
    case .none: "no account, contract or invoice number found in the purpose"
    }
  }
}
