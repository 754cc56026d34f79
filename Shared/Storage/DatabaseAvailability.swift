import Logging
import NIOCore
import NIOPosix
import Synchronization

/// Whether the database is worth waiting for.
///
/// While postgres-nio's pool cannot connect it queues every lease until one of its backed-off
/// attempts succeeds, so without this each call would wait out its whole lease bound for
/// nothing. A failure that looks like an outage (a lost connection, a lease that ran out of
/// time) makes ``watch(logger:)`` probe the server; when nothing accepts a connection the
/// database is marked unreachable and leases are refused at once, and the probing goes on
/// every `probeInterval` until a connection succeeds again. A probe is a bare TCP connect,
/// bounded by the connect timeout: it needs no credentials or TLS, and it cannot hang the way a
/// PostgreSQL start-up exchange with a frozen server could — the watcher must stop promptly
/// when the service group shuts down.
final class DatabaseAvailability: Sendable {
  let host: String
  let port: Int
  let connectTimeout: Duration
  let probeInterval: Duration
  private let unreachable = Atomic<Bool>(false)
  private let suspicions: AsyncStream<Void>
  private let suspicion: AsyncStream<Void>.Continuation

  init(host: String, port: Int, connectTimeout: Duration, probeInterval: Duration) {
    self.host = host
    self.port = port
    self.connectTimeout = connectTimeout
    self.probeInterval = probeInterval
    // One pending suspicion is enough: a burst of failed calls asks for one probe.
    (self.suspicions, self.suspicion) = AsyncStream.makeStream(of: Void.self, bufferingPolicy: .bufferingNewest(1))
  }

  /// False from a failed probe until a connection succeeds again.
  var isReachable: Bool { !self.unreachable.load(ordering: .relaxed) }

  /// Asks the watcher to check the server (cheap; many calls may ask at once).
  func suspect() {
    if self.isReachable { self.suspicion.yield() }
  }

  /// A lease succeeded: the pool has a working connection, whatever the last probe said.
  func connectionSucceeded() {
    self.unreachable.store(false, ordering: .relaxed)
  }

  /// Probes on each suspicion, and keeps probing while the server does not answer. Runs
  /// beside the pool in ``Database/run()`` and ends when that is cancelled.
  func watch(logger: Logger) async {
    for await _ in self.suspicions {
      while await !self.probe() {
        if !self.unreachable.exchange(true, ordering: .relaxed) {
          logger.warning(
            "database unreachable; refusing calls until it accepts connections again",
            metadata: ["db-host": "\(self.host):\(self.port)"])
        }
        do { try await Task.sleep(for: self.probeInterval) } catch { return }
      }
      if self.unreachable.exchange(false, ordering: .relaxed) {
        logger.notice("database reachable again", metadata: ["db-host": "\(self.host):\(self.port)"])
      }
      if Task.isCancelled { return }
    }
  }

  /// Whether something accepts a TCP connection at the database's address.
  func probe() async -> Bool {
    do {
      let channel = try await ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton)
        .connectTimeout(TimeAmount(self.connectTimeout))
        .connect(host: self.host, port: self.port)
        .get()
      try? await channel.close()
      return true
    } catch {
      return false
    }
  }

  /// Ends ``watch(logger:)``'s loop once it has nothing left to do.
  func finish() {
    self.suspicion.finish()
  }
}
