/// ISO 4217 currencies Billing keeps money in, with their minor-unit digits.
///
/// Every active ISO 4217 currency is here because a contract may be in any currency the Bank of
/// Russia or the National Bank of Kazakhstan publishes a rate for, and both lists grow. Left
/// out: codes with no minor unit defined (XDR, the SDR, which both banks publish; gold, silver
/// and other funds codes), since no customer pays in them; their rates are still imported.
enum Currencies {
  /// Codes whose minor unit is not 2 digits (ISO 4217, amendment 177).
  private static let exceptions: [String: UInt8] = [
    "BIF": 0, "CLP": 0, "DJF": 0, "GNF": 0, "ISK": 0, "JPY": 0, "KMF": 0, "KRW": 0, "PYG": 0, "RWF": 0, "UGX": 0,
    "UYI": 0, "VND": 0, "VUV": 0, "XAF": 0, "XOF": 0, "XPF": 0,
    "BHD": 3, "IQD": 3, "JOD": 3, "KWD": 3, "LYD": 3, "OMR": 3, "TND": 3,
    "CLF": 4, "UYW": 4,
  ]

  /// The other active codes, all with 2 minor digits.
  private static let twoDigit: Set<String> = [
    "AED", "AFN", "ALL", "AMD", "ANG", "AOA", "ARS", "AUD", "AWG", "AZN", "BAM", "BBD", "BDT", "BGN",
    "BMD", "BND", "BOB", "BOV", "BRL", "BSD", "BTN", "BWP", "BYN", "BZD", "CAD", "CDF", "CHE", "CHF",
    "CHW", "CNY", "COP", "COU", "CRC", "CUP", "CVE", "CZK", "DKK", "DOP", "DZD", "EGP", "ERN", "ETB",
    "EUR", "FJD", "FKP", "GBP", "GEL", "GHS", "GIP", "GMD", "GTQ", "GYD", "HKD", "HNL", "HTG", "HUF",
    "IDR", "ILS", "INR", "IRR", "JMD", "KES", "KGS", "KHR", "KPW", "KYD", "KZT", "LAK", "LBP", "LKR",
    "LRD", "LSL", "MAD", "MDL", "MGA", "MKD", "MMK", "MNT", "MOP", "MRU", "MUR", "MVR", "MWK", "MXN",
    "MXV", "MYR", "MZN", "NAD", "NGN", "NIO", "NOK", "NPR", "NZD", "PAB", "PEN", "PGK", "PHP", "PKR",
    "PLN", "QAR", "RON", "RSD", "RUB", "SAR", "SBD", "SCR", "SDG", "SEK", "SGD", "SHP", "SLE", "SOS",
    "SRD", "SSP", "STN", "SVC", "SYP", "SZL", "THB", "TJS", "TMT", "TOP", "TRY", "TTD", "TWD", "TZS",
    "UAH", "USD", "USN", "UYU", "UZS", "VED", "VES", "WST", "XCD", "XCG", "YER", "ZAR", "ZMW", "ZWG",
  ]

  /// The minor-unit digits of `code` (upper-case ISO 4217), or `nil` for a code Billing keeps
  /// no accounts in.
  static func minorDigits(_ code: String) -> UInt8? {
    if let digits = self.exceptions[code] { return digits }
    return self.twoDigit.contains(code) ? 2 : nil
  }

  /// Whether `code` is three Latin capitals: the shape of any ISO 4217 code, including ones
  /// without minor units (XDR) that rate files carry.
  static func isCodeShaped(_ code: String) -> Bool {
    code.utf8.count == 3 && code.utf8.allSatisfy { (0x41...0x5A).contains($0) }
  }
}
