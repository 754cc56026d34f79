public import RPC

/// The public contract of the Identity service: what callers import to talk to it.
public enum IdentityContract {
  public static let serviceName = "abonent.identity.Identity"
  /// The documented default gRPC port (docs/configuration.md).
  public static let defaultPort = 7401

  /// Methods arrive with the Identity issues; until then the server answers Describe and Ping.
  public static let contract = ServiceContract(
    name: serviceName,
    doc: "People and companies, sign-in, sessions, password recovery, org users, roles and permissions.",
    methods: []
  )
}
