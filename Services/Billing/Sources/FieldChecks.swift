import BillingAPI
import RPC
import WireCodec

/// Billing's own field checks, next to the shared ones.
extension FieldChecks {
  mutating func idempotencyKey(_ value: String, field: String = "idempotencyKey") {
    if value.isEmpty || value.utf8.count > 200 {
      self.add(field, "IDEMPOTENCY_KEY_INVALID", "Every posting needs an idempotency key of 1–200 bytes.")
    }
  }

  /// The currency code, upper-cased; one Billing keeps money in (``Currencies``).
  mutating func currency(_ value: String, field: String = "currency") -> String {
    let currency = value.uppercased()
    if Currencies.minorDigits(currency) == nil {
      self.add(field, "CURRENCY_UNSUPPORTED", "'\(value)' is not an ISO 4217 currency Billing keeps money in.")
    }
    return currency
  }

  /// A payment's or charge's date within the window of `valueDateDaysAhead` days after
  /// `today` and `valueDateDaysBack` days before it, both edges included.
  mutating func valueDate(_ date: CalendarDate, today: CalendarDate, settings: BillingSettings, field: String = "date")
  {
    let days = Int(date.daysSinceEpoch) - Int(today.daysSinceEpoch)
    if days > settings.valueDateDaysAhead {
      self.add(
        field, "DATE_IN_FUTURE",
        "\(date) is more than \(settings.valueDateDaysAhead) day(s) after today (\(today)); payments and charges are posted when they happen."
      )
    } else if -days > settings.valueDateDaysBack {
      self.add(
        field, "DATE_TOO_OLD", "\(date) is more than \(settings.valueDateDaysBack) days before today (\(today)).")
    }
  }

  /// A catalogue service code: what ledger entries and tariffs name.
  mutating func serviceCode(_ value: String, field: String = "code") {
    let allowed = value.utf8.allSatisfy {
      (0x61...0x7A).contains($0) || (0x30...0x39).contains($0) || $0 == 0x2D || $0 == 0x5F
    }
    if value.isEmpty || value.utf8.count > 64 || !allowed {
      self.add(field, "SERVICE_CODE_INVALID", "A service code is 1–64 characters of a–z, 0–9, '-' and '_'.")
    }
  }

  /// A payment mode with its credit limit (postpaid only, zero or more) and critical-balance
  /// threshold, both in whole minor units of `currency` within its bound; the two in minor units.
  mutating func paymentTerms(
    _ mode: PaymentMode, creditLimit: ExactDecimal, criticalBalance: ExactDecimal, currency: String,
    limits: AmountLimits
  ) -> (creditLimit: Int64, critical: Int64) {
    if mode == .unspecified { self.add("paymentMode", "REQUIRED", "Say whether the account is prepaid or postpaid.") }
    guard Currencies.minorDigits(currency) != nil else { return (0, 0) }
    let limit =
      self.money(creditLimit, currency: currency, limits: limits, field: "creditLimit", sign: .zeroOrMore) ?? 0
    if mode == .prepaid, limit != 0 {
      self.add("creditLimit", "CREDIT_LIMIT_PREPAID", "A prepaid account has no credit limit.")
    }
    let critical =
      self.money(criticalBalance, currency: currency, limits: limits, field: "criticalBalance", sign: .any) ?? 0
    return (limit, critical)
  }

  /// A positive amount representable exactly in `currency`'s minor units, within its bound.
  mutating func amount(_ value: ExactDecimal, currency: String, limits: AmountLimits, field: String = "amount") -> Int64
  {
    self.money(value, currency: currency, limits: limits, field: field, sign: .positive) ?? 0
  }

  /// Which signs an amount field takes.
  enum AmountSign {
    case positive, zeroOrMore, any
  }

  /// An amount in minor units of `currency`, or `nil` with the problem recorded: not a whole
  /// number of minor units (`AMOUNT_PRECISION`), beyond the currency's bound
  /// (`AMOUNT_OUT_OF_RANGE`, setting `maxAmount`), or of the wrong sign.
  mutating func money(_ value: ExactDecimal, currency: String, limits: AmountLimits, field: String, sign: AmountSign)
    -> Int64?
  {
    let minor: Int64
    switch Money.exactMinorUnits(value, currency: currency) {
    case .unknownCurrency:
      return nil
    case .fractional:
      self.add(
        field, "AMOUNT_PRECISION",
        "\(value) \(currency) is not a whole number of minor units; Billing does not round amounts.")
      return nil
    case .tooLarge:
      self.add(field, "AMOUNT_OUT_OF_RANGE", "The amount may be at most \(limits.describe(currency)) either way.")
      return nil
    case .exact(let exact):
      minor = exact
    }
    guard limits.allows(minor, currency) else {
      self.add(field, "AMOUNT_OUT_OF_RANGE", "The amount may be at most \(limits.describe(currency)) either way.")
      return nil
    }
    switch sign {
    case .positive where minor <= 0:
      self.add(field, "AMOUNT_NOT_POSITIVE", "The amount must be greater than zero.")
      return nil
    case .zeroOrMore where minor < 0:
      self.add(field, "AMOUNT_INVALID", "The amount must be zero or more.")
      return nil
    default:
      return minor
    }
  }
}

extension String {
  /// `nil` for an empty string: an unset filter.
  var nonEmpty: String? { self.isEmpty ? nil : self }
}
