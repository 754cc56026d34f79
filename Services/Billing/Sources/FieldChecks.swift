import RPC
import WireCodec

/// Billing's own field checks, next to the shared ones.
extension FieldChecks {
  mutating func idempotencyKey(_ value: String, field: String = "idempotency_key") {
    if value.isEmpty || value.utf8.count > 200 {
      self.add(field, "IDEMPOTENCY_KEY_INVALID", "Every posting needs an idempotency key of 1–200 bytes.")
    }
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
