public import RPC

/// The public contract of the Utilities service: what callers import to talk to it.
public enum UtilitiesContract {
  public static let serviceName = "abonent.utilities.Utilities"
  /// The documented default gRPC port (docs/configuration.md).
  public static let defaultPort = 7404

  /// Methods arrive with the Utilities issues; until then the server answers Describe and Ping.
  public static let contract = ServiceContract(
    name: serviceName,
    doc: "Water meters, readings and charge breakdowns.",
    methods: []
  )
}
