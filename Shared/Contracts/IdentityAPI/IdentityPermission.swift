public import RPC

/// Identity's permissions (docs/contributing.md, "Permissions"; docs/identity.md).
public enum IdentityPermission {
  static func identity(_ resource: String, _ verb: String, _ doc: String) -> Permission {
    Permission("identity", resource, verb, doc: doc)
  }

  public static let usersRead = identity("users", "read", "See the users of an organization")
  public static let usersManage = identity(
    "users", "manage", "Invite and remove users of an organization and change their roles")
  public static let rolesManage = identity("roles", "manage", "Create and change custom roles")
  public static let permissionsRegister = identity(
    "permissions", "register", "Add a service's permissions to the catalogue")
  public static let serviceAccountsManage = identity("service_accounts", "manage", "Create service accounts")
  public static let keysRotate = identity("keys", "rotate", "Rotate the token-signing key")
  public static let newsPublish = identity("news", "publish", "Publish news to customers")
  public static let auditRead = identity("audit", "read", "Read the security audit log")
  public static let eventsRead = identity("events", "read", "Read Identity's event feed")

  /// Every Identity permission, in catalogue order.
  public static let all: [Permission] = [
    usersRead, usersManage, rolesManage, permissionsRegister, serviceAccountsManage, keysRotate, newsPublish, auditRead,
    eventsRead,
  ]
}
