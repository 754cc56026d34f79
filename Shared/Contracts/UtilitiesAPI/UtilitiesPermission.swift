public import RPC

/// Utilities' permissions (docs/contributing.md, "Permissions").
public enum UtilitiesPermission {
  static func utilities(_ resource: String, _ verb: String, _ doc: String) -> Permission {
    Permission("utilities", resource, verb, doc: doc)
  }

  public static let readingsSubmit = utilities("readings", "submit", "Submit meter readings")
  public static let metersManage = utilities("meters", "manage", "Manage water meters")
  public static let eventsRead = utilities("events", "read", "Read Utilities' event feed")

  public static let all: [Permission] = [readingsSubmit, metersManage, eventsRead]
}
