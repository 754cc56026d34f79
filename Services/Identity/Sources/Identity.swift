import Logging
import PostgresNIO
import RPC
import Runtime
import Storage
import WireCodec

#if canImport(FoundationEssentials)
  import FoundationEssentials
#else
  import Foundation
#endif

/// Identity's domain: every flow (registration, sign-in, recovery, organizations, …) is an
/// extension in `Identity+<Concern>.swift`. Handlers in IdentityHandlers.swift only translate.
final class Identity: Sendable {
  let database: Database
  let settings: IdentitySettings
  let hasher: PasswordHasher
  let keys: SigningKeys
  let clock: any WallClock
  let logger: Logger
  /// Asks Billing about customers; `nil` without `billingAddress`.
  let customerCheck: CustomerCheck?

  init(database: Database, settings: IdentitySettings, context: ServiceContext) throws {
    self.database = database
    self.settings = settings
    self.hasher = PasswordHasher(parameters: settings.scrypt)
    let keys = SigningKeys(
      database: database, keyEncryptionKey: settings.keyEncryptionKey,
      accessTokenLifetime: settings.accessTokenLifetime, clock: context.clock)
    self.keys = keys
    self.clock = context.clock
    self.logger = context.logger
    self.customerCheck = try CustomerCheck(settings: settings, keys: keys, context: context)
  }

  var now: UTCTimestamp { self.clock.now() }
}

/// A user row with what the flows need of its organization and role.
struct UserRecord: Sendable {
  let id: UUID
  let organizationID: UUID
  let role: String
  let login: String
  let email: String
  let fullName: String
  let language: String
  let passwordHash: String?
  let status: Status
  let failedAttempts: Int
  let lockedUntil: UTCTimestamp?
  let organizationKind: OrganizationKind
  let taxID: String?
  let contractNumber: String?

  static let columns = """
    u.id, u.organization_id, u.role, u.login, u.email, u.full_name, u.language, u.password_hash, u.status,
    u.failed_attempts, u.locked_until, o.kind, o.tax_id, o.contract_number
    """

  typealias Row = (
    UUID, UUID, String, String, String, String, String, String?, Status, Int, UTCTimestamp?, OrganizationKind, String?,
    String?
  )

  init(_ row: Row) {
    (
      self.id, self.organizationID, self.role, self.login, self.email, self.fullName, self.language, self.passwordHash,
      self.status, self.failedAttempts, self.lockedUntil, self.organizationKind, self.taxID, self.contractNumber
    ) = row
  }
}

extension Identity {
  /// The user whose login or e-mail is `login` (case-insensitive; a login match wins), locking
  /// the row when `forUpdate`.
  func user(byLogin login: String, on connection: PostgresConnection, forUpdate: Bool = false) async throws
    -> UserRecord?
  {
    try await self.firstUser(
      on: connection,
      """
      SELECT \(unescaped: UserRecord.columns) FROM users u JOIN organizations o ON o.id = u.organization_id
      WHERE lower(u.login) = lower(\(login)) OR lower(u.email) = lower(\(login)) ORDER BY lower(u.login) = lower(\(login)) DESC LIMIT 1
      \(unescaped: forUpdate ? "FOR UPDATE OF u" : "")
      """)
  }

  func user(byID id: UUID, on connection: PostgresConnection, forUpdate: Bool = false) async throws -> UserRecord? {
    try await self.firstUser(
      on: connection,
      """
      SELECT \(unescaped: UserRecord.columns) FROM users u JOIN organizations o ON o.id = u.organization_id WHERE u.id = \(id)
      \(unescaped: forUpdate ? "FOR UPDATE OF u" : "")
      """)
  }

  func firstUser(on connection: PostgresConnection, _ query: PostgresQuery) async throws -> UserRecord? {
    let rows = try await connection.query(query, logger: self.logger)
    return try await rows.one(UserRecord.Row.self).map(UserRecord.init)
  }

  /// Records a security event in the caller's transaction.
  func audit(_ kind: String, user: UUID?, actor: String = "", detail: String = "", on connection: PostgresConnection)
    async throws
  {
    try await connection.query(
      """
      INSERT INTO audit_events (at, kind, user_id, actor_id, detail) VALUES (\(self.now), \(kind), \(user), \(actor), \(detail))
      """, logger: self.logger)
  }

  /// Records a security event in a transaction of its own (for refusals, whose transaction rolls back).
  func auditAlone(_ kind: String, user: UUID?, actor: String = "", detail: String = "") async {
    do {
      try await self.database.transaction { connection in
        try await self.audit(kind, user: user, actor: actor, detail: detail, on: connection)
      }
    } catch {
      self.logger.error("could not record an audit event", metadata: ["kind": "\(kind)", "error": "\(error)"])
    }
  }
}

/// Parses a user id from a request; NOT_FOUND for anything that is not a UUID, like an unknown id.
func parseUserID(_ text: String) throws(IdentityError) -> UUID {
  guard let id = UUID(uuidString: text) else { throw IdentityError.notFound }
  return id
}
