public import Logging
import ServiceLifecycle

/// Runs `round` until graceful shutdown: again at once while it says there is more, after
/// `pause` when not, after a pause that doubles up to `maxPause` when it fails.
public func repeatRounds(
  pause: Duration, maxPause: Duration, logger: Logger, what: String, round: @Sendable () async throws -> Bool
) async {
  var failures = 0
  while !Task.isShuttingDownGracefully && !Task.isCancelled {
    var wait = pause
    do {
      let more = try await round()
      failures = 0
      if more { continue }
    } catch {
      failures += 1
      wait = min(pause * (1 << min(failures, 10)), maxPause)
      logger.warning("\(what) failed; trying again", metadata: ["error": "\(error)", "pause": "\(wait)"])
    }
    let delay = wait
    try? await cancelWhenGracefulShutdown { try await Task.sleep(for: delay) }
  }
}
