#if canImport(Glibc)
  import Glibc
#endif

/// Wall-clock timing of one operation: calibrate a sample size of about 2 ms, take samples
/// for the time budget (at least 15), and report the median time per operation, which
/// shrugs off samples that a timer interrupt or the other core's work hit.
package enum Timing {
  package static func nanosecondsPerOperation(budgetSeconds: Double, _ operation: () throws -> Int) rethrows -> Double {
    var sink = 0
    // Warm up: first-use costs (lazy statics, caches) stay out of the samples.
    var warm = 0
    let warmStart = now()
    while warm < 3 || now() - warmStart < 20_000_000 {
      sink &+= try operation()
      warm += 1
    }
    let perOperation = Double(now() - warmStart) / Double(warm)
    let batch = max(1, Int(2_000_000 / perOperation))
    var samples: [Double] = []
    let budget = UInt64(budgetSeconds * 1e9)
    let start = now()
    while samples.count < 15 || now() - start < budget {
      let sampleStart = now()
      for _ in 0..<batch {
        sink &+= try operation()
      }
      samples.append(Double(now() - sampleStart) / Double(batch))
    }
    keep(sink)
    samples.sort()
    return samples[samples.count / 2]
  }

  static func now() -> UInt64 {
    var ts = timespec()
    clock_gettime(CLOCK_MONOTONIC, &ts)
    return UInt64(ts.tv_sec) * 1_000_000_000 + UInt64(ts.tv_nsec)
  }
}

/// Keeps a value alive from the optimizer's point of view.
@inline(never)
package func keep(_ value: Int) {
  if value == 0x7FFF_FFFF_FFFF_FFFE { print("") }
}
