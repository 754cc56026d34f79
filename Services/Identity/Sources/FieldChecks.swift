import IdentityAPI
import RPC

/// Identity's own field checks (registration, invitation, profile changes), next to the shared ones.
extension FieldChecks {
  mutating func email(_ value: String, field: String = "email") {
    let parts = value.split(separator: "@", omittingEmptySubsequences: false)
    let valid =
      parts.count == 2 && !parts[0].isEmpty && parts[1].contains(".") && !parts[1].hasPrefix(".")
      && !parts[1].hasSuffix(".")
      && value.utf8.count <= 254
      && value.utf8.allSatisfy { $0 > 0x20 && $0 < 0x7F && !"<>\"(),;:\\[]".utf8.contains($0) }
    if !valid { self.add(field, "EMAIL_INVALID", "'\(value)' is not an e-mail address.") }
  }

  mutating func password(
    _ password: String, confirmation: String, minimumLength: Int, field: String = "password",
    confirmationField: String = "passwordConfirmation"
  ) {
    if password.count < minimumLength {
      self.add(field, "PASSWORD_TOO_SHORT", "The password needs at least \(minimumLength) characters.")
    } else if password.count > 256 {
      self.add(field, "PASSWORD_TOO_LONG", "The password may have at most 256 characters.")
    }
    if password != confirmation {
      self.add(confirmationField, "PASSWORD_MISMATCH", "The confirmation does not match the password.")
    }
  }
}

extension Language {
  /// The code stored for a user; Russian unless English was asked for.
  var code: String { self == .english ? "en" : "ru" }
}
