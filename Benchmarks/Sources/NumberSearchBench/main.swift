import Foundation
import RPC
import TelecomAPI

// The DID pool's search through a running Telecom (scripts/bench-number-search.sh starts it
// and gives the pool its history between the two phases):
//   import  — BENCH_NUMBERS numbers (default 100,000) by ImportNumbers, 10,000 a call;
//   search  — SearchNumbers by mask %555% with the sale availability filter (yes, forced),
//             "show" 5,000, BENCH_RUNS times, and once more with a region; JSON lines out;
//   plan    — the mask search once (its plan logged by the database).

func setting(_ name: String, _ fallback: Int) -> Int {
  ProcessInfo.processInfo.environment[name].flatMap(Int.init) ?? fallback
}

struct BenchFailure: Error, CustomStringConvertible {
  let description: String
}

/// Distinct 11-digit numbers starting with 7, the same every run (a multiplicative walk of the
/// 10-digit range, an odd step coprime to 10^10).
func poolNumber(_ index: Int) -> String {
  let digits = String((index &* 7_919_000_003) % 10_000_000_000)
  return "7" + String(repeating: "0", count: 10 - digits.count) + digits
}

let regions = ["Москва", "Химки", "Мытищи", "Королёв", "Подольск"]

func importPool(_ client: WireClient, count: Int) async throws {
  var index = 0
  while index < count {
    let end = min(index + 10_000, count)
    let lines = (index..<end).map { i in
      let provider = i % 10 == 9 ? "ALIEN" : "OWN"
      let place = i % 50 == 7 ? "AGENT" : "MSK"
      let fmtn = i % 50 == 13 ? "1" : "0"
      return "\(poolNumber(i));\(regions[i % regions.count]);\(provider);\(place);\(fmtn)"
    }
    let reply = try await client.call(
      TelecomContract.importNumbers, ImportNumbersRequest(csv: lines.joined(separator: "\n")), timeout: .seconds(600))
    guard reply.errors.isEmpty else { throw BenchFailure(description: "import refused: \(reply.errors.prefix(3))") }
    index = end
  }
}

func milliseconds(_ duration: Duration) -> Double {
  Double(duration.components.seconds) * 1_000 + Double(duration.components.attoseconds) / 1e15
}

func search(_ client: WireClient, _ request: SearchNumbersRequest, runs: Int, name: String) async throws {
  var times: [Double] = []
  var found = 0
  for run in 0..<(runs + 3) {
    let start = ContinuousClock.now
    let reply = try await client.call(TelecomContract.searchNumbers, request, timeout: .seconds(60))
    let elapsed = milliseconds(ContinuousClock.now - start)
    found = reply.numbers.count
    guard reply.numbers.allSatisfy({ $0.number.contains("555") && $0.availability != .no }) else {
      throw BenchFailure(description: "a number without 555 or not for sale was returned")
    }
    if run >= 3 { times.append(elapsed) }  // three warm-up calls
  }
  times.sort()
  let p50 = times[times.count / 2]
  let p95 = times[min(times.count - 1, times.count * 95 / 100)]
  print(
    #"{"phase":"search","name":"\#(name)","found":\#(found),"runs":\#(runs),"#
      + #""p50Ms":\#(String(format: "%.1f", p50)),"p95Ms":\#(String(format: "%.1f", p95)),"#
      + #""maxMs":\#(String(format: "%.1f", times.last ?? 0))}"#)
}

func run() async throws {
  let port = setting("BENCH_PORT", 7403)
  let token = ProcessInfo.processInfo.environment["BENCH_TOKEN"] ?? ""
  let phase = CommandLine.arguments.dropFirst().first ?? "search"
  try await withWireClient(ClientSettings(host: "127.0.0.1", port: port, token: token)) { client in
    switch phase {
    case "import":
      let start = ContinuousClock.now
      let count = setting("BENCH_NUMBERS", 100_000)
      try await importPool(client, count: count)
      print(#"{"phase":"import","numbers":\#(count),"ms":\#(Int(milliseconds(ContinuousClock.now - start)))}"#)
    case "plan":
      // One call, for the plan auto_explain logs.
      _ = try await client.call(
        TelecomContract.searchNumbers,
        SearchNumbersRequest(mask: "%555%", availabilities: [.yes, .forced], page: PageRequest(size: 5_000, token: "")))
    default:
      let runs = setting("BENCH_RUNS", 30)
      let sellable: [NumberAvailability] = [.yes, .forced]
      let show = PageRequest(size: 5_000, token: "")
      try await search(
        client, SearchNumbersRequest(mask: "%555%", availabilities: sellable, page: show), runs: runs, name: "mask")
      try await search(
        client, SearchNumbersRequest(mask: "%555%", region: "Москва", availabilities: sellable, page: show),
        runs: runs, name: "mask+region")
    }
  }
}

try await run()
