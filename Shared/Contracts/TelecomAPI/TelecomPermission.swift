public import RPC

/// Telecom's permissions (docs/contributing.md, "Permissions").
public enum TelecomPermission {
  static func telecom(_ resource: String, _ verb: String, _ doc: String) -> Permission {
    Permission("telecom", resource, verb, doc: doc)
  }

  public static let simsRead = telecom("sims", "read", "See SIM cards and usage")
  public static let simsBlock = telecom("sims", "block", "Block and unblock SIM cards")
  public static let numbersManage = telecom("numbers", "manage", "Manage the DID number pool")
  public static let eventsRead = telecom("events", "read", "Read Telecom's event feed")

  public static let all: [Permission] = [simsRead, simsBlock, numbersManage, eventsRead]
}
