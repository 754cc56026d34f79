/// A correction document (УКД, credit or debit note) changing amounts of an issued invoice.
///
/// Amounts arrive formatted, differences with their sign, because Billing computes them
/// from the ledger; the layout only places them. Each line shows, as the УКД form does, its
/// amounts before and after the change and the difference, each without VAT, VAT and with VAT.
public struct CorrectionSheet: Sendable, Hashable {
  public var seller: DocumentSeller
  public var customer: DocumentCustomer
  public var number: String
  public var date: DocumentDate
  /// Number and date of the invoice being corrected.
  public var correctedNumber: String
  public var correctedDate: DocumentDate
  /// Why the amounts change, e.g. «Перерасчёт за простой канала»; `nil` prints nothing.
  public var reason: String?
  public var lines: [CorrectionLine]
  /// Per VAT rate, in rate order (printed when there are several), e.g. «Итого по ставке 20 %».
  public var totalsByRate: [CorrectionLine]
  /// The whole document («Итого»); its rates are empty.
  public var total: CorrectionLine
  public var currencyCode: String

  public init(
    seller: DocumentSeller, customer: DocumentCustomer, number: String, date: DocumentDate, correctedNumber: String,
    correctedDate: DocumentDate, reason: String? = nil, lines: [CorrectionLine], totalsByRate: [CorrectionLine],
    total: CorrectionLine,
    currencyCode: String
  ) {
    self.seller = seller
    self.customer = customer
    self.number = number
    self.date = date
    self.correctedNumber = correctedNumber
    self.correctedDate = correctedDate
    self.reason = reason
    self.lines = lines
    self.totalsByRate = totalsByRate
    self.total = total
    self.currencyCode = currencyCode
  }
}

/// One corrected charge (or a total): its amounts before and after the correction and the
/// signed difference, each as rate, net, VAT and gross.
public struct CorrectionLine: Sendable, Hashable {
  public var description: String
  public var before: DocumentVat
  public var after: DocumentVat
  /// After minus before, amounts with their sign (`+10,00`, `−100,00`).
  public var difference: DocumentVat

  public init(description: String, before: DocumentVat, after: DocumentVat, difference: DocumentVat) {
    self.description = description
    self.before = before
    self.after = after
    self.difference = difference
  }
}
