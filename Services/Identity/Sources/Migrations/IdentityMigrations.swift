import Storage

/// Identity's schema. Versions from 100 (below are the platform's tables).
enum IdentityMigrations {
  /// In version order; each version in its own file, `MigrationNNN<What>.swift`.
  static let all = [
    v100OrganizationsUsersRoles,
    v101CodesAndSessions,
    v102KeysAccountsNewsAudit,
  ]
}
