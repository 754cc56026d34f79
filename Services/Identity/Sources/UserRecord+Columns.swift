import PostgresNIO

extension UserRecord {
  /// `users.status` as stored: a registration waits for its confirmation (`pending`), an
  /// invited user for accepting (`invited`); `removed` users keep their row for the audit log.
  enum Status: String, PostgresCodable, Sendable {
    case pending, invited, active, removed
  }

  /// `organizations.kind` as stored: the operator (whose users are staff), a company, or a
  /// private person.
  enum OrganizationKind: String, PostgresCodable, Sendable {
    case `operator`, company, individual
  }
}

/// `roles.audience` as stored: staff roles are for the operator's users, customer roles for
/// the users of customer organizations.
enum RoleAudience: String, PostgresCodable, Sendable {
  case staff, customer
}
