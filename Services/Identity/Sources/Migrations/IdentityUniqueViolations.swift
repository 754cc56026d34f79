import RPC
import Storage

extension IdentityMigrations {
  /// What a violation of each of Identity's unique constraints means to a caller: a
  /// registration that raced another for the same e-mail, login or contract gets the answer
  /// the checks before it would have given.
  static let uniqueViolations = UniqueViolations([
    "users_email": ValidationFailure([
      FieldViolation(
        "email", "EMAIL_TAKEN", "A profile with this e-mail already exists; sign in or recover the password.")
    ]),
    "users_login": ValidationFailure([FieldViolation("login", "LOGIN_TAKEN", "This login is already taken.")]),
    "organizations_contract_number_key": ValidationFailure([
      FieldViolation("contractNumber", "CONTRACT_TAKEN", "This contract number is already registered.")
    ]),
  ])
}
