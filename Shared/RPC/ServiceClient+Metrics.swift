import GRPCCore
import Prometheus
import Synchronization

/// Outgoing calls on the calling service's /metrics: `abonent_rpc_client_requests_total
/// {service, method, code}` counts attempts (a retried call counts each one) and
/// `abonent_rpc_client_request_duration_seconds{service, method}` times them.
final class ServiceClientMetrics: Sendable {
  let registry: PrometheusCollectorRegistry
  let dependency: String
  /// The metrics of each (method, code) seen so far, so a call does not ask the registry (its
  /// lock, label arrays) each time; bounded by the methods called × 17 status codes.
  private let handles = Mutex<[String: (requests: Counter, duration: DurationHistogram)]>([:])

  static let buckets: [Duration] = [
    .milliseconds(1), .milliseconds(2.5), .milliseconds(5), .milliseconds(10), .milliseconds(25), .milliseconds(50),
    .milliseconds(100), .milliseconds(250), .milliseconds(500), .seconds(1), .seconds(2.5), .seconds(5), .seconds(10),
    .seconds(30),
  ]

  // Computed: MetricNameDescriptor is not Sendable. Read only when a metric is first made.
  static var requests: MetricNameDescriptor {
    MetricNameDescriptor(
      namespace: "abonent", subsystem: "rpc_client", metricName: "requests", unitName: "total",
      helpText: "Outgoing RPC attempts to other services, by service, method and status code")
  }
  static var duration: MetricNameDescriptor {
    MetricNameDescriptor(
      namespace: "abonent", subsystem: "rpc_client", metricName: "request_duration", unitName: "seconds",
      helpText: "Time of outgoing RPC attempts to other services, by service and method")
  }

  init(registry: PrometheusCollectorRegistry, dependency: String) {
    self.registry = registry
    self.dependency = dependency
  }

  func record(_ method: MethodDescriptor, code: String, since start: ContinuousClock.Instant) {
    let elapsed = ContinuousClock.now - start
    let name = method.fullyQualifiedMethod
    let key = "\(name) \(code)"
    let handles =
      self.handles.withLock { $0[key] }
      ?? {
        // Made outside the lock: the registry has its own and returns the same metric to a racer.
        let made = (
          requests: self.registry.makeCounter(
            descriptor: Self.requests, labels: [("service", self.dependency), ("method", name), ("code", code)]),
          duration: self.registry.makeDurationHistogram(
            descriptor: Self.duration, labels: [("service", self.dependency), ("method", name)], buckets: Self.buckets)
        )
        self.handles.withLock { $0[key] = made }
        return made
      }()
    handles.requests.increment()
    handles.duration.record(elapsed)
  }
}
