public import RPC

/// The public contract of the Telecom service: what callers import to talk to it.
public enum TelecomContract {
  public static let serviceName = "abonent.telecom.Telecom"
  /// The documented default gRPC port (docs/configuration.md).
  public static let defaultPort = 7403

  /// Methods arrive with the Telecom issues; until then the server answers Describe and Ping.
  public static let contract = ServiceContract(
    name: serviceName,
    doc: "IoT SIM cards, the DID number pool, CDR rating, call locks and usage reports.",
    methods: []
  )
}
