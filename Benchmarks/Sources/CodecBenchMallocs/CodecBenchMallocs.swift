import CodecBenchKit
import MallocInterposerSwift

/// `codec-bench-mallocs`: prints `message|codec|mallocs per encode|mallocs per decode` for
/// every workload. It links ordo-one's malloc-interposer, which is then in front of libc's
/// malloc for the whole process (no LD_PRELOAD needed); codec-bench runs it and merges the
/// counts into its table.
@main
struct CodecBenchMallocs {
  static func main() throws {
    guard interposerActive else {
      print("error: the malloc interposer is not in front of malloc; nothing counted")
      exit(2)
    }
    for workload in try Workload.all() {
      let iterations = workload.encodedBytes > 100_000 ? 5 : 50
      let encode = try mallocsPerOperation(iterations: iterations, workload.encode)
      let decode = try mallocsPerOperation(iterations: iterations, workload.decode)
      print("\(workload.message)|\(workload.codec.rawValue)|\(encode)|\(decode)")
    }
  }

  /// Whether this process's allocations reach the interposer.
  static var interposerActive: Bool {
    MallocInterposerSwift.initialize()
    MallocInterposerSwift.hook()
    // The buffer escapes through an opaque call, so the optimizer cannot drop the malloc.
    let buffer = UnsafeMutableRawPointer.allocate(byteCount: 24, alignment: 8)
    keep(Int(bitPattern: buffer))
    buffer.deallocate()
    MallocInterposerSwift.unhook()
    return MallocInterposerSwift.getStatistics().mallocCount > 0
  }

  /// Mallocs per call of `operation`, averaged over `iterations` calls after two warm-up calls.
  static func mallocsPerOperation(iterations: Int, _ operation: () throws -> Int) rethrows -> Double {
    var sink = try operation() &+ operation()
    MallocInterposerSwift.initialize()
    MallocInterposerSwift.hook()
    for _ in 0..<iterations {
      sink &+= try operation()
    }
    MallocInterposerSwift.unhook()
    keep(sink)
    return Double(MallocInterposerSwift.getStatistics().mallocCount) / Double(iterations)
  }
}

#if canImport(Glibc)
  import Glibc
#endif
