/// An act of services rendered (акт об оказании услуг) for an amount paid against an invoice.
///
/// Amounts arrive formatted; the layout only places them.
public struct ActSheet: Sendable, Hashable {
  public var seller: DocumentSeller
  public var customer: DocumentCustomer
  public var number: String
  public var date: DocumentDate
  /// The invoice paid, printed as the act's basis.
  public var invoiceNumber: String
  public var invoiceDate: DocumentDate
  public var lines: [ActLine]
  /// Total with VAT, formatted.
  public var total: String
  public var currencyCode: String
  /// Net, VAT and gross per VAT rate (the rate in force on the act's date).
  public var vatTotals: [DocumentVat]

  public init(
    seller: DocumentSeller, customer: DocumentCustomer, number: String, date: DocumentDate, invoiceNumber: String,
    invoiceDate: DocumentDate, lines: [ActLine], total: String,
    currencyCode: String, vatTotals: [DocumentVat]
  ) {
    self.seller = seller
    self.customer = customer
    self.number = number
    self.date = date
    self.invoiceNumber = invoiceNumber
    self.invoiceDate = invoiceDate
    self.lines = lines
    self.total = total
    self.currencyCode = currencyCode
    self.vatTotals = vatTotals
  }
}

/// One service rendered and its amount with VAT, and that amount's rate, net and VAT.
public struct ActLine: Sendable, Hashable {
  public var description: String
  public var amount: String
  public var vat: DocumentVat

  public init(description: String, amount: String, vat: DocumentVat) {
    self.description = description
    self.amount = amount
    self.vat = vat
  }
}
