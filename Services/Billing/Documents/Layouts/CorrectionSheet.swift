/// A correction document (УКД, credit or debit note) changing amounts of an issued invoice.
///
/// Amounts arrive formatted, differences with their sign, because Billing computes them
/// from the ledger; the layout only places them.
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
  public var totalBefore: String
  public var totalAfter: String
  public var totalDifference: String
  public var currencyCode: String

  public init(
    seller: DocumentSeller, customer: DocumentCustomer, number: String, date: DocumentDate, correctedNumber: String,
    correctedDate: DocumentDate, reason: String? = nil, lines: [CorrectionLine], totalBefore: String,
    totalAfter: String, totalDifference: String, currencyCode: String
  ) {
    self.seller = seller
    self.customer = customer
    self.number = number
    self.date = date
    self.correctedNumber = correctedNumber
    self.correctedDate = correctedDate
    self.reason = reason
    self.lines = lines
    self.totalBefore = totalBefore
    self.totalAfter = totalAfter
    self.totalDifference = totalDifference
    self.currencyCode = currencyCode
  }
}

/// One corrected charge: its amount before and after the correction and the signed difference.
public struct CorrectionLine: Sendable, Hashable {
  public var description: String
  public var amountBefore: String
  public var amountAfter: String
  public var difference: String

  public init(description: String, amountBefore: String, amountAfter: String, difference: String) {
    self.description = description
    self.amountBefore = amountBefore
    self.amountAfter = amountAfter
    self.difference = difference
  }
}
