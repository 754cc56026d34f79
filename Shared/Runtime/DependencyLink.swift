import IdentityAPI
public import RPC
public import ServiceLifecycle
import Settings

/// How a service reaches another one it depends on (Telecom and Utilities → Billing): the
/// service token source (a fixed token, or one renewed from Identity for the service account)
/// and the one long-lived client its calls share (connection reused, deadlines and retries).
public struct DependencyLink: Sendable {
  public let address: ClientSettings
  public let tokens: any ServiceTokenSource
  public let client: ServiceClient
  /// The clients to run beside the service.
  public let workers: [any Service]

  /// The link to `dependency` at `address`, with `token` when set, else the service account's
  /// renewed token; nil when `address` is nil (the dependency is not configured).
  /// - Throws: ConfigurationError when neither a token nor a service account is set.
  public static func make(
    dependency: String, name: String, address: ClientSettings?, token: String?,
    serviceAccount: ServiceAccountSettings?, addressSetting: String, context: ServiceContext
  ) throws -> DependencyLink? {
    guard let address else { return nil }
    var workers: [any Service] = []
    let tokens: any ServiceTokenSource
    if let token {
      tokens = FixedTokenSource(token)
    } else if let account = serviceAccount {
      let identity = try ServiceClient(
        dependency: "identity", name: "Identity", endpoint: account.identity,
        options: try ServiceClientOptions(context.settings, dependency: "identity"), tokens: nil,
        metrics: context.metrics, logger: context.logger)
      workers.append(identity)
      tokens = RenewingTokenSource.serviceAccount(account, identity: identity)
    } else {
      throw ConfigurationError(message: "\(addressSetting) needs a token")
    }
    let client = try ServiceClient(
      dependency: dependency, name: name, endpoint: address,
      options: try ServiceClientOptions(context.settings, dependency: dependency), tokens: tokens,
      metrics: context.metrics, logger: context.logger)
    workers.append(client)
    return DependencyLink(address: address, tokens: tokens, client: client, workers: workers)
  }
}
