import CodecBenchKit
import Foundation

/// `codec-bench [--seconds S] [--enforce]` times encode and decode of the benchmark messages
/// with our codec, swift-protobuf and Foundation JSON, adds the allocation counts of
/// `codec-bench-mallocs`, and prints results and ratios as markdown. `--enforce` exits 1
/// when a target of issue 3 is missed, for use as a regression gate.
///
/// `codec-bench --repeat MESSAGE CODEC encode|decode N` runs one operation N times and
/// prints nothing else: the entry point for `valgrind --tool=callgrind`.
@main
struct CodecBench {
  static func main() throws {
    let arguments = Array(CommandLine.arguments.dropFirst())
    let workloads = try Workload.all()
    if let index = arguments.firstIndex(of: "--repeat") {
      try repeatOne(workloads, Array(arguments[(index + 1)...]))
      return
    }
    var seconds = 1.0
    if let index = arguments.firstIndex(of: "--seconds"), index + 1 < arguments.count,
      let value = Double(arguments[index + 1])
    {
      seconds = value
    }
    let allocations = MallocCounts.fromSibling()
    var measurements: [CodecMeasurement] = []
    for workload in workloads {
      let encode = try Timing.nanosecondsPerOperation(budgetSeconds: seconds, workload.encode)
      let decode = try Timing.nanosecondsPerOperation(budgetSeconds: seconds, workload.decode)
      let counts = allocations["\(workload.message)|\(workload.codec.rawValue)"]
      measurements.append(
        CodecMeasurement(
          workload: workload, encodeNanoseconds: encode, decodeNanoseconds: decode,
          encodeMallocs: counts?.encode, decodeMallocs: counts?.decode
        ))
      warn("measured \(workload.message) / \(workload.codec.rawValue)")
    }
    let report = Report(measurements: measurements)
    print("### Results (median of samples, \(seconds) s per cell)\n")
    print(report.resultsTable)
    print("\n### Ratios (× = how many times faster abonent is)\n")
    print(report.ratioTable)
    let missed = report.checks.filter { !$0.allMet }
    print(
      "\nTargets: \(missed.isEmpty ? "all met" : "missed for " + missed.map { $0.message }.joined(separator: ", ")).")
    if arguments.contains("--enforce"), !missed.isEmpty {
      exit(1)
    }
  }

  /// `MESSAGE` is a prefix of a message name (`CDR`, `invoice`, `batch`), `CODEC` of a codec
  /// name (`abonent`, `swift-protobuf`, `JSON`).
  static func repeatOne(_ workloads: [Workload], _ arguments: [String]) throws {
    guard arguments.count == 4, let count = Int(arguments[3]),
      let workload = workloads.first(where: {
        $0.message.hasPrefix(arguments[0]) && $0.codec.rawValue.hasPrefix(arguments[1])
      })
    else {
      warn("usage: codec-bench --repeat CDR|invoice|batch abonent|swift-protobuf|JSON encode|decode N")
      exit(64)
    }
    let operation = arguments[2] == "encode" ? workload.encode : workload.decode
    var sink = 0
    for _ in 0..<count {
      sink &+= try operation()
    }
    keep(sink)
  }
}
