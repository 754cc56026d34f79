public import RPC

/// What ISP publishes on its event feed (`abonent.isp.Events/Subscribe`, permission
/// `isp.events.read`).
public enum ISPEvents {
  public static let planChanged = EventType<PlanEvent>(
    "isp", "plan", "changed",
    doc:
      "A plan was added, changed to another type, suspended, reactivated, cancelled, deleted or moved to another owner: the plan as it now is."
  )

  /// Every event type of the feed.
  public static let allNames: [String] = [planChanged.name]
}
