import Storage

/// Utilities' schema. Versions from 100 (below are the platform's tables). Utilities owns these
/// tables alone: Billing's accounts, VAT rates and ledger reach it through Billing's API.
enum UtilitiesMigrations {
  /// In version order; each version in its own file, `MigrationNNN<What>.swift`.
  static let all = [v100Meters, v101Charges, v102ConfirmedCompanies, v103RefusedCharges]

  /// The unique indexes a caller can run into, as the refusals they mean.
  static let uniqueViolations = UniqueViolations([:])
}
