import Logging
import ServiceLifecycle
import Synchronization
import Testing

@testable import Runtime

/// A service that has not stopped some time after graceful shutdown began is named in a
/// warning (Shared/Runtime/SlowStopWatch.swift); one that stops at once is not.
@Suite("A service slow to stop is named")
struct SlowStopWatchTests {
  final class Records: Sendable {
    let all = Mutex<[(Logger.Level, String, Logger.Metadata)]>([])
  }

  /// Keeps every record it is given.
  struct Capture: LogHandler {
    let records: Records
    var metadata: Logger.Metadata = [:]
    var logLevel: Logger.Level = .trace

    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
      get { self.metadata[key] }
      set { self.metadata[key] = newValue }
    }

    func log(event: LogEvent) {
      self.records.all.withLock { $0.append((event.level, "\(event.message)", event.metadata ?? [:])) }
    }
  }

  /// Ignores graceful shutdown and ends `for` after it began.
  struct Stubborn: Service {
    let lingering: Duration
    func run() async throws {
      while !Task.isShuttingDownGracefully { try await Task.sleep(for: .milliseconds(10)) }
      try await Task.sleep(for: self.lingering)
    }
  }

  /// Ends as soon as graceful shutdown begins.
  struct Prompt: Service {
    func run() async throws {
      while !Task.isShuttingDownGracefully { try await Task.sleep(for: .milliseconds(10)) }
    }
  }

  @Test("the stubborn one is named once its limit passes; the prompt one is not")
  func namesTheSlowOne() async throws {
    let records = Records()
    let logger = Logger(label: "slow-stop-test") { _ in Capture(records: records) }
    let group = ServiceGroup(
      configuration: ServiceGroupConfiguration(
        services: [
          .init(service: SlowStopWatch(Stubborn(lingering: .seconds(1)), limit: .milliseconds(200), logger: logger)),
          .init(service: SlowStopWatch(Prompt(), limit: .milliseconds(200), logger: logger)),
        ], logger: logger))
    async let run: Void = group.run()
    try await Task.sleep(for: .milliseconds(100))
    await group.triggerGracefulShutdown()
    try await run
    let named = records.all.withLock { $0 }.filter { $0.1.contains("has not stopped") }
    #expect(named.count == 1, "\(named)")
    #expect(named.first?.0 == .warning)
    #expect(named.first?.2["service"]?.description == "Stubborn")
  }
}
