import BillingAPI
import RPC
import WireCodec

/// Billing's own field checks, next to the shared ones.
extension FieldChecks {
  mutating func idempotencyKey(_ value: String, field: String = "idempotency_key") {
    if value.isEmpty || value.utf8.count > 200 {
      self.add(field, "IDEMPOTENCY_KEY_INVALID", "Every posting needs an idempotency key of 1–200 bytes.")
    }
  }

  /// The currency code, upper-cased; one Billing keeps money in.
  mutating func currency(_ value: String, field: String = "currency") -> String {
    let currency = value.uppercased()
    if Money.minorDigits[currency] == nil {
      self.add(field, "CURRENCY_UNSUPPORTED", "Billing keeps money in RUB, KZT, USD or EUR.")
    }
    return currency
  }

  /// A catalogue service code: what ledger entries and tariffs name.
  mutating func serviceCode(_ value: String, field: String = "code") {
    let allowed = value.utf8.allSatisfy { (0x61...0x7A).contains($0) || (0x30...0x39).contains($0) || $0 == 0x2D || $0 == 0x5F }
    if value.isEmpty || value.utf8.count > 64 || !allowed {
      self.add(field, "SERVICE_CODE_INVALID", "A service code is 1–64 characters of a–z, 0–9, '-' and '_'.")
    }
  }

  /// A payment mode with its credit limit (postpaid only, zero or more) and critical-balance
  /// threshold, both in whole minor units of `currency`; the two in minor units.
  mutating func paymentTerms(
    _ mode: PaymentMode, creditLimit: ExactDecimal, criticalBalance: ExactDecimal, currency: String
  ) -> (creditLimit: Int64, critical: Int64) {
    if mode == .unspecified { self.add("payment_mode", "REQUIRED", "Say whether the account is prepaid or postpaid.") }
    guard Money.minorDigits[currency] != nil else { return (0, 0) }
    var limit: Int64 = 0
    if let minor = Money.minorUnits(creditLimit, currency: currency), minor >= 0 {
      limit = minor
    } else {
      self.add("credit_limit", "AMOUNT_INVALID", "The credit limit must be zero or more, in whole minor units.")
    }
    if mode == .prepaid, limit != 0 { self.add("credit_limit", "CREDIT_LIMIT_PREPAID", "A prepaid account has no credit limit.") }
    guard let critical = Money.minorUnits(criticalBalance, currency: currency) else {
      self.add("critical_balance", "AMOUNT_PRECISION", "The critical balance must be in whole minor units.")
      return (limit, 0)
    }
    return (limit, critical)
  }

  /// A positive amount representable exactly in `currency`'s minor units.
  mutating func amount(_ value: ExactDecimal, currency: String, field: String = "amount") -> Int64 {
    guard let minor = Money.minorUnits(value, currency: currency) else {
      self.add(field, "AMOUNT_PRECISION", "\(value) \(currency) is not a whole number of minor units; Billing does not round amounts.")
      return 0
    }
    if minor <= 0 { self.add(field, "AMOUNT_NOT_POSITIVE", "The amount must be greater than zero.") }
    return minor
  }
}

extension String {
  /// `nil` for an empty string: an unset filter.
  var nonEmpty: String? { self.isEmpty ? nil : self }
}
