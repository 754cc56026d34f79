import Synchronization
public import WireCodec

/// Where background work reads the time. Production uses ``SystemWallClock``; tests pass a
/// ``SettableWallClock`` to walk through leases, retries and whole months without waiting.
public protocol WallClock: Sendable {
  func now() -> UTCTimestamp
}

/// The machine's clock.
public struct SystemWallClock: WallClock {
  public init() {}
  public func now() -> UTCTimestamp { .now }
}

/// A clock that stands still until a test moves it.
public final class SettableWallClock: WallClock {
  let current: Mutex<UTCTimestamp>

  public init(_ start: UTCTimestamp = .now) {
    self.current = Mutex(start)
  }

  public func now() -> UTCTimestamp { self.current.withLock { $0 } }

  public func set(_ instant: UTCTimestamp) {
    self.current.withLock { $0 = instant }
  }

  public func advance(by duration: Duration) {
    self.current.withLock { $0 = $0.adding(duration) }
  }
}

extension UTCTimestamp {
  /// This instant moved by `duration`, to the microsecond.
  public func adding(_ duration: Duration) -> UTCTimestamp {
    let (seconds, attoseconds) = duration.components
    return UTCTimestamp(
      microsecondsSinceEpoch: self.microsecondsSinceEpoch + seconds * 1_000_000 + attoseconds / 1_000_000_000_000)
  }
}
