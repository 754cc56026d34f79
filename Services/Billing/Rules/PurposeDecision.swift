/// Which account a payment purpose names, decided from what its words matched.
///
/// The strongest kind of reference wins: an invoice number, then an account number, then a
/// contract number (seed 000: "we credit automatically when the purpose names the contract
/// or the invoice"; an invoice names one account, a contract possibly several). Within the
/// winning kind, references to two or more accounts leave the payment in suspense, naming
/// every candidate, for staff to decide.
public enum PurposeDecision: Equatable, Sendable {
  case credit(Hit)
  case ambiguous([Hit])
  case none

  /// One word of the purpose that matched a record.
  public struct Hit: Equatable, Sendable {
    public var accountNumber: String
    /// The account's currency.
    public var currency: String = ""
    /// What matched: `invoice NCR-0134`, `account 40817…`, `contract Д-100`.
    public var reference: String
    /// Set when an invoice in a contract currency was paid in its local currency (seed 000: a
    /// euro invoice shows the amount in roubles at the day's rate, and that is what is paid).
    public var paidInLocalCurrency: LocalCurrencyInvoice? = nil

    public init(
      accountNumber: String, currency: String = "", reference: String, paidInLocalCurrency: LocalCurrencyInvoice? = nil
    ) {
      self.accountNumber = accountNumber
      self.currency = currency
      self.reference = reference
      self.paidInLocalCurrency = paidInLocalCurrency
    }
  }

  /// A converted invoice, as issued: what a payment in the local currency is credited as.
  public struct LocalCurrencyInvoice: Equatable, Sendable {
    public var amountMinor: Int64
    public var localAmountMinor: Int64
    public var rateUnits: Int64
    public var rateScale: Int16

    public init(amountMinor: Int64, localAmountMinor: Int64, rateUnits: Int64, rateScale: Int16) {
      (self.amountMinor, self.localAmountMinor, self.rateUnits, self.rateScale) = (
        amountMinor, localAmountMinor, rateUnits, rateScale
      )
    }
  }

  /// The words' matches by kind, each the accounts a matched record belongs to.
  public static func decide(invoices: [Hit], accounts: [Hit], contracts: [Hit]) -> PurposeDecision {
    for tier in [invoices, accounts, contracts] where !tier.isEmpty {
      var seen = Set<String>()
      let distinct = tier.filter { seen.insert($0.accountNumber).inserted }
      return distinct.count == 1 ? .credit(distinct[0]) : .ambiguous(distinct)
    }
    return .none
  }

  /// What the bank line's result and the suspense history say about it.
  public var note: String {
    switch self {
    case .credit(let hit): hit.reference
    case .ambiguous(let hits):
      "fits more than one account: " + hits.map { "\($0.accountNumber) (\($0.reference))" }.joined(separator: ", ")
    case .none: "no account, contract or invoice number found in the purpose"
    }
  }
}
