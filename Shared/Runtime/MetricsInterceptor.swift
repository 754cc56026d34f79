public import GRPCCore
import Prometheus
import RPC

/// Counts every call by method and status code, and times it, into the server's Prometheus
/// registry (`abonent_rpc_requests_total`, `abonent_rpc_duration_seconds`).
public struct MetricsInterceptor: ServerInterceptor {
  let registry: PrometheusCollectorRegistry

  static let buckets: [Duration] = [
    .microseconds(100), .microseconds(250), .microseconds(500), .milliseconds(1), .milliseconds(2.5),
    .milliseconds(5), .milliseconds(10), .milliseconds(25), .milliseconds(50), .milliseconds(100),
    .milliseconds(250), .milliseconds(500), .seconds(1), .seconds(2.5), .seconds(5), .seconds(10),
  ]

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
    let method = context.descriptor.fullyQualifiedMethod
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

  func record(_ method: String, _ code: String, since start: ContinuousClock.Instant) {
    let elapsed = ContinuousClock.now - start
    self.registry.makeCounter(descriptor: Self.requests, labels: [("method", method), ("code", code)]).increment()
    self.registry.makeDurationHistogram(descriptor: Self.duration, labels: [("method", method)], buckets: Self.buckets)
      .record(elapsed)
  }
}
