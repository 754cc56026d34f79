import IdentityAPI
import RPC

/// The checks registration, invitation and profile changes share; each adds its violations.
struct FieldChecks {
  var violations: [FieldViolation] = []

  mutating func email(_ value: String, field: String = "email") {
    let parts = value.split(separator: "@", omittingEmptySubsequences: false)
    let valid =
      parts.count == 2 && !parts[0].isEmpty && parts[1].contains(".") && !parts[1].hasPrefix(".") && !parts[1].hasSuffix(".")
      && value.utf8.count <= 254 && value.utf8.allSatisfy { $0 > 0x20 && $0 < 0x7F && !"<>\"(),;:\\[]".utf8.contains($0) }
    if !valid { self.violations.append(FieldViolation(field, "EMAIL_INVALID", "'\(value)' is not an e-mail address.")) }
  }

  mutating func password(_ password: String, confirmation: String, minimumLength: Int, field: String = "password", confirmationField: String = "password_confirmation") {
    if password.count < minimumLength {
      self.violations.append(FieldViolation(field, "PASSWORD_TOO_SHORT", "The password needs at least \(minimumLength) characters."))
    } else if password.count > 256 {
      self.violations.append(FieldViolation(field, "PASSWORD_TOO_LONG", "The password may have at most 256 characters."))
    }
    if password != confirmation {
      self.violations.append(FieldViolation(confirmationField, "PASSWORD_MISMATCH", "The confirmation does not match the password."))
    }
  }

  mutating func text(_ value: String, field: String, name: String, maximum: Int = 200) {
    let trimmed = value.trimmingWhitespace
    if trimmed.isEmpty {
      self.violations.append(FieldViolation(field, "REQUIRED", "\(name) is required."))
    } else if trimmed.count > maximum {
      self.violations.append(FieldViolation(field, "TOO_LONG", "\(name) may have at most \(maximum) characters."))
    }
  }

  mutating func taxID(_ value: String, field: String = "tax_id") {
    if TaxID.kind(of: value) == nil {
      self.violations.append(FieldViolation(
        field, "TAX_ID_INVALID", "'\(value)' is not a valid tax id: a Russian INN (10 or 12 digits) or a Kazakh IIN/BIN (12 digits) with correct check digits."))
    }
  }

  mutating func contractNumber(_ value: String, field: String = "contract_number") {
    let valid = !value.isEmpty && value.count <= 32 && value.unicodeScalars.allSatisfy { $0.properties.isAlphabetic || ("0"..."9").contains($0) || $0 == "-" || $0 == "/" }
    if !valid {
      self.violations.append(FieldViolation(field, "CONTRACT_INVALID", "The contract number must be 1–32 letters, digits, '-' or '/'."))
    }
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
}

extension Language {
  /// The code stored for a user; Russian unless English was asked for.
  var code: String { self == .english ? "en" : "ru" }
}
