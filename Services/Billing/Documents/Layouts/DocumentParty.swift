/// The seller block printed at the top of every billing document.
public struct DocumentSeller: Sendable, Hashable {
  /// Legal name, e.g. «ООО «Абонент Телеком»».
  public var name: String
  /// Lines printed under the name as given: tax ids, address, bank account.
  public var details: [String]

  public init(name: String, details: [String]) {
    self.name = name
    self.details = details
  }
}

/// The customer block every billing document prints: who, their tax id, contract and account.
public struct DocumentCustomer: Sendable, Hashable {
  public var name: String
  /// ИНН; `nil` for private persons.
  public var taxID: String?
  public var contractNumber: String
  /// Лицевой счёт.
  public var personalAccount: String

  public init(name: String, taxID: String?, contractNumber: String, personalAccount: String) {
    self.name = name
    self.taxID = taxID
    self.contractNumber = contractNumber
    self.personalAccount = personalAccount
  }

  /// Label–value pairs under the document's title; `role` names the customer as the document
  /// does (`Плательщик`), `roleGenitive` as the tax-id label needs it (`плательщика`).
  func parties(role: String, roleGenitive: String) -> [(label: String, value: String)] {
    var pairs: [(label: String, value: String)] = [("\(role):", self.name)]
    if let taxID { pairs.append(("ИНН \(roleGenitive):", taxID)) }
    return pairs + [("Договор:", self.contractNumber), ("Лицевой счёт:", self.personalAccount)]
  }
}

/// A closed range of days a document covers.
public struct DocumentPeriod: Sendable, Hashable {
  public var start: DocumentDate
  public var end: DocumentDate

  public init(start: DocumentDate, end: DocumentDate) {
    self.start = start
    self.end = end
  }

  /// `01.02.2026 – 28.02.2026`.
  var russianFormat: String { "\(self.start.russianFormat) – \(self.end.russianFormat)" }
}

extension PageFlow {
  /// Seller name, its details and a rule under them.
  mutating func sellerHeader(_ seller: DocumentSeller) {
    self.paragraph(seller.name, size: 11, bold: true, spaceAfter: 1)
    for line in seller.details {
      self.paragraph(line, size: 8, spaceAfter: 0)
    }
    self.space(6)
    self.rule()
    self.space(12)
  }
}
