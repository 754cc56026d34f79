public import RPC

/// Utilities' permissions (docs/contributing.md, "Permissions").
public enum UtilitiesPermission {
  static func utilities(_ resource: String, _ verb: String, _ doc: String) -> Permission {
    Permission("utilities", resource, verb, doc: doc)
  }

  public static let metersRead = utilities(
    "meters", "read", "See personal accounts, meters, readings and tariffs (customers: their own contract's only)")
  public static let readingsSubmit = utilities("readings", "submit", "Submit meter readings")
  public static let readingsImport = utilities(
    "readings", "import", "Import readings from inspectors and other systems (CSV), with any source")
  public static let readingsReview = utilities("readings", "review", "Accept or reject readings held for review")
  public static let metersManage = utilities("meters", "manage", "Add, change and remove water meters")
  public static let accountsManage = utilities(
    "accounts", "manage", "Open personal accounts on Billing's accounts, with tariff group and recipients")
  public static let tariffsManage = utilities("tariffs", "manage", "Set the tariffs of tariff groups")
  public static let chargesRead = utilities(
    "charges", "read", "See the charge breakdown, settlements and reconciliation statements, as data, PDF or e-mail")
  public static let chargesPost = utilities(
    "charges", "post", "Close a month: charge consumption and post it to Billing")
  public static let noticesManage = utilities(
    "notices", "manage", "Subscribe a contract to the monthly invoice notice by e-mail, or unsubscribe it")
  public static let eventsRead = utilities("events", "read", "Read Utilities' event feed")

  public static let all: [Permission] = [
    metersRead, readingsSubmit, readingsImport, readingsReview, metersManage, accountsManage, tariffsManage,
    chargesRead, chargesPost, noticesManage, eventsRead,
  ]
}
