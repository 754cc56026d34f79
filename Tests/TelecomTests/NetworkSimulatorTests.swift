import Foundation
import Storage
import TestSupport
import Testing
import WireCodec

@testable import TelecomService

/// The network simulator that stands in for what no real system here does (resets, limits,
/// packages, presence, usage records): determinism from its seed, its failure, outage and
/// latency settings, idempotency by operation id, usage paging and pricing, and bad input.
@Suite("the network simulator")
struct NetworkSimulatorTests {
  static let start = UTCTimestamp(microsecondsSinceEpoch: 1_780_000_000_000_000)
  static let day: Int64 = 86_400_000_000
  static let imsis = ["250010000000001", "250010000000002", "401770000000003"]

  /// A simulator on a clock the test moves, with `imsis` known.
  static func simulator(seed: UInt64, clock: SettableWallClock = SettableWallClock(NetworkSimulatorTests.start)) throws
    -> NetworkSimulator
  {
    let simulator = NetworkSimulator(seed: seed, instance: "test", now: { clock.now() })
    for imsi in Self.imsis { try simulator.add(imsi: imsi) }
    return simulator
  }

  /// The error `body` threw, or nil if it succeeded.
  static func failure(_ body: () async throws -> Void) async -> NetworkError? {
    do {
      try await body()
      return nil
    } catch let error as NetworkError {
      return error
    } catch {
      Issue.record("not a NetworkError: \(error)")
      return nil
    }
  }

  /// Every record, reading pages of `size` from the start; also checks that each page's cursor
  /// continues where the previous one stopped and that the end repeats the cursor.
  static func readAll(_ simulator: NetworkSimulator, pageSize size: Int) async throws -> [UsageRecord] {
    var records: [UsageRecord] = []
    var cursor: String?
    while true {
      let batch = try await simulator.usage(after: cursor, limit: size)
      #expect(batch.records.count <= size)
      if batch.records.isEmpty {
        #expect(batch.cursor == cursor)
        return records
      }
      records += batch.records
      #expect(batch.cursor == String(records.count))
      cursor = batch.cursor
    }
  }

  /// The tariff's rules computed another way (classic `(n + d - 1) / d`, in 128 bits): nil when
  /// the simulator must refuse because an intermediate product passes `Int64`.
  static func expectedCost(_ kind: UsageRecord.Kind, _ quantity: Int64, _ tariff: SimulatorTariff) -> Int64? {
    let q = Int128(quantity)
    let product: Int128
    let divisor: Int128
    switch kind {
    case .data:
      product = (q + 1023) / 1024 * Int128(tariff.perMegabyteMinor)
      divisor = 1024
    case .call:
      product = (q + 59) / 60 * Int128(tariff.perMinuteMinor)
      divisor = 1
    case .sms:
      product = q * Int128(tariff.perSMSMinor)
      divisor = 1
    }
    guard product <= Int128(Int64.max) else { return nil }
    return Int64((product + divisor - 1) / divisor)
  }

  /// A fixed script of calls with failures on, recorded as text: what "the same results" means.
  static func script(_ simulator: NetworkSimulator) async throws -> [String] {
    try simulator.setFailures(perMillion: 300_000)
    var outcomes: [String] = []
    for index in 0..<60 {
      let imsi = Self.imsis[index % Self.imsis.count]
      do {
        switch index % 3 {
        case 0:
          let presence = try await simulator.presence(imsi: imsi)
          outcomes.append("\(presence)")
        case 1: try await simulator.reset(imsi: imsi, operation: UUID())
        default:
          try await simulator.setLimit(
            imsi: imsi, limit: SimLimit(dataBytes: Int64(index), spendMinor: nil), operation: UUID())
        }
        outcomes.append("ok")
      } catch {
        outcomes.append(error.reason)
      }
    }
    try simulator.setFailures(perMillion: 0)
    for (index, imsi) in Self.imsis.enumerated() {
      try simulator.generateUsage(
        imsi: imsi, count: 100 + index, from: Self.start, through: Self.start.adding(.seconds(86_400 * 3)))
    }
    outcomes += try await Self.readAll(simulator, pageSize: 50).map { "\($0)" }
    return outcomes
  }

