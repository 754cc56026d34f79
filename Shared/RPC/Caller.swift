#if canImport(FoundationEssentials)
  public import FoundationEssentials
#else
  public import Foundation
#endif

/// The authenticated caller of the current RPC, as its access token describes it.
public struct Caller: Sendable, Hashable {
  /// The user (token `sub`).
  public let userID: String
  /// The organization the user acts for (token `org`), if any.
  public let organizationID: String?
  /// Everything the token grants (token `perms`).
  public let permissions: Set<String>
  /// The sign-in session the token belongs to (token `sid`); `nil` for service accounts.
  public let sessionID: String?
  /// Who the caller is (token `kind`).
  public let kind: Kind

  /// Customers act only within their own organization; the operator's staff act across
  /// organizations as their permissions allow; service accounts are other services.
  public enum Kind: String, Sendable, Hashable {
    case customer, staff, service
  }

  public init(
    userID: String, organizationID: String?, permissions: Set<String>, sessionID: String? = nil, kind: Kind = .customer
  ) {
    self.userID = userID
    self.organizationID = organizationID
    self.permissions = permissions
    self.sessionID = sessionID
    self.kind = kind
  }

  /// Whether the caller may act on `organizationID`'s data with `permission`: staff and
  /// services with the permission anywhere, customers only in their own organization.
  public func mayAct(on organizationID: String, with permission: Permission) -> Bool {
    guard self.has(permission) else { return false }
    return self.kind != .customer || self.organizationID == organizationID
  }

  public func has(_ permission: Permission) -> Bool {
    self.permissions.contains(permission.name)
  }

  /// Throws PERMISSION_DENIED unless the token grants `permission`.
  public func require(_ permission: Permission) throws(PlatformError) {
    guard self.has(permission) else { throw PlatformError.permissionDenied(permission.name) }
  }

  /// Who an action is recorded as coming from in histories: `customer:<id>`, `staff:<id>`,
  /// `service:<id>`.
  public var actor: String { "\(self.kind.rawValue):\(self.userID)" }

  /// Set by ``AuthInterceptor`` for the duration of a call that needs a token.
  @TaskLocal public static var current: Caller?

  /// The caller of the current RPC; UNAUTHENTICATED when the call carries no verified token
  /// (only possible in a handler of a public method).
  public static func authenticated() throws(PlatformError) -> Caller {
    guard let caller = Caller.current else { throw PlatformError.missingToken }
    return caller
  }
}

extension Caller {
  /// The organization a customer caller is confined to; `nil` for staff and services, who act
  /// across organizations as their permissions allow. A customer token without a valid
  /// organization is OUTSIDE_ORGANIZATION: it may see nothing.
  public func confinedOrganization() throws(PlatformError) -> UUID? {
    guard self.kind == .customer else { return nil }
    guard let organization = self.organizationID.flatMap({ UUID(uuidString: $0) }) else {
      throw PlatformError.outsideOrganization
    }
    return organization
  }
}
