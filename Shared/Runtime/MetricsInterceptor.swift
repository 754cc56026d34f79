public import GRPCCore
import Prometheus
import RPC
import Synchronization

/// Counts every call by method and status code, and times it, into the server's Prometheus
/// registry (`abonent_rpc_requests_total`, `abonent_rpc_duration_seconds`).
public struct MetricsInterceptor: ServerInterceptor {
  let registry: PrometheusCollectorRegistry
  let handles = MetricHandles()

  static let buckets: [Duration] = [
    .microseconds(100), .microseconds(250), .microseconds(500), .milliseconds(1), .milliseconds(2.5),
    .milliseconds(5), .milliseconds(10), .milliseconds(25), .milliseconds(50), .milliseconds(100),
    .milliseconds(250), .milliseconds(500), .seconds(1), .seconds(2.5), .seconds(5), .seconds(10),
  ]

  // Computed: MetricNameDescriptor is not Sendable. Read only when a metric is first made.
  static var requests: MetricNameDescriptor {
    MetricNameDescriptor(
      namespace: "abonent", subsystem: "rpc", metricName: "requests", unitName: "total",
      helpText: "RPCs handled, by method and status code")
  }
  static var duration: MetricNameDescriptor {
    MetricNameDescriptor(
      namespace: "abonent", subsystem: "rpc", metricName: "duration", unitName: "seconds",
      helpText: "Time to handle an RPC, by method")
  }

  init(registry: PrometheusCollectorRegistry) {
    self.registry = registry
  }

  public func intercept<Input: Sendable, Output: Sendable>(
    request: StreamingServerRequest<Input>,
    context: ServerContext,
    next: @Sendable (StreamingServerRequest<Input>, ServerContext) async throws -> StreamingServerResponse<Output>
  ) async throws -> StreamingServerResponse<Output> {
    let start = ContinuousClock.now
    let method = context.descriptor
    let code: String
    let response: StreamingServerResponse<Output>
    do {
      response = try await next(request, context)
      switch response.accepted {
      case .success: code = "OK"
      case .failure(let error): code = "\(error.code)"
      }
    } catch let error as RPCError {
      self.record(method, "\(error.code)", since: start)
      throw error
    } catch let error as any ServiceError {
      self.record(method, "\(error.code)", since: start)
      throw error
    } catch {
      self.record(method, "unknown", since: start)
      throw error
    }
    self.record(method, code, since: start)
    return response
  }

  func record(_ method: MethodDescriptor, _ code: String, since start: ContinuousClock.Instant) {
    let elapsed = ContinuousClock.now - start
    let handles = self.handles.for(method, code) { method, code in
      let name = method.fullyQualifiedMethod
      return (
        self.registry.makeCounter(descriptor: Self.requests, labels: [("method", name), ("code", code)]),
        self.registry.makeDurationHistogram(
          descriptor: Self.duration, labels: [("method", name)], buckets: Self.buckets)
      )
    }
    handles.requests.increment()
    handles.duration.record(elapsed)
  }
}

/// The counter and histogram of each (method, status code) seen so far. Asking the registry on
/// every call rebuilt label arrays and metric names and took its lock for a lookup: ~1.6% of
/// a Ping's CPU in a perf profile (docs/BENCHMARKS.md, section 2). Bounded: only registered
/// methods reach interceptors, and there are 17 status codes.
final class MetricHandles: Sendable {
  struct Key: Hashable {
    var method: MethodDescriptor
    var code: String
  }

  private let cache = Mutex<[Key: (requests: Counter, duration: DurationHistogram)]>([:])

  /// The handles for `(method, code)`, made by `make` the first time that pair is seen.
  func `for`(
    _ method: MethodDescriptor, _ code: String,
    make: (MethodDescriptor, String) -> (Counter, DurationHistogram)
  ) -> (requests: Counter, duration: DurationHistogram) {
    let key = Key(method: method, code: code)
    if let handles = self.cache.withLock({ $0[key] }) { return handles }
    // Made outside the lock: the registry has its own, and returns the same metric to a racer.
    let made = make(method, code)
    return self.cache.withLock { cache in
      if let existing = cache[key] { return existing }
      cache[key] = (made.0, made.1)
      return (made.0, made.1)
    }
  }
}