  @Test("one seed and one sequence of calls give the same presence, failures and usage; another seed does not")
  func determinism() async throws {
    let first = try await Self.script(try Self.simulator(seed: 42))
    let second = try await Self.script(try Self.simulator(seed: 42))
    #expect(first == second)
    #expect(first.contains("NETWORK_UNAVAILABLE") && first.contains("ok"))

    let (simulator42, simulator43) = (try Self.simulator(seed: 42), try Self.simulator(seed: 43))
    _ = try await Self.script(simulator42)
    _ = try await Self.script(simulator43)
    let usage42 = try await Self.readAll(simulator42, pageSize: 10_000)
    let usage43 = try await Self.readAll(simulator43, pageSize: 10_000)
    // Ids name the seed, so compare what the records say, not their ids.
    let strip = { (records: [UsageRecord]) in
      records.map { [$0.kind.rawValue, "\($0.start)", "\($0.quantity)", $0.peer] }
    }
    #expect(usage42.count == usage43.count)
    #expect(strip(usage42) != strip(usage43))

    // Presence is a property of the IMSI: asked in another order, or under another seed.
    let imsis = (0..<40).map { "25001000000\(1000 + $0)" }
    func presences(seed: UInt64, _ order: [String]) async throws -> [String: NetworkPresence] {
      let simulator = NetworkSimulator(seed: seed, now: { Self.start })
      var result: [String: NetworkPresence] = [:]
      for imsi in order {
        try simulator.add(imsi: imsi)
        result[imsi] = try await simulator.presence(imsi: imsi)
      }
      return result
    }
    let forwards = try await presences(seed: 42, imsis)
    #expect(try await presences(seed: 42, imsis.reversed()) == forwards)
    #expect(try await presences(seed: 43, imsis) != forwards)
  }

