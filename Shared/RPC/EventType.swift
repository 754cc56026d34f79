public import WireCodec

/// One kind of event a service publishes on its feed: the type name subscribers filter on,
/// tied to the message its payload carries. Contract modules declare these as constants
/// (`BillingEvents.accountBlocked`); the publisher appends them with that message and a
/// consumer subscribes to the constant and receives the decoded message.
/// Names are `<service>.<thing>.<what happened>`: `billing.account.blocked`.
public struct EventType<Payload: WireMessage>: Sendable, Hashable {
  public let name: String
  public let doc: String

  public init(_ service: String, _ thing: String, _ happened: String, doc: String) {
    self.name = "\(service).\(thing).\(happened)"
    self.doc = doc
  }

  public static func == (lhs: Self, rhs: Self) -> Bool { lhs.name == rhs.name }
  public func hash(into hasher: inout Hasher) { hasher.combine(self.name) }
}
