import GRPCCore
import GRPCNIOTransportHTTP2
public import Logging
public import Prometheus
public import ServiceLifecycle
import WireCodec

/// The one client a service keeps for one dependency (Identity's for Billing, …): created when
/// the service is built, run in its service group, and shared by every call, so calls reuse
/// one HTTP/2 connection instead of opening one each. Every call has a deadline (never past
/// the deadline of the call being served); calls marked idempotent are retried with backoff
/// when the dependency answers UNAVAILABLE or cannot be reached; each call carries the
/// service's token; each attempt is counted on /metrics.
///
/// ```swift
/// let billing = try ServiceClient(dependency: "billing", name: "Billing", endpoint: settings, options: options,
///                                 tokens: tokens, metrics: context.metrics, logger: context.logger)
/// // ServiceParts(…, workers: [billing])
/// let reply = try await billing.call(BillingContract.verifyCustomerReference, request, idempotent: true)
/// ```
public final class ServiceClient: Service {
  /// Short name, the `service` label of the metrics: `billing`.
  public let dependency: String
  /// How messages name it: `Billing`.
  public let name: String
  public let options: ServiceClientOptions
  let grpc: GRPCClient<HTTP2ClientTransport.Posix>
  let tokens: (any ServiceTokenSource)?
  let metrics: ServiceClientMetrics
  public let logger: Logger

  public init(
    dependency: String, name: String, endpoint: ClientSettings, options: ServiceClientOptions,
    tokens: (any ServiceTokenSource)?,
    metrics: PrometheusCollectorRegistry = PrometheusCollectorRegistry(), logger: Logger
  ) throws {
    self.dependency = dependency
    self.name = name
    self.options = options
    self.tokens = tokens
    self.metrics = ServiceClientMetrics(registry: metrics, dependency: dependency)
    self.logger = logger
    self.grpc = GRPCClient(transport: try endpoint.makeTransport(options: options))
  }

  /// Keeps the connection until graceful shutdown. It is a worker of the service group, so it
  /// stops after the gRPC server has drained: calls still being served can finish theirs.
  public func run() async throws {
    try await withGracefulShutdownHandler {
      try await self.grpc.runConnections()
    } onGracefulShutdown: {
      self.grpc.beginGracefulShutdown()
    }
  }

  /// Calls `method`. A call the dependency does not answer in time, or cannot be reached for,
  /// ends with ``PlatformError/unavailable(_:)`` naming it (UNAVAILABLE,
  /// `DEPENDENCY_UNAVAILABLE`) once the deadline has passed; any other refusal is the
  /// dependency's `RPCError`, with its reason. Only `idempotent` calls are retried: a call
  /// that changes something must not be made twice because its answer was lost.
  public func call<Request, Reply>(
    _ method: UnaryMethod<Request, Reply>, _ request: Request, idempotent: Bool = false, deadline: Duration? = nil
  ) async throws -> Reply {
    let end = self.end(of: deadline ?? self.options.deadline)
    let attempts = idempotent ? self.options.maxAttempts : 1
    var attempt = 1
    while true {
      let remaining = end - ContinuousClock.now
      guard remaining > .zero else { throw self.unavailable(method, "its deadline passed before attempt \(attempt)") }
      do {
        return try await self.attempt(method, request, timeout: remaining)
      } catch let error as RPCError {
        switch error.code {
        case .unavailable where attempt < attempts:
          let pause = self.options.backoff(beforeRetry: attempt)
          guard ContinuousClock.now + pause < end else {
            throw self.unavailable(method, "\(error.code): \(error.message)")
          }
          self.logger.debug(
            "retrying an idempotent call",
            metadata: ["dependency": "\(self.dependency)", "attempt": "\(attempt)", "pause": "\(pause)"])
          try await Task.sleep(for: pause)
          attempt += 1
        case .unavailable, .deadlineExceeded:
          // Not reached, or no answer in time: the dependency is what failed, not this call.
          throw self.unavailable(method, "\(error.code): \(error.message)")
        default:
          throw error
        }
      }
    }
  }

  /// One attempt with the time left, counted and timed by its outcome.
  func attempt<Request, Reply>(_ method: UnaryMethod<Request, Reply>, _ request: Request, timeout: Duration)
    async throws -> Reply
  {
    var metadata: Metadata = [:]
    if let tokens = self.tokens { metadata.addString("Bearer \(try await tokens.token())", forKey: "authorization") }
    if let requestID = CallScope.current?.requestID { metadata.addString(requestID, forKey: "x-request-id") }
    var options = CallOptions.defaults
    options.timeout = timeout
    // Wait for the connection up to the deadline: a dependency restarting for a moment is
    // waited for; one that stays down is UNAVAILABLE at the deadline, not a hang.
    options.waitForReady = true
    let start = ContinuousClock.now
    do {
      let reply = try await self.grpc.unary(
        request: ClientRequest(message: request, metadata: metadata),
        descriptor: method.descriptor,
        serializer: WireSerializer<Request>(),
        deserializer: WireDeserializer<Reply>(limits: .default),
        options: options
      ) { response in try response.message }
      self.metrics.record(method.descriptor, code: "OK", since: start)
      return reply
    } catch let error as RPCError {
      self.metrics.record(method.descriptor, code: "\(error.code)", since: start)
      throw error
    } catch {
      self.metrics.record(method.descriptor, code: "unknown", since: start)
      throw error
    }
  }

  /// When a call with `budget` must end: never after the deadline of the call being served,
  /// less a tenth of the time left (at most 100 ms), so its caller hears why.
  func end(of budget: Duration) -> ContinuousClock.Instant {
    let now = ContinuousClock.now
    var end = now + budget
    if let outer = CallScope.current?.deadline {
      let margin = min((outer - now) / 10, .milliseconds(100))
      end = min(end, outer - margin)
    }
    return end
  }

  func unavailable<Request, Reply>(_ method: UnaryMethod<Request, Reply>, _ why: String) -> PlatformError {
    self.logger.warning(
      "a dependency did not answer",
      metadata: ["dependency": "\(self.dependency)", "method": "\(method.descriptor)", "why": "\(why)"])
    return PlatformError.unavailable(self.name)
  }
}

extension ClientSettings {
  /// The transport of a long-lived client: keepalive while calls are in flight, idle
  /// connections closed after `maxIdle`, reconnects backed off up to `reconnectMaxBackoff`.
  func makeTransport(options: ServiceClientOptions) throws -> HTTP2ClientTransport.Posix {
    try self.makeTransport { config in
      config.connection.keepalive = HTTP2ClientTransport.Config.Keepalive(
        time: options.keepaliveTime, timeout: options.keepaliveTimeout, allowWithoutCalls: false)
      config.connection.maxIdleTime = options.maxIdle
      config.backoff.initial = min(config.backoff.initial, options.reconnectMaxBackoff)
      config.backoff.max = options.reconnectMaxBackoff
    }
  }
}
