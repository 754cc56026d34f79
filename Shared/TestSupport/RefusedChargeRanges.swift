public import RPC
import Testing

/// The platform's refused-charge methods (docs/platform.md, "Charges Billing refused") fed
/// inputs from across their wire ranges — page sizes, page tokens (instants far beyond
/// PostgreSQL's range among them), texts with NULs, id lists of any length — on any service
/// that offers them: every answer must be a success or a reasoned refusal.
public enum RefusedChargeRanges {
  public static func judge(
    _ server: some RunningServer, token: String, rounds: Int, seed: String,
    list: UnaryMethod<ListRefusedChargesRequest, ListRefusedChargesReply>,
    repost: UnaryMethod<RepostChargesRequest, RepostChargesReply>,
    reposts: UnaryMethod<ListChargeRepostsRequest, ListChargeRepostsReply>
  ) async {
    var random = SeededRandom.forTest(seed)
    for _ in 0..<rounds {
      let page = PageRequest(size: UInt32(truncatingIfNeeded: WireRanges.int32(&random)), token: Self.token(&random))
      let account = WireRanges.text(&random)
      await WireRanges.judge("ListRefusedCharges \(page) \(account)") {
        _ = try await server.call(list, ListRefusedChargesRequest(accountNumber: account, page: page), token: token)
      }
      let count = [0, 1, 2, 7, 1000, 1001, 2500][Int.random(in: 0..<7, using: &random)]
      var ids: [String] = []
      for _ in 0..<count { ids.append(WireRanges.text(&random, extra: [String(repeating: "x", count: 101)])) }
      let note = WireRanges.text(&random, extra: [String(repeating: "n", count: 501)])
      let moveTo = Bool.random(using: &random) ? "" : WireRanges.text(&random)
      await WireRanges.judge("RepostCharges \(ids.count) ids, to \(moveTo)") {
        _ = try await server.call(
          repost, RepostChargesRequest(usageIDs: ids, accountNumber: moveTo, note: note), token: token)
      }
      let usageID = WireRanges.text(&random)
      let historyPage = PageRequest(
        size: UInt32(truncatingIfNeeded: WireRanges.int32(&random)), token: String(WireRanges.int64(&random)))
      await WireRanges.judge("ListChargeReposts \(usageID) \(historyPage)") {
        _ = try await server.call(
          reposts, ListChargeRepostsRequest(usageID: usageID, accountNumber: account, page: historyPage), token: token)
      }
    }
  }

  /// A refused list's page token: empty, text, or an instant (microseconds, from anywhere in
  /// Int64's range, PostgreSQL's limits and beyond them) and a usage id.
  static func token(_ random: inout SeededRandom) -> String {
    let instants: [Int64] = [.min, .max, 9_000_000_000_000_000, -9_000_000_000_000_000, 0, WireRanges.int64(&random)]
    switch Int.random(in: 0..<3, using: &random) {
    case 0: return ""
    case 1: return WireRanges.text(&random, extra: ["_", "1_", "_x"])
    default: return "\(instants[Int.random(in: 0..<instants.count, using: &random)])_\(WireRanges.text(&random))"
    }
  }
}