  @Test("a failure rate of 0.3 fails 30% of 10,000 calls, to within five standard deviations, and exactly so per seed")
  func failureRate() async throws {
    let simulator = try Self.simulator(seed: 7)
    try simulator.setFailures(perMillion: 300_000)
    var failed = 0
    for index in 0..<10_000 {
      if let error = await Self.failure({
        _ = try await simulator.presence(imsi: Self.imsis[index % 3])
      }) {
        #expect(error == .unavailable("simulated failure"))
        failed += 1
      }
    }
    // Binomial(10,000, 0.3): mean 3,000, standard deviation √(10,000 × 0.3 × 0.7) ≈ 45.8; five of
    // them is ±229, which a fair generator leaves with probability below one in a million.
    #expect((3_000 - 229)...(3_000 + 229) ~= failed)
    // The seed fixes the draws, so the count itself is known (it changes only with the generator).
    #expect(failed == 3_034)

    try simulator.setFailures(perMillion: 0)
    for imsi in Self.imsis { _ = try await simulator.presence(imsi: imsi) }
    try simulator.setFailures(perMillion: 1_000_000)
    for imsi in Self.imsis {
      #expect(
        await Self.failure { _ = try await simulator.presence(imsi: imsi) }
          == .unavailable("simulated failure"))
    }
  }

  @Test("during an outage every call fails and changes nothing; afterwards calls succeed again")
  func outage() async throws {
    let simulator = try Self.simulator(seed: 1)
    let imsi = Self.imsis[0]
    try simulator.generateUsage(imsi: imsi, count: 3, from: Self.start, through: Self.start.adding(.seconds(3_600)))
    try simulator.setFailures(perMillion: 1_000_000)  // an outage wins over chance
    simulator.setOutage(true)
    let calls: [() async throws -> Void] = [
      { try await simulator.reset(imsi: imsi, operation: UUID()) },
      {
        try await simulator.setLimit(imsi: imsi, limit: SimLimit(dataBytes: 1, spendMinor: 1), operation: UUID())
      },
      {
        try await simulator.setPackage(imsi: imsi, package: "TD-1", operation: UUID())
      },
      { _ = try await simulator.presence(imsi: imsi) },
      { _ = try await simulator.usage(after: nil, limit: 10) },
    ]
    for call in calls { #expect(await Self.failure(call) == .unavailable("simulated outage")) }
    #expect(try simulator.applied(imsi: imsi).isEmpty)
    #expect(try simulator.limit(imsi: imsi) == nil && simulator.package(imsi: imsi) == nil)

    simulator.setOutage(false)
    try simulator.setFailures(perMillion: 0)
    for call in calls { #expect(await Self.failure(call) == nil) }
    #expect(try simulator.applied(imsi: imsi).count == 3)
  }

  @Test("calls wait at least the latency (plus jitter), failing ones too")
  func latency() async throws {
    let simulator = try Self.simulator(seed: 3)
    let imsi = Self.imsis[0]
    let clock = ContinuousClock()
    try simulator.setLatency(.milliseconds(150))
    var took = try await clock.measure { _ = try await simulator.presence(imsi: imsi) }
    #expect(took >= .milliseconds(150) && took < .seconds(30))

    simulator.setOutage(true)
    took = await clock.measure {
      #expect(
        await Self.failure { _ = try await simulator.presence(imsi: imsi) }
          == .unavailable("simulated outage"))
    }
    #expect(took >= .milliseconds(150) && took < .seconds(30))
    simulator.setOutage(false)

    try simulator.setLatency(.milliseconds(40), jitter: .milliseconds(60))
    for _ in 0..<5 {
      took = try await clock.measure { try await simulator.reset(imsi: imsi, operation: UUID()) }
      #expect(took >= .milliseconds(40) && took < .seconds(30))
    }

    for (fixed, jitter) in [(Duration.milliseconds(-1), Duration.zero), (.seconds(61), .zero), (.zero, .seconds(-1))] {
      #expect(
        await Self.failure { try simulator.setLatency(fixed, jitter: jitter) }?.reason
          == "NETWORK_REFUSED")
    }
  }

  @Test("an operation id applies once: repeated it succeeds without applying again; new ids apply")
  func idempotency() async throws {
    let simulator = try Self.simulator(seed: 5)
    let imsi = Self.imsis[0]
    let reset = UUID()
    try await simulator.reset(imsi: imsi, operation: reset)
    try await simulator.reset(imsi: imsi, operation: reset)
    #expect(try simulator.applied(imsi: imsi).map(\.operation) == [reset])
    try await simulator.reset(imsi: imsi, operation: UUID())
    #expect(try simulator.applied(imsi: imsi).count == 2)

    let limit = SimLimit(dataBytes: 1_000_000, spendMinor: 50_000)
    let limitID = UUID()
    try await simulator.setLimit(imsi: imsi, limit: limit, operation: limitID)
    try await simulator.setLimit(imsi: imsi, limit: limit, operation: limitID)
    #expect(try simulator.limit(imsi: imsi) == limit)
    let packageID = UUID()
    try await simulator.setPackage(imsi: imsi, package: "TD-10GB", operation: packageID)
    try await simulator.setPackage(imsi: imsi, package: "TD-10GB", operation: packageID)
    #expect(try simulator.package(imsi: imsi) == "TD-10GB")
    #expect(try simulator.applied(imsi: imsi).map(\.change) == [.reset, .reset, .limit(limit), .package("TD-10GB")])

    // One id for another change, or another SIM, is refused and applies nothing.
    #expect(
      await Self.failure {
        try await simulator.setLimit(imsi: imsi, limit: SimLimit(dataBytes: 1, spendMinor: nil), operation: limitID)
      }?.reason == "NETWORK_REFUSED")
    #expect(
      await Self.failure {
        try await simulator.reset(imsi: Self.imsis[1], operation: reset)
      }?.reason == "NETWORK_REFUSED")
    #expect(try simulator.limit(imsi: imsi) == limit && simulator.applied(imsi: Self.imsis[1]).isEmpty)

    // A call that failed applied nothing, so its retry applies.
    let retried = UUID()
    try simulator.setFailures(perMillion: 1_000_000)
    #expect(
      await Self.failure {
        try await simulator.setPackage(imsi: imsi, package: nil, operation: retried)
      } == .unavailable("simulated failure"))
    #expect(try simulator.package(imsi: imsi) == "TD-10GB")
    try simulator.setFailures(perMillion: 0)
    try await simulator.setPackage(imsi: imsi, package: nil, operation: retried)
    #expect(try simulator.package(imsi: imsi) == nil)

    // Many concurrent retries of one id still apply it exactly once.
    let concurrent = UUID()
    let other = Self.imsis[2]
    try simulator.setLatency(.milliseconds(5), jitter: .milliseconds(5))
    try await withThrowingTaskGroup(of: Void.self) { group in
      for _ in 0..<50 {
        group.addTask { try await simulator.reset(imsi: other, operation: concurrent) }
      }
      try await group.waitForAll()
    }
    #expect(try simulator.applied(imsi: other).map(\.operation) == [concurrent])
  }

  @Test("a reset leaves the SIM attached, seen at the reset; presence otherwise follows the IMSI and the clock")
  func presence() async throws {
    let clock = SettableWallClock(Self.start)
    let simulator = NetworkSimulator(seed: 9, now: { clock.now() })
    let names = Set(NetworkSimulator.operators.map { "\($0.name)/\($0.country)" })
    var seen: Set<NetworkPresence.Connection> = []
    for index in 0..<200 {
      let imsi = "40177000000\(1000 + index)"
      try simulator.add(imsi: imsi)
      let presence = try await simulator.presence(imsi: imsi)
      seen.insert(presence.connection)
      let ago = presence.lastSeen.map { Self.start.microsecondsSinceEpoch - $0.microsecondsSinceEpoch }
      switch presence.connection {
      case .online: #expect(ago == 0)
      case .attached: #expect(ago.map { (0..<3_600_000_000).contains($0) } == true)
      case .offline: #expect(ago.map { (3_600_000_000..<(8 * Self.day)).contains($0) } ?? true)
      }
      if presence.lastSeen == nil {
        #expect(presence.connection == .offline && presence.operator.isEmpty && presence.country.isEmpty)
      } else {
        #expect(names.contains("\(presence.operator)/\(presence.country)"))
      }
    }
    #expect(seen == [.online, .attached, .offline])

    let imsi = Self.imsis[0]
    try simulator.add(imsi: imsi)
    clock.advance(by: .seconds(90))
    let resetAt = clock.now()
    try await simulator.reset(imsi: imsi, operation: UUID())
    clock.advance(by: .seconds(600))
    let after = try await simulator.presence(imsi: imsi)
    #expect(after.connection == .attached && after.lastSeen == resetAt)
    #expect(try simulator.applied(imsi: imsi).map(\.at) == [resetAt])
  }

  @Test("usage pages cover every record once, in generation order, for any page size; new records follow")
  func paging() async throws {
    let simulator = try Self.simulator(seed: 11)
    #expect(try await simulator.usage(after: nil, limit: 10) == UsageBatch(records: [], cursor: nil))
    var generated: [UsageRecord] = []
    for (index, imsi) in Self.imsis.enumerated() {
      let from = Self.start.adding(.seconds(Int64(index) * 86_400))
      let made = try simulator.generateUsage(
        imsi: imsi, count: [120, 80, 57][index], from: from, through: from.adding(.seconds(86_400)))
      #expect(made.count == [120, 80, 57][index])
      #expect(made.map(\.start) == made.map(\.start).sorted())
      #expect(
        made.allSatisfy {
          $0.imsi == imsi && $0.start >= from && $0.end <= from.adding(.seconds(86_400)) && $0.start <= $0.end
        })
      generated += made
    }
    #expect(generated.map(\.id) == (1...257).map { simulator.recordID($0) })
    for size in [1, 2, 7, 64, 256, 257, 10_000] {
      let read = try await Self.readAll(simulator, pageSize: size)
      #expect(read == generated, "page size \(size)")
    }
    let more = try simulator.generateUsage(imsi: Self.imsis[1], count: 5, from: Self.start, through: Self.start)
    let next = try await simulator.usage(after: "257", limit: 100)
    #expect(next == UsageBatch(records: more, cursor: "262"))
    #expect(more.allSatisfy { $0.start == Self.start && $0.end == Self.start })  // an instant's window

    // Records stay when their SIM goes.
    simulator.remove(imsi: Self.imsis[0])
    #expect(try await Self.readAll(simulator, pageSize: 100).count == 262)
  }

  @Test("costs follow the tariff's rounding: kilobytes and minutes rounded up, then minor units rounded up")
  func costs() async throws {
    let tariff = SimulatorTariff.standard
    #expect(tariff.currency == "RUB")
    // 50 per MB: 1 byte is 1 kB, 50/1024 → 1; 1 MiB exactly is 50; one byte more is 1,025 kB → 51.
    #expect(try tariff.cost(of: .data, quantity: 0) == 0)
    #expect(try tariff.cost(of: .data, quantity: 1) == 1)
    #expect(try tariff.cost(of: .data, quantity: 1_048_576) == 50)
    #expect(try tariff.cost(of: .data, quantity: 1_048_577) == 51)
    #expect(try tariff.cost(of: .data, quantity: 10_485_760) == 500)
    // 250 per minute: a started minute counts whole.
    #expect(try tariff.cost(of: .call, quantity: 0) == 0)
    #expect(try tariff.cost(of: .call, quantity: 1) == 250)
    #expect(try tariff.cost(of: .call, quantity: 60) == 250)
    #expect(try tariff.cost(of: .call, quantity: 61) == 500)
    #expect(try tariff.cost(of: .sms, quantity: 1) == 150)

    let simulator = try Self.simulator(seed: 13)
    let records = try simulator.generateUsage(
      imsi: Self.imsis[0], count: 2_000, from: Self.start, through: Self.start.adding(.seconds(86_400 * 30)))
    for record in records {
      #expect(record.costMinor == Self.expectedCost(record.kind, record.quantity, tariff), "\(record)")
      #expect(record.currency == "RUB")
      let seconds = (record.end.microsecondsSinceEpoch - record.start.microsecondsSinceEpoch) / 1_000_000
      switch record.kind {
      case .data: #expect((1...NetworkSimulator.maximumSessionBytes).contains(record.quantity) && record.peer.isEmpty)
      case .call: #expect(record.quantity == seconds && record.peer.count == 11 && record.peer.hasPrefix("79"))
      case .sms: #expect(record.quantity == 1 && seconds == 0 && record.peer.count == 11)
      }
    }
    #expect(Set(records.map(\.kind)) == [.data, .call, .sms])
    #expect(Set(records.map { $0.operator }) == Set(NetworkSimulator.operators.map { $0.name }))

    let dear = try SimulatorTariff(currency: "KZT", perMegabyteMinor: 1_000, perMinuteMinor: 7, perSMSMinor: 0)
    #expect(try dear.cost(of: .data, quantity: 1_500) == 2)  // 2 kB × 1,000 / 1,024 = 1.95… → 2
    #expect(try dear.cost(of: .call, quantity: 3_601) == 427)  // 61 minutes × 7
    for (currency, price) in [("rub", Int64(1)), ("RUBL", 1), ("RUB", -1), ("RUB", SimulatorTariff.maximumPrice + 1)] {
      #expect(
        await Self.failure {
          _ = try SimulatorTariff(currency: currency, perMegabyteMinor: price, perMinuteMinor: 1, perSMSMinor: 1)
        }?.reason == "NETWORK_REFUSED")
    }
  }

  @Test("bad input is refused or names an unknown subscriber, and traps nowhere")
  func badInput() async throws {
    let simulator = try Self.simulator(seed: 17)
    try simulator.generateUsage(
      imsi: Self.imsis[0], count: 10, from: Self.start, through: Self.start.adding(.seconds(60)))
    let unknown = "250019999999999"
    let refused = "NETWORK_REFUSED"
    typealias Call = () async throws -> Void
    let unknownCalls: [Call] = [
      { try await simulator.reset(imsi: unknown, operation: UUID()) },
      {
        try await simulator.setLimit(imsi: unknown, limit: SimLimit(), operation: UUID())
      },
      {
        try await simulator.setPackage(imsi: unknown, package: "A", operation: UUID())
      },
      { _ = try await simulator.presence(imsi: unknown) },
      {
        try simulator.generateUsage(imsi: unknown, count: 1, from: Self.start, through: Self.start)
      },
      { _ = try simulator.limit(imsi: unknown) },
      { _ = try simulator.package(imsi: unknown) },
      { _ = try simulator.applied(imsi: unknown) },
    ]
    for call in unknownCalls { #expect(await Self.failure(call) == .unknownSubscriber) }

    var refusedCalls: [Call] = []
    for limit in [0, -1, 10_001, Int.max, Int.min] {
      refusedCalls.append { _ = try await simulator.usage(after: nil, limit: limit) }
    }
    for cursor in ["", "abc", "-1", "0", "01", "+1", " 1", "1 ", "1e3", "11", "99999999999999999999999", "٣", "1\u{0}"]
    {
      refusedCalls.append { _ = try await simulator.usage(after: cursor, limit: 5) }
    }
    for count in [0, -1, 10_001, Int.max, Int.min] {
      refusedCalls.append {
        try simulator.generateUsage(imsi: Self.imsis[0], count: count, from: Self.start, through: Self.start)
      }
    }
    let windows: [(Int64, Int64)] = [
      (1, 0), (.min, .max), (.max, .min), (0, NetworkSimulator.maximumWindow + 1), (-1, .max),
    ]
    for (from, through) in windows {
      refusedCalls.append {
        try simulator.generateUsage(
          imsi: Self.imsis[0], count: 1, from: UTCTimestamp(microsecondsSinceEpoch: from),
          through: UTCTimestamp(microsecondsSinceEpoch: through))
      }
    }
    for limit in [SimLimit(dataBytes: -1, spendMinor: nil), SimLimit(dataBytes: nil, spendMinor: .min)] {
      refusedCalls.append {
        try await simulator.setLimit(imsi: Self.imsis[0], limit: limit, operation: UUID())
      }
    }
    for package in ["", String(repeating: "P", count: 65), "TD 1", "TD;1", "ТД-1", "TD\n1"] {
      refusedCalls.append {
        try await simulator.setPackage(imsi: Self.imsis[0], package: package, operation: UUID())
      }
    }
    for perMillion in [-1, 1_000_001, Int.min, Int.max] {
      refusedCalls.append { try simulator.setFailures(perMillion: perMillion) }
    }
    for imsi in ["", "12345", "1234567890123456", "25001000000000a", "250 010000000001"] {
      refusedCalls.append { try simulator.add(imsi: imsi) }
      refusedCalls.append { _ = try await simulator.presence(imsi: imsi) }
    }
    for call in refusedCalls { #expect(await Self.failure(call)?.reason == refused) }
    // Nothing above changed anything.
    #expect(try simulator.applied(imsi: Self.imsis[0]).isEmpty)
    #expect(try await Self.readAll(simulator, pageSize: 100).count == 10)
    #expect(try await simulator.usage(after: "10", limit: 5) == UsageBatch(records: [], cursor: "10"))
  }

  @Test("random input: every call either does what it says or gives the documented error")
  func randomInput() async throws {
    var random = SeededRandom.forTest("network simulator input")
    let simulator = try Self.simulator(seed: random.next())
    let edges: [Int64] = [.min, .min + 1, -1, 0, 1, 1023, 1024, 1025, 59, 60, 61, .max - 1, .max]
    func number() -> Int64 {
      switch Int.random(in: 0..<3, using: &random) {
      case 0: edges.randomElement(using: &random)!
      case 1: Int64.random(in: -100_000...100_000, using: &random)
      default: Int64(bitPattern: random.next())
      }
    }
    func text(_ alphabet: String, maxLength: Int) -> String {
      String((0..<Int.random(in: 0...maxLength, using: &random)).map { _ in alphabet.randomElement(using: &random)! })
    }
    let packageAlphabet = Set("ABCXYZabz019-_.")
    var total = 0
    for _ in 0..<3_000 {
      switch Int.random(in: 0..<6, using: &random) {
      case 0:
        let limit = Int(truncatingIfNeeded: number())
        let cursor: String? =
          switch Int.random(in: 0..<4, using: &random) {
          case 0: nil
          case 1: String(Int.random(in: 0...(total + 3), using: &random))
          case 2: text("0123456789", maxLength: 9)
          default: text("0123456789-+ x٣\u{0}", maxLength: 25)
          }
        let position = cursor.flatMap { Int($0) }
        let valid =
          cursor == nil
          || (cursor!.first != "0" && cursor!.allSatisfy(\.isASCII) && position != nil && cursor! == String(position!)
            && position! >= 1 && position! <= total)
        do {
          let batch = try await simulator.usage(after: cursor, limit: limit)
          let from = position ?? 0
          #expect((1...10_000).contains(limit) && valid)
          #expect(
            batch.records.map(\.id) == (from..<min(from + limit, total)).map { simulator.recordID($0 + 1) })
        } catch {
          #expect(error.reason == "NETWORK_REFUSED" && (!(1...10_000).contains(limit) || !valid))
        }
      case 1:
        let known = Bool.random(using: &random)
        let imsi =
          known
          ? Self.imsis.randomElement(using: &random)! : "25001888888\(Int.random(in: 1000...9999, using: &random))"
        let count =
          Bool.random(using: &random) ? Int.random(in: -2...40, using: &random) : Int(truncatingIfNeeded: number())
        let from = number()
        let through =
          Bool.random(using: &random) ? from &+ Int64.random(in: -10...(400 * Self.day), using: &random) : number()
        let span = Int128(through) - Int128(from)
        let valid = (1...10_000).contains(count) && span >= 0 && span <= Int128(NetworkSimulator.maximumWindow)
        do {
          let made = try simulator.generateUsage(
            imsi: imsi, count: count, from: UTCTimestamp(microsecondsSinceEpoch: from),
            through: UTCTimestamp(microsecondsSinceEpoch: through))
          #expect(valid && known && made.count == count)
          for record in made {
            #expect(record.start.microsecondsSinceEpoch >= from && record.end.microsecondsSinceEpoch <= through)
            #expect(record.costMinor == Self.expectedCost(record.kind, record.quantity, simulator.tariff))
          }
          total += made.count
        } catch {
          #expect(valid ? (!known && error == .unknownSubscriber) : error.reason == "NETWORK_REFUSED")
        }
      case 2:
        let limit = SimLimit(
          dataBytes: Bool.random(using: &random) ? number() : nil,
          spendMinor: Bool.random(using: &random) ? number() : nil)
        let imsi = Self.imsis.randomElement(using: &random)!
        let valid = (limit.dataBytes ?? 0) >= 0 && (limit.spendMinor ?? 0) >= 0
        let before = try simulator.limit(imsi: imsi)
        let error = await Self.failure {
          try await simulator.setLimit(imsi: imsi, limit: limit, operation: UUID())
        }
        #expect(valid ? error == nil : error?.reason == "NETWORK_REFUSED")
        #expect(try simulator.limit(imsi: imsi) == (valid ? limit : before))
      case 3:
        let package =
          Bool.random(using: &random) ? text("ABCXYZabz019-_.", maxLength: 70) : text("AB1-; \nТД\u{0}é", maxLength: 8)
        let imsi = Self.imsis.randomElement(using: &random)!
        let valid = (1...64).contains(package.utf8.count) && package.allSatisfy { packageAlphabet.contains($0) }
        let before = try simulator.package(imsi: imsi)
        let error = await Self.failure {
          try await simulator.setPackage(imsi: imsi, package: package, operation: UUID())
        }
        #expect(valid ? error == nil : error?.reason == "NETWORK_REFUSED")
        #expect(try simulator.package(imsi: imsi) == (valid ? package : before))
      case 4:
        let imsi =
          Bool.random(using: &random) ? Self.imsis.randomElement(using: &random)! : text("0123456789a ", maxLength: 17)
        let wellFormed = (6...15).contains(imsi.count) && imsi.allSatisfy { $0.isASCII && $0.isNumber }
        let error = await Self.failure { _ = try await simulator.presence(imsi: imsi) }
        switch error {
        case nil: #expect(Self.imsis.contains(imsi))
        case .unknownSubscriber?: #expect(wellFormed && !Self.imsis.contains(imsi))
        case let error?: #expect(error.reason == "NETWORK_REFUSED" && !wellFormed)
        }
      default:
        let kind = [UsageRecord.Kind.data, .call, .sms].randomElement(using: &random)!
        let quantity = number()
        let price =
          Bool.random(using: &random) ? Int64.random(in: 0...SimulatorTariff.maximumPrice, using: &random) : number()
        let tariff = try? SimulatorTariff(
          currency: "RUB", perMegabyteMinor: price, perMinuteMinor: price, perSMSMinor: price)
        #expect((tariff != nil) == (0...SimulatorTariff.maximumPrice).contains(price))
        guard let tariff else { continue }
        let expected = quantity < 0 ? nil : Self.expectedCost(kind, quantity, tariff)
        let cost: Int64?
        do {
          cost = try tariff.cost(of: kind, quantity: quantity)
        } catch {
          cost = nil
          #expect(error.reason == "NETWORK_REFUSED")
        }
        #expect(cost == expected)
      }
    }
    #expect(total > 0)  // the valid cases were reached, not only the refusals
    #expect(try await Self.readAll(simulator, pageSize: 997).count == total)
  }
}
