/// Everything printed on an invoice («счёт»), filled by the Billing service.
///
/// Amounts arrive formatted (`"1 234,56"`): Billing owns money rounding and formatting, the
/// layout owns labels and placement, so a PDF can never disagree with the ledger.
public struct InvoiceSheet: Sendable, Hashable {
  public var seller: DocumentSeller
  public var customer: DocumentCustomer
  public var number: String
  public var issueDate: DocumentDate
  public var period: DocumentPeriod
  public var paymentDueDate: DocumentDate
  public var lines: [InvoiceLine]
  /// Total in the contract currency (with VAT), formatted.
  public var total: String
  /// Net, VAT and gross per VAT rate, in rate order.
  public var vatTotals: [DocumentVat]
  /// The whole invoice: net, VAT and gross over every rate (its rate is empty).
  public var vatTotal: DocumentVat
  /// ISO 4217 code of the contract currency, e.g. `EUR`.
  public var currencyCode: String
  /// Conversion into the currency of payment, when the contract is in a foreign currency.
  public var conversion: CurrencyConversion?
  /// Date the invoice was paid in full; `nil` while unpaid.
  public var paidOn: DocumentDate?

  public init(
    seller: DocumentSeller, customer: DocumentCustomer, number: String, issueDate: DocumentDate, period: DocumentPeriod,
    paymentDueDate: DocumentDate, lines: [InvoiceLine], total: String, currencyCode: String, vatTotals: [DocumentVat],
    vatTotal: DocumentVat,
    conversion: CurrencyConversion? = nil, paidOn: DocumentDate? = nil
  ) {
    self.seller = seller
    self.customer = customer
    self.number = number
    self.issueDate = issueDate
    self.period = period
    self.paymentDueDate = paymentDueDate
    self.lines = lines
    self.total = total
    self.currencyCode = currencyCode
    self.vatTotals = vatTotals
    self.vatTotal = vatTotal
    self.conversion = conversion
    self.paidOn = paidOn
  }
}

/// One charge on an invoice; quantity and amounts come formatted.
public struct InvoiceLine: Sendable, Hashable {
  public var description: String
  public var quantity: String
  /// Unit of measure, e.g. «мес.», «шт.», «мин».
  public var unit: String
  /// The amount with VAT, as charged.
  public var amount: String
  /// Its rate, net amount and VAT (`vat.gross` is `amount`).
  public var vat: DocumentVat

  public init(description: String, quantity: String, unit: String, amount: String, vat: DocumentVat) {
    self.description = description
    self.quantity = quantity
    self.unit = unit
    self.amount = amount
    self.vat = vat
  }
}

/// The central-bank rate used to convert a foreign-currency total, printed as
/// «Курс ЦБ РФ на 01.03.2026: 1 EUR = 98,6424 RUB».
public struct CurrencyConversion: Sendable, Hashable {
  public var rateDate: DocumentDate
  /// Roubles (or `localCurrencyCode` units) per one unit of the contract currency, formatted.
  public var rate: String
  public var localCurrencyCode: String
  /// The total in the local currency, formatted, e.g. `"121 777,00 ₽"`.
  public var localTotal: String

  /// Whose rate it is, as the invoice names the bank: the Bank of Russia's for roubles, the
  /// National Bank of Kazakhstan's for tenge.
  var bank: String {
    switch self.localCurrencyCode {
    case "RUB": "ЦБ РФ"
    case "KZT": "Нацбанка РК"
    default: "центрального банка"
    }
  }

  public init(rateDate: DocumentDate, rate: String, localCurrencyCode: String = "RUB", localTotal: String) {
    self.rateDate = rateDate
    self.rate = rate
    self.localCurrencyCode = localCurrencyCode
    self.localTotal = localTotal
  }
}
