public import RPC

/// ISP's permissions (docs/contributing.md, "Permissions").
public enum ISPPermission {
  static func isp(_ resource: String, _ verb: String, _ doc: String) -> Permission {
    Permission("isp", resource, verb, doc: doc)
  }

  public static let plansRead = isp("plans", "read", "See subscriber plans")
  public static let plansCancel = isp("plans", "cancel", "Cancel a subscriber plan")
  public static let loginsManage = isp("logins", "manage", "Manage RADIUS logins, IP addresses and MACs")
  public static let mailboxesManage = isp("mailboxes", "manage", "Manage mailboxes, domains and FTP")
  public static let eventsRead = isp("events", "read", "Read ISP's event feed")

  public static let all: [Permission] = [plansRead, plansCancel, loginsManage, mailboxesManage, eventsRead]
}
