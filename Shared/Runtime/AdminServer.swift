import Hummingbird
import Logging
import NIOCore
import Prometheus
public import ServiceLifecycle
import Storage

/// The operations port: `GET /metrics` (Prometheus text), `/health/live` (the process
/// answers) and `/health/ready` (200 when ready, 503 with the reasons when not).
public struct AdminServer: Service {
  let settings: AdminSettings
  let readiness: Readiness
  let registry: PrometheusCollectorRegistry
  let logger: Logger
  let onListening: @Sendable (Int) -> Void

  init(
    settings: AdminSettings, readiness: Readiness, registry: PrometheusCollectorRegistry, logger: Logger,
    onListening: @escaping @Sendable (Int) -> Void
  ) {
    self.settings = settings
    self.readiness = readiness
    self.registry = registry
    self.logger = logger
    self.onListening = onListening
  }

  public func run() async throws {
    let router = Router()
    let readiness = self.readiness
    let registry = self.registry
    router.get("/health/live") { _, _ in "ok\n" }
    router.get("/health/ready") { _, _ -> Response in
      let problems = await readiness.problems()
      let body = problems.isEmpty ? "ready\n" : "not ready: \(problems.joined(separator: ", "))\n"
      return Response(
        status: problems.isEmpty ? .ok : .serviceUnavailable, body: .init(byteBuffer: ByteBuffer(string: body)))
    }
    let database = self.readiness.database
    router.get("/metrics") { _, _ -> Response in
      if let database { PoolGauges.update(registry, from: database) }
      var text: [UInt8] = []
      registry.emit(into: &text)
      return Response(
        status: .ok, headers: [.contentType: "text/plain; version=0.0.4"],
        body: .init(byteBuffer: ByteBuffer(bytes: text)))
    }
    let onListening = self.onListening
    let application = Application(
      router: router,
      configuration: .init(address: .hostname(self.settings.host, port: self.settings.port), serverName: nil),
      onServerRunning: { channel in onListening(channel.localAddress?.port ?? 0) },
      logger: self.logger
    )
    // run(), not runService(): the latter installs its own SIGTERM handling and would stop
    // the admin port at once instead of after the gRPC drain.
    try await application.run()
  }
}
