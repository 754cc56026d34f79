import BillingAPI
import WireCodec

/// A UTF-8 CSV statement: `;`-separated, fields in double quotes when they hold `;`, quotes
/// or line breaks (a quote inside is doubled), header `date;number;amount;payer;payer_tax_id;purpose`
/// with dates as `yyyy-mm-dd` or `dd.mm.yyyy`.
enum CSVStatement {
  static let header = ["date", "number", "amount", "payer", "payer_tax_id", "purpose"]

  static func lines(_ bytes: [UInt8], currency: String) throws(BillingError) -> [BankPaymentLine] {
    var text = String(decoding: bytes, as: UTF8.self)
    if text.hasPrefix("\u{FEFF}") { text.removeFirst() }
    let records = self.records(text)
    guard let first = records.first, first.map({ $0.lowercased() }) == Self.header else {
      throw BillingError.statementUnreadable("the CSV header must be \(Self.header.joined(separator: ";"))")
    }
    return try records.dropFirst().filter { $0 != [""] }.enumerated().map { index, fields throws(BillingError) in
      guard fields.count == Self.header.count else {
        throw BillingError.statementUnreadable(
          "line \(index + 2) has \(fields.count) fields instead of \(Self.header.count)")
      }
      guard let date = self.date(fields[0]), let amount = ExactDecimal(fields[2].replacing(",", with: ".")) else {
        throw BillingError.statementUnreadable("line \(index + 2) has an invalid date or amount")
      }
      return BankPaymentLine(
        bankReference: fields[1], date: date, amount: amount, currency: currency, payer: fields[3],
        payerTaxID: fields[4], purpose: fields[5])
    }
  }

  static func date(_ text: String) -> CalendarDate? {
    if text.contains(".") { return OneCStatement.date(text) }
    let parts = text.split(separator: "-").compactMap { Int($0) }
    guard parts.count == 3 else { return nil }
    return CalendarDate(year: parts[0], month: parts[1], day: parts[2])
  }

  /// Splits CSV text into records of fields (RFC 4180 quoting, `;` as the separator).
  static func records(_ text: String) -> [[String]] {
    var records: [[String]] = []
    var fields: [String] = []
    var field = ""
    var quoted = false
    var iterator = text.makeIterator()
    var pending: Character? = nil
    while let character = pending ?? iterator.next() {
      pending = nil
      if quoted {
        if character == "\"" {
          if let next = iterator.next() {
            if next == "\"" {
              field.append("\"")
            } else {
              quoted = false
              pending = next
            }
          } else {
            quoted = false
          }
        } else {
          field.append(character)
        }
        continue
      }
      switch character {
      case "\"" where field.isEmpty: quoted = true
      case ";":
        fields.append(field)
        field = ""
      case "\n", "\r\n", "\r":
        fields.append(field)
        field = ""
        records.append(fields)
        fields = []
      default: field.append(character)
      }
    }
    if !field.isEmpty || !fields.isEmpty {
      fields.append(field)
      records.append(fields)
    }
    return records
  }
}
