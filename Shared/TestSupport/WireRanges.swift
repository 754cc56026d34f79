import GRPCCore
import RPC
public import Testing
public import WireCodec

/// Values from across a field's whole wire range, for the tests that no input may crash a
/// service: mostly anything the type can carry, with the edges and a few sensible values
/// mixed in. `judge` says what an answer to such input may be.
public enum WireRanges {
  public static func int32(_ random: inout SeededRandom) -> Int32 {
    switch Int.random(in: 0..<4, using: &random) {
    case 0: Int32.random(in: -2...14, using: &random)
    case 1: [Int32.min, Int32.max, 0, -1, 999, 1000][Int.random(in: 0..<6, using: &random)]
    default: Int32.random(in: Int32.min...Int32.max, using: &random)
    }
  }

  public static func int64(_ random: inout SeededRandom) -> Int64 {
    Int64.random(in: Int64.min...Int64.max, using: &random) >> Int64.random(in: 0...63, using: &random)
  }

  public static func date(_ random: inout SeededRandom) -> CalendarDate? {
    let days = Int32.random(in: Int32.min...Int32.max, using: &random) >> Int32.random(in: 0...31, using: &random)
    return Bool.random(using: &random) ? nil : CalendarDate(daysSinceEpoch: days)
  }

  public static func decimal(_ random: inout SeededRandom) -> ExactDecimal {
    ExactDecimal(units: self.int64(&random), scale: UInt8.random(in: 0...ExactDecimal.maxScale, using: &random))
  }

  public static func text(_ random: inout SeededRandom, extra: [String] = []) -> String {
    let pieces =
      [
        "", "0", "99999", "00000145.554", "145,554", "-1", "1e9", "١٢", "12345678901234567890", ".", "a;b", "\u{0}",
      ] + extra
    return Bool.random(using: &random)
      ? pieces[Int.random(in: 0..<pieces.count, using: &random)]
      : String(repeating: "9", count: Int.random(in: 0...40, using: &random))
  }

  /// A refusal with a reason, or a success; INTERNAL and UNKNOWN are failures of the server.
  public static func judge(
    _ what: String, sourceLocation: SourceLocation = #_sourceLocation, _ body: () async throws -> Void
  ) async {
    do {
      try await body()
    } catch let error as RPCError {
      #expect(
        error.code != .internalError && error.code != .unknown, "\(what): \(error)", sourceLocation: sourceLocation)
      #expect(error.reason != nil, "\(what): a refusal without a reason: \(error)", sourceLocation: sourceLocation)
    } catch {
      Issue.record("\(what): not an RPC error: \(error)", sourceLocation: sourceLocation)
    }
  }
}
