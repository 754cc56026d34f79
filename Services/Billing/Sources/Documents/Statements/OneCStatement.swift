import BillingAPI
import BillingReferenceData
import RPC
import WireCodec

/// The 1C client-bank exchange format (`1CClientBankExchange`): `Key=Value` lines, each
/// payment between `СекцияДокумент=…` and `КонецДокумента`. Documents with `ДатаСписано`
/// (money leaving the operator's account) are skipped: only receipts are payments in.
enum OneCStatement {
  static func lines(_ bytes: [UInt8], currency: String) throws(BillingError) -> [BankPaymentLine] {
    let text = try self.decode(bytes)
    var documents: [[String: String]] = []
    var current: [String: String]?
    var sawHeader = false
    for raw in text.split(whereSeparator: { $0 == "\n" || $0 == "\r\n" || $0 == "\r" }) {
      let line = String(raw).trimmingWhitespace
      if line == "1CClientBankExchange" {
        sawHeader = true
        continue
      }
      guard let equals = line.firstIndex(of: "=") else {
        if line == "КонецДокумента", let document = current {
          documents.append(document)
          current = nil
        }
        continue
      }
      let key = String(line[..<equals])
      let value = String(line[line.index(after: equals)...]).trimmingWhitespace
      if key == "СекцияДокумент" {
        current = [:]
      } else if current != nil {
        current?[key] = value
      }
    }
    guard sawHeader else { throw BillingError.statementUnreadable("the first line is not 1CClientBankExchange") }
    guard current == nil else { throw BillingError.statementUnreadable("a document section has no КонецДокумента") }
    return try documents.filter { ($0["ДатаСписано"] ?? "").isEmpty }.map { document throws(BillingError) in
      try self.line(document, currency: currency)
    }
  }

  /// The file's text: Windows-1251 unless its header declares another encoding.
  static func decode(_ bytes: [UInt8]) throws(BillingError) -> String {
    let header = String(decoding: bytes.prefix(4096).filter { $0 < 0x80 }, as: UTF8.self)
    if header.contains("UTF-8") || header.contains("UTF8") { return String(decoding: bytes, as: UTF8.self) }
    // `Кодировка=Windows` (the usual) or no declaration: Windows-1251. DOS (CP866) is not
    // produced by current banks and is refused rather than misread.
    let text = Windows1251.decode(bytes)
    if text.contains("Кодировка=DOS") {
      throw BillingError.statementUnreadable("the DOS (CP866) encoding is not supported")
    }
    return text
  }

  static func line(_ document: [String: String], currency: String) throws(BillingError) -> BankPaymentLine {
    let number = document["Номер"] ?? ""
    guard let date = self.date(document["ДатаПоступило"].flatMap { $0.isEmpty ? nil : $0 } ?? document["Дата"] ?? "")
    else {
      throw BillingError.statementUnreadable("document \(number) has no valid date (dd.mm.yyyy)")
    }
    guard let amount = ExactDecimal((document["Сумма"] ?? "").replacing(",", with: ".")) else {
      throw BillingError.statementUnreadable("document \(number) has no valid amount")
    }
    return BankPaymentLine(
      bankReference: number, date: date, amount: amount, currency: currency,
      payer: document["Плательщик1"] ?? document["Плательщик"] ?? "", payerTaxID: document["ПлательщикИНН"] ?? "",
      purpose: document["НазначениеПлатежа"] ?? "")
  }

  /// `dd.mm.yyyy`, as 1C writes dates.
  static func date(_ text: String) -> CalendarDate? {
    let parts = text.split(separator: ".").compactMap { Int($0) }
    guard parts.count == 3 else { return nil }
    return CalendarDate(year: parts[2], month: parts[1], day: parts[0])
  }
}
