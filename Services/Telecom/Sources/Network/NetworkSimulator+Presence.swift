import WireCodec

extension NetworkSimulator {
  /// The networks a simulated SIM is seen in: its name as the network broadcasts it, and its
  /// country (ISO 3166 alpha-2).
  static let operators: [(name: String, country: String)] = [
    ("Russia MEGAFON", "RU"),
    ("MTS", "RU"),
    ("VimpelCom", "RU"),
    ("Kcell", "KZ"),
    ("Beeline KZ", "KZ"),
  ]

  func presence(imsi: String) async throws(NetworkError) -> NetworkPresence {
    try SubscriberIdentity.checkIMSI(imsi)
    try await self.transit()
    let resetAt = try self.withSubscriber(imsi) { subscriber, _ throws(NetworkError) in subscriber.resetAt }
    return Self.presence(of: imsi, seed: self.seed, now: self.now(), resetAt: resetAt)
  }

  /// Where the SIM is: a function of the seed and the IMSI (not of the order of calls), so
  /// asking twice, or about SIMs in another order, gives the same answer. After a reset the SIM
  /// is attached, seen at the reset, in its usual network.
  static func presence(of imsi: String, seed: UInt64, now: UTCTimestamp, resetAt: UTCTimestamp?) -> NetworkPresence {
    let hash = SimulatorRandom.hash(imsi, seed: seed)
    let visited = Self.operators[Int(hash % UInt64(Self.operators.count))]
    if let resetAt {
      return NetworkPresence(connection: .attached, lastSeen: resetAt, operator: visited.name, country: visited.country)
    }
    let hour: Int64 = 3_600_000_000
    switch (hash >> 8) % 3 {
    case 0:
      return NetworkPresence(connection: .online, lastSeen: now, operator: visited.name, country: visited.country)
    case 1:
      let seen = Self.before(now, Int64((hash >> 16) % UInt64(hour)))
      return NetworkPresence(connection: .attached, lastSeen: seen, operator: visited.name, country: visited.country)
    default:
      // A quarter of offline SIMs were never seen: no time, no network.
      if (hash >> 40) % 4 == 0 {
        return NetworkPresence(connection: .offline, lastSeen: nil, operator: "", country: "")
      }
      let seen = Self.before(now, hour + Int64((hash >> 16) % UInt64(7 * 24 * hour)))
      return NetworkPresence(connection: .offline, lastSeen: seen, operator: visited.name, country: visited.country)
    }
  }

  /// `microseconds` before `time`, held at the earliest instant rather than overflowing (the
  /// clock is the caller's).
  private static func before(_ time: UTCTimestamp, _ microseconds: Int64) -> UTCTimestamp {
    let (value, overflow) = time.microsecondsSinceEpoch.subtractingReportingOverflow(microseconds)
    return UTCTimestamp(microsecondsSinceEpoch: overflow ? .min : value)
  }
}
