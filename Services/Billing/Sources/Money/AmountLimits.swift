import RPC
import Settings

/// The largest amount a caller may send, per currency, and the range an account's balance
/// stays in. Every amount Billing stores is an `Int64` of minor units; these bounds keep every
/// sum Billing forms (a balance, a month's invoice) far from that type's limit, so arithmetic
/// never traps and SQL never overflows a `bigint`.
struct AmountLimits: Sendable {
  /// No amount of any currency may exceed 10^15 minor units, whatever is configured: a balance
  /// of `balanceFactor` such amounts (10^18) still fits in an `Int64` (9.2 × 10^18).
  static let ceilingMinor: Int64 = 1_000_000_000_000_000
  /// An account's balance stays within this many maximal amounts either way.
  static let balanceFactor: Int64 = 1000

  /// The bound in major units for currencies without their own (setting `maxAmount`).
  let defaultMajor: Int64
  /// Per-currency bounds in major units (setting `maxAmountByCurrency`).
  let byCurrency: [String: Int64]

  init(defaultMajor: Int64 = 1_000_000_000_000, byCurrency: [String: Int64] = [:]) {
    self.defaultMajor = defaultMajor
    self.byCurrency = byCurrency
  }

  /// The largest amount of `currency` one request may carry, in minor units; `nil` for a
  /// currency Billing keeps no money in. The default bound is capped at the ceiling for
  /// currencies with many minor digits (CLF); explicit bounds are checked at boot.
  func maxMinor(_ currency: String) -> Int64? {
    guard let digits = Currencies.minorDigits(currency) else { return nil }
    let major = self.byCurrency[currency] ?? self.defaultMajor
    let (minor, overflow) = major.multipliedReportingOverflow(by: Money.power(of: digits))
    return overflow ? Self.ceilingMinor : min(minor, Self.ceilingMinor)
  }

  /// The largest balance (either sign) an account in `currency` may reach, in minor units.
  func balanceLimitMinor(_ currency: String) -> Int64? {
    self.maxMinor(currency).map { $0 * Self.balanceFactor }
  }

  /// Whether `minor` units of `currency` lie within ±``maxMinor(_:)``.
  func allows(_ minor: Int64, _ currency: String) -> Bool {
    guard let limit = self.maxMinor(currency) else { return false }
    return minor.magnitude <= UInt64(limit)
  }

  /// The bound as a person reads it: "1000000000000 RUB".
  func describe(_ currency: String) -> String {
    guard let limit = self.maxMinor(currency), let digits = Currencies.minorDigits(currency) else { return "—" }
    return "\(Money.decimal(limit, digits: digits)) \(currency)"
  }
}

extension AmountLimits {
  /// Reads `abonent.billing.maxAmount` and `abonent.billing.maxAmountByCurrency`
  /// (`VND=1000000000000000,IDR=100000000000000`); an unknown code or a bound above the
  /// ceiling stops the boot.
  init(_ reader: SettingsReader) throws(ConfigurationError) {
    let defaultMajor = try reader.int(
      "abonent.billing.maxAmount", default: 1_000_000_000_000, in: 1...1_000_000_000_000)
    var byCurrency: [String: Int64] = [:]
    let key = "abonent.billing.maxAmountByCurrency"
    for pair in reader.string(key, default: "").split(separator: ",") {
      let parts = pair.split(separator: "=", maxSplits: 1).map { String($0).trimmingWhitespace }
      guard parts.count == 2, let digits = Currencies.minorDigits(parts[0].uppercased()), let major = Int64(parts[1]),
        major > 0
      else {
        throw ConfigurationError(
          message:
            "\(key) (ABONENT_BILLING_MAX_AMOUNT_BY_CURRENCY): '\(pair)' is not CODE=amount with a known ISO 4217 code")
      }
      let (minor, overflow) = major.multipliedReportingOverflow(by: Money.power(of: digits))
      guard !overflow, minor <= Self.ceilingMinor else {
        throw ConfigurationError(
          message: "\(key) (ABONENT_BILLING_MAX_AMOUNT_BY_CURRENCY): \(parts[0]) bound is above 10^15 minor units")
      }
      byCurrency[parts[0].uppercased()] = major
    }
    self.init(defaultMajor: Int64(defaultMajor), byCurrency: byCurrency)
  }
}
