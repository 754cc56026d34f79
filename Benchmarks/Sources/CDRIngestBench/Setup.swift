import Foundation
import JWTKit
import RPC
import TelecomAPI
import WireCodec

/// A fixed-seed generator (xorshift64*), so every run rates the same calls against the same prices.
struct BenchRandom: RandomNumberGenerator {
  var state: UInt64

  mutating func next() -> UInt64 {
    self.state ^= self.state >> 12
    self.state ^= self.state << 25
    self.state ^= self.state >> 27
    return self.state &* 2_685_821_657_736_338_717
  }

  mutating func digits(_ count: Int) -> String {
    String((0..<count).map { _ in Character(String(Int.random(in: 0...9, using: &self))) })
  }
}

/// A staff token for the Telecom under test, signed with the test key its JWKS file trusts.
func staffToken(keyFile: String) async throws -> String {
  let keys = JWTKeyCollection()
  try await keys.add(jwk: JWK(json: String(contentsOfFile: keyFile, encoding: .utf8)))
  let claims = AccessTokenClaims(
    userID: "bench", organizationID: nil,
    permissions: [
      TelecomPermission.pricesManage.name, TelecomPermission.callsIngest.name, TelecomPermission.callsAuthorize.name,
    ],
    audience: ["abonent-telecom"], issuer: "abonent-identity", expires: Date().addingTimeInterval(86_400),
    issuedAt: Date().addingTimeInterval(-60), kind: .staff)
  return try await keys.sign(claims, kid: JWKIdentifier(string: "test-key-1"))
}

/// The price book of the run: one provider selling and buying `count` distinct prefixes
/// (3 to 8 digits) under plan BENCH, and `accounts` accounts on that plan.
func loadPrices(_ client: WireClient, count: Int, accounts: Int, random: inout BenchRandom) async throws -> [String] {
  _ = try await client.call(
    TelecomContract.createProvider,
    Provider(code: "BENCH-P", name: "Bench provider", incomingService: .unspecified, createdAt: .epoch))
  _ = try await client.call(
    TelecomContract.createRatingPlan, RatingPlan(code: "BENCH", name: "Bench", currency: "RUB", createdAt: .epoch))
  for index in 0..<accounts {
    _ = try await client.call(
      TelecomContract.setAccountRatingPlan,
      SetAccountRatingPlanRequest(accountNumber: accountNumber(index), ratingPlan: "BENCH"))
  }
  var prefixes = Set<String>()
  while prefixes.count < count { prefixes.insert(random.digits(Int.random(in: 3...8, using: &random))) }
  let sorted = prefixes.sorted()
  for kind in [PriceListKind.retail, .wholesale] {
    let csv = sorted.map { prefix in
      let kopecks = Int.random(in: 1...999, using: &random)
      return "\(prefix),\(kopecks / 100).\(kopecks % 100 < 10 ? "0" : "")\(kopecks % 100),60,60/60,0,2020-01-01,"
    }.joined(separator: "\n")
    let reply = try await client.call(
      TelecomContract.importPriceList,
      ImportPriceListRequest(
        key: PriceListKey(
          provider: "BENCH-P", kind: kind, ratingPlan: kind == .retail ? "BENCH" : "", service: .outgoingCall,
          placeOfService: "MSK"),
        csv: csv, currency: "RUB"), timeout: .seconds(600))
    guard reply.errors.isEmpty else { throw BenchFailure("price list refused: \(reply.errors.prefix(3))") }
  }
  return sorted
}

func accountNumber(_ index: Int) -> String { "BENCH-\(index)" }

struct BenchFailure: Error, CustomStringConvertible {
  let description: String
  init(_ description: String) { self.description = description }
}

/// `rows` calls of round `round` in batches of `batchSize`: each to a number starting with one
/// of `prefixes` (11 digits in all), started over the 20 days ending `daysBack` days ago (the
/// last 20 days by default), four in five answered. Call ids are `<idPrefix><round>-<index>`.
func makeBatches(
  round: Int, rows: Int, batchSize: Int, prefixes: [String], accounts: Int, random: inout BenchRandom,
  idPrefix: String = "r", daysBack: Int64 = 0
) -> [CallRecordBatch] {
  let now = UTCTimestamp.now.microsecondsSinceEpoch - daysBack * 86_400 * 1_000_000
  var batches: [CallRecordBatch] = []
  var records: [CallDetailRecord] = []
  records.reserveCapacity(batchSize)
  for index in 0..<rows {
    let prefix = prefixes[Int.random(in: 0..<prefixes.count, using: &random)]
    let answered = Int.random(in: 0..<5, using: &random) > 0
    let seconds = answered ? UInt64.random(in: 1...600, using: &random) : 0
    records.append(
      CallDetailRecord(
        callID: "\(idPrefix)\(round)-\(index)", accountNumber: accountNumber(index % accounts), caller: "74951234567",
        dialedNumber: prefix + random.digits(11 - prefix.count), service: .outgoingCall, placeOfService: "MSK",
        startedAt: UTCTimestamp(
          microsecondsSinceEpoch: now - Int64.random(in: 0..<(20 * 86_400), using: &random) * 1_000_000),
        answered: answered, durationSeconds: UInt32(seconds + 5), quantity: seconds))
    if records.count == batchSize {
      batches.append(CallRecordBatch(records: records))
      records.removeAll(keepingCapacity: true)
    }
  }
  if !records.isEmpty { batches.append(CallRecordBatch(records: records)) }
  return batches
}
