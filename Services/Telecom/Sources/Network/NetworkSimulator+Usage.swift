import Synchronization
import WireCodec

extension NetworkSimulator {
  /// The most records one `generateUsage` call makes, and one `usage` page holds.
  static let maximumBatch = 10_000
  /// The most records the simulator holds in all.
  static let maximumRecords = 1_000_000
  /// The widest window usage is generated in: 366 days, in microseconds.
  static let maximumWindow: Int64 = 366 * 86_400 * 1_000_000
  /// The largest data session generated: 512 MiB.
  static let maximumSessionBytes: Int64 = 512 * 1024 * 1024

  /// Appends `count` (1...10,000) usage records of the SIM that start within `from...through`
  /// (at most 366 days) and end by `through`, ordered by start, and returns them. Half are data
  /// sessions (1 byte to 512 MiB, up to 2 hours), three in ten calls (up to an hour), two in ten
  /// SMS; each is priced by ``tariff``. This is how a test makes the network produce traffic, so
  /// it has no latency and never fails by chance.
  @discardableResult
  func generateUsage(
    imsi: String, count: Int, from: UTCTimestamp, through: UTCTimestamp
  ) throws(NetworkError) -> [UsageRecord] {
    guard (1...Self.maximumBatch).contains(count) else {
      throw .refused("usage is generated 1 to \(Self.maximumBatch) records at a time")
    }
    let (span, overflow) = through.microsecondsSinceEpoch.subtractingReportingOverflow(from.microsecondsSinceEpoch)
    guard !overflow, (0...Self.maximumWindow).contains(span) else {
      throw .refused("a usage window runs forwards, for at most 366 days")
    }
    return try self.withSubscriber(imsi) { _, state throws(NetworkError) in
      guard state.records.count <= Self.maximumRecords - count else {
        throw .refused("the simulator holds at most \(Self.maximumRecords) usage records")
      }
      var drafts: [(offset: Int64, draw: Int, record: UsageRecord)] = []
      for draw in 0..<count {
        let offset = state.usage.within(0...span)
        drafts.append((offset, draw, try self.draft(imsi: imsi, start: from, offset: offset, span: span, &state.usage)))
      }
      drafts.sort { ($0.offset, $0.draw) < ($1.offset, $1.draw) }
      let first = state.records.count + 1
      let made = drafts.enumerated().map { index, draft in
        var record = draft.record
        record.id = self.recordID(first + index)
        return record
      }
      state.records.append(contentsOf: made)
      return made
    }
  }

  /// Records after `cursor` in generation order: the cursor is the number of the last record
  /// read ("1" is the first), given back by each page.
  func usage(after cursor: String?, limit: Int) async throws(NetworkError) -> UsageBatch {
    guard (1...Self.maximumBatch).contains(limit) else {
      throw .refused("a usage page holds 1 to \(Self.maximumBatch) records")
    }
    let asked = try Self.parse(cursor)
    try await self.transit()
    return try self.state.withLock { state throws(NetworkError) in
      guard asked <= state.records.count else { throw .refused("not a usage cursor of this network") }
      let page = Array(state.records[asked..<min(asked + limit, state.records.count)])
      return UsageBatch(records: page, cursor: page.isEmpty ? cursor : String(asked + page.count))
    }
  }

  /// The position a cursor names: nil is the start; otherwise the canonical decimal of a record
  /// number (digits only, no leading zero, at most 7 digits as there are at most a million).
  static func parse(_ cursor: String?) throws(NetworkError) -> Int {
    guard let cursor else { return 0 }
    let bytes = Array(cursor.utf8)
    guard (1...7).contains(bytes.count), bytes[0] != UInt8(ascii: "0"),
      bytes.allSatisfy({ (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0) }), let position = Int(cursor)
    else { throw .refused("not a usage cursor of this network") }
    return position
  }

  /// One record starting `offset` into the window, drawn from `random`; its id comes later,
  /// once its place in the order is known.
  private func draft(
    imsi: String, start from: UTCTimestamp, offset: Int64, span: Int64, _ random: inout SimulatorRandom
  ) throws(NetworkError) -> UsageRecord {
    let start = from.microsecondsSinceEpoch + offset  // offset ≤ span, so start ≤ through
    let secondsLeft = (span - offset) / 1_000_000
    let visited = Self.operators[Int(random.below(UInt64(Self.operators.count)))]
    let kind: UsageRecord.Kind
    let seconds: Int64
    let quantity: Int64
    var peer = ""
    switch random.below(10) {
    case 0..<5:
      kind = .data
      seconds = min(random.within(1...7_200), secondsLeft)
      quantity = random.within(1...Self.maximumSessionBytes)
    case 5..<8:
      kind = .call
      seconds = min(random.within(1...3_600), secondsLeft)
      quantity = seconds
      peer = Self.peer(&random)
    default:
      kind = .sms
      seconds = 0
      quantity = 1
      peer = Self.peer(&random)
    }
    return UsageRecord(
      id: "", imsi: imsi, kind: kind, start: UTCTimestamp(microsecondsSinceEpoch: start),
      end: UTCTimestamp(microsecondsSinceEpoch: start + seconds * 1_000_000), quantity: quantity,
      costMinor: try self.tariff.cost(of: kind, quantity: quantity), currency: self.tariff.currency, peer: peer,
      operator: visited.name, country: visited.country)
  }

  /// A Russian mobile number, 7 9XX XXX XX XX, without `+` as MSISDNs are written here.
  private static func peer(_ random: inout SimulatorRandom) -> String {
    let digits = String(random.within(0...999_999_999))
    return "79" + String(repeating: "0", count: 9 - digits.count) + digits
  }
}
