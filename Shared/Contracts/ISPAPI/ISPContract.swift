public import RPC

/// The public contract of the ISP service: what callers import to talk to it.
public enum ISPContract {
  public static let serviceName = "abonent.isp.ISP"
  /// The documented default gRPC port (docs/configuration.md).
  public static let defaultPort = 7405

  /// Methods arrive with the ISP issues; until then the server answers Describe and Ping.
  public static let contract = ServiceContract(
    name: serviceName,
    doc: "Subscriber plans, RADIUS logins, IP pools, mail, domains, FTP, circuits and history.",
    methods: []
  )
}
