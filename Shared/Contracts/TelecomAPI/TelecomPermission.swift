public import RPC

/// Telecom's permissions (docs/contributing.md, "Permissions").
public enum TelecomPermission {
  static func telecom(_ resource: String, _ verb: String, _ doc: String) -> Permission {
    Permission("telecom", resource, verb, doc: doc)
  }

  public static let simsRead = telecom("sims", "read", "See SIM cards and usage")
  public static let simsBlock = telecom("sims", "block", "Block and unblock SIM cards")
  public static let simsOperate = telecom(
    "sims", "operate", "Reboot SIM cards, rename and group them, set their limits and packages, refresh their status")
  public static let simsManage = telecom("sims", "manage", "Import SIM cards, assign them to accounts, retire them")
  public static let numbersRead = telecom(
    "numbers", "read", "Search the DID number pool, its statistics and history; find a customer by phone number")
  public static let numbersManage = telecom(
    "numbers", "manage", "Import numbers and statistics, reserve numbers, ask for and record releases")
  /// The seed: only some staff may make a number with non-target calls sellable.
  public static let numbersForce = telecom("numbers", "force", "Force numbers for sale, or take the force back")
  /// The seed's assistants: they approve release requests.
  public static let numbersApproveRelease = telecom("numbers", "approve_release", "Approve or reject release requests")
  public static let usageSimulate = telecom(
    "usage_records", "simulate", "Make the network simulator produce usage (tests and demos; served only when enabled)")
  public static let eventsRead = telecom("events", "read", "Read Telecom's event feed")
  public static let reportsRead = telecom(
    "reports", "read", "Build usage reports of SIM cards, export them to Downloads and fetch the files")

  public static let pricesRead = telecom(
    "prices", "read", "See providers, rating plans and price lists, and run the tariff check")
  public static let pricesManage = telecom(
    "prices", "manage", "Create providers and rating plans, import price lists, set accounts' rating plans")
  public static let locksRead = telecom("locks", "read", "See call locks (forbidden destinations) and their history")
  public static let locksManage = telecom("locks", "manage", "Set and change call locks")
  /// Separate from managing: operators' rule is that staff do not delete locks themselves (the
  /// lock's author or a manager does), so the role that sets locks need not hold it.
  public static let locksDelete = telecom("locks", "delete", "Delete call locks")
  public static let callsAuthorize = telecom(
    "calls", "authorize", "Ask whether a call may be connected, and at what price (switches)")
  public static let callsRead = telecom("calls", "read", "Search call records (CDRs) of accounts")
  public static let callsIngest = telecom(
    "calls", "ingest", "Send call detail records and import switches' CDR files (switches, mediation)")
  public static let chargesRead = telecom(
    "charges", "read", "See usage and call charges Billing refused, and who sent them again")
  /// Apart from reading: sending a charge again (perhaps to another account) moves money.
  public static let chargesManage = telecom(
    "charges", "manage", "Send charges Billing refused again, to their account or another")

  public static let all: [Permission] = [
    simsRead, simsBlock, simsOperate, simsManage, numbersRead, numbersManage, numbersForce, numbersApproveRelease,
    eventsRead, usageSimulate, reportsRead,
    pricesRead, pricesManage, locksRead, locksManage, locksDelete, callsAuthorize, callsIngest, callsRead,
    chargesRead, chargesManage,
  ]
}
