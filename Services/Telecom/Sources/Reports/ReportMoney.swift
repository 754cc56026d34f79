import WireCodec

/// Costs as people read them: usage records carry exact integer minor units, and a report
/// shows them in the currency's units with its ISO 4217 minor digits (2 for RUB, KZT, EUR;
/// 0 for JPY; 3 for KWD). Exact: the digits are placed, never divided.
enum ReportMoney {
  /// Codes whose minor unit is not 2 digits (ISO 4217); every other code has 2.
  static let exceptions: [String: UInt8] = [
    "BIF": 0, "CLP": 0, "DJF": 0, "GNF": 0, "ISK": 0, "JPY": 0, "KMF": 0, "KRW": 0, "PYG": 0, "RWF": 0, "UGX": 0,
    "UYI": 0, "VND": 0, "VUV": 0, "XAF": 0, "XOF": 0, "XPF": 0,
    "BHD": 3, "IQD": 3, "JOD": 3, "KWD": 3, "LYD": 3, "OMR": 3, "TND": 3,
    "CLF": 4, "UYW": 4,
  ]

  static func minorDigits(_ currency: String) -> UInt8 {
    self.exceptions[currency] ?? 2
  }

  /// `minor` minor units of `currency` as a decimal: 12345 RUB → 123.45.
  static func decimal(_ minor: Int64, currency: String) -> ExactDecimal {
    ExactDecimal(units: minor, scale: self.minorDigits(currency))
  }
}
