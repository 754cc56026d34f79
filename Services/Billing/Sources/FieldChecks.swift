import RPC
import WireCodec

/// The field checks Billing's requests share; each adds its violations, reported together.
struct FieldChecks {
  var violations: [FieldViolation] = []

  mutating func text(_ value: String, field: String, name: String, maximum: Int = 200, required: Bool = true) {
    let trimmed = value.trimmingWhitespace
    if trimmed.isEmpty, required {
      self.add(field, "REQUIRED", "\(name) is required.")
    } else if trimmed.count > maximum {
      self.add(field, "TOO_LONG", "\(name) may have at most \(maximum) characters.")
    }
  }

  mutating func taxID(_ value: String, field: String = "tax_id") {
    if TaxID.kind(of: value) == nil {
      self.add(
        field, "TAX_ID_INVALID",
        "'\(value)' is not a valid tax id: a Russian INN (10 or 12 digits) or a Kazakh IIN/BIN (12 digits) with correct check digits.")
    }
  }

  mutating func contractNumber(_ value: String, field: String = "contract_number") {
    let valid =
      !value.isEmpty && value.count <= 32
      && value.unicodeScalars.allSatisfy { $0.properties.isAlphabetic || ("0"..."9").contains($0) || $0 == "-" || $0 == "/" }
    if !valid { self.add(field, "CONTRACT_INVALID", "The contract number must be 1–32 letters, digits, '-' or '/'.") }
  }

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

  mutating func add(_ field: String, _ reason: String, _ message: String) {
    self.violations.append(FieldViolation(field, reason, message))
  }

  func check() throws(ValidationFailure) {
    try ValidationFailure.check(self.violations)
  }
}

extension String {
  var trimmingWhitespace: String {
    String(self.drop(while: \.isWhitespace).reversed().drop(while: \.isWhitespace).reversed())
  }

  /// `nil` for an empty string: an unset filter.
  var nonEmpty: String? { self.isEmpty ? nil : self }
}
