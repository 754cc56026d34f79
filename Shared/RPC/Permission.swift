/// A permission an access token can grant, named `<service>.<resource>.<verb>`
/// (docs/contributing.md, "Permissions"): `billing.accounts.block`. The resource is a plural
/// noun (`accounts`, `invoices`), or one of the few collection nouns that have none
/// (``collectionNouns``). Contract modules declare their permissions as constants
/// (`BillingPermission.paymentsPost`); handlers, Identity's catalogue and tests use those,
/// never the text.
public struct Permission: Sendable, Hashable, CustomStringConvertible {
  /// The name tokens carry in `perms`.
  public let name: String
  /// What it allows, as Identity's catalogue shows it.
  public let doc: String

  /// Resources named by a collection noun rather than a plural.
  public static let collectionNouns: Set<String> = ["catalogue", "suspense", "autopay", "news", "audit"]

  public init(_ service: String, _ resource: String, _ verb: String, doc: String) {
    precondition(
      Self.isWellFormed(service: service, resource: resource, verb: verb),
      "not a permission name: \(service).\(resource).\(verb)")
    self.name = "\(service).\(resource).\(verb)"
    self.doc = doc
  }

  /// The service the permission belongs to: the part before the first dot.
  public var service: String { String(self.name.prefix { $0 != "." }) }

  public var description: String { self.name }

  public static func == (lhs: Permission, rhs: Permission) -> Bool { lhs.name == rhs.name }
  public func hash(into hasher: inout Hasher) { hasher.combine(self.name) }

  /// The naming rule: lower-case words (`_` between words), a plural or collection noun.
  public static func isWellFormed(service: String, resource: String, verb: String) -> Bool {
    let word = { (part: String) in
      !part.isEmpty
        && part.utf8.allSatisfy { (UInt8(ascii: "a")...UInt8(ascii: "z")).contains($0) || $0 == UInt8(ascii: "_") }
    }
    return word(service) && word(resource) && word(verb)
      && (resource.hasSuffix("s") || Self.collectionNouns.contains(resource))
  }
}
