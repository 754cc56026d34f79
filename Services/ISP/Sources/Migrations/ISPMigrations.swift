import Storage

/// ISP's schema. Versions from 100 (below are the platform's tables). FreeRADIUS reads the
/// `rad*` views and writes `radacct` and `radpostauth` (docs/isp.md, "RADIUS").
enum ISPMigrations {
  /// In version order; each version in its own file, `MigrationNNN<What>.swift`.
  static let all = [v100Radius, v101Plans, v102RefusedCharges]

  /// Unique indexes whose violation is a caller's refusal, not a fault.
  static let uniqueViolations = UniqueViolations([
    "plans_circuit": ISPError.circuitTaken,
    "plan_addresses_unique_in_pool": ISPError.addressTaken,
    "radius_logins_login_key": ISPError.loginTaken,
  ])
}
