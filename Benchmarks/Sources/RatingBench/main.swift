import TelecomRules

// Benchmark for the rating core: build time, memory and single-thread lookup rate of PrefixTable and CallLockSet.
// Run with `swift run -c release rating-bench`. Inputs are reproducible from the printed seed.

let seed = benchmarkSeed()
var random = SplitMix64(seed: seed)
print("rating-bench seed=\(seed)")

func randomDigits(_ count: Int, using random: inout SplitMix64) -> String {
  var text = ""
  for _ in 0..<count {
    text.unicodeScalars.append(Unicode.Scalar(UInt8(ascii: "0") + UInt8.random(in: 0...9, using: &random)))
  }
  return text
}

func seconds(_ duration: Duration) -> Double {
  let parts = duration.components
  return Double(parts.seconds) + Double(parts.attoseconds) / 1e18
}

func megabytes(_ bytes: Int) -> String {
  let tenths = (bytes * 10 + 524_288) / 1_048_576
  return "\(tenths / 10).\(tenths % 10) MB"
}

let clock = ContinuousClock()
let epoch: Int64 = 1_700_000_000_000_000  // Nov 2023 in µs
let day: Int64 = 86_400_000_000

// MARK: PrefixTable

let prefixTarget = 100_000
var prefixTexts: [String] = []
var seenPrefixes = Set<String>()
while prefixTexts.count < prefixTarget {
  let text = randomDigits(Int.random(in: 2...12, using: &random), using: &random)
  if seenPrefixes.insert(text).inserted { prefixTexts.append(text) }
}
var entries: [PrefixTableEntry<Int32>] = []
for (index, text) in prefixTexts.enumerated() {
  let prefix = try! DialedDigits(text)
  let versions = Int.random(in: 1...3, using: &random)
  var from = epoch + Int64.random(in: 0...(30 * day), using: &random)
  for version in 0..<versions {
    let length = Int64.random(in: day...(200 * day), using: &random)
    let open = version == versions - 1 && Bool.random(using: &random)
    entries.append(
      PrefixTableEntry(
        prefix: prefix, validFrom: from, validTo: open ? nil : from + length,
        value: Int32(index * 4 + version)))
    from += length + Int64.random(in: 0...(10 * day), using: &random)
  }
}

let lookupCount = 10_000_000
let distinctNumbers = 1 << 20
var numbers: [DialedDigits] = []
var instants: [Int64] = []
numbers.reserveCapacity(distinctNumbers)
instants.reserveCapacity(distinctNumbers)
for index in 0..<distinctNumbers {
  // Half the numbers extend a table prefix (deep matches), half are uniformly random 11-digit numbers.
  let text: String
  if index % 2 == 0 {
    let base = prefixTexts[Int.random(in: 0..<prefixTexts.count, using: &random)]
    text = base + randomDigits(max(0, Int.random(in: 11...15, using: &random) - base.count), using: &random)
  } else {
    text = randomDigits(11, using: &random)
  }
  numbers.append(try! DialedDigits(text))
  instants.append(epoch + Int64.random(in: -(10 * day)...(700 * day), using: &random))
}

trimAllocator()
let residentBefore = residentBytes()
let buildStart = clock.now
let table = try! PrefixTable(entries: entries)
let buildTime = clock.now - buildStart
trimAllocator()  // hand the builder's freed temporaries back, so the RSS figure is what the table keeps
let residentAfter = residentBytes()

print("PrefixTable: \(table.prefixCount) prefixes (2-12 digits), \(table.entryCount) rows (1-3 versions each)")
print("  build time:            \(buildTime)")
print("  array bytes (counted): \(megabytes(table.approximateByteCount)) (\(table.approximateByteCount) B)")
if let residentBefore, let residentAfter {
  print("  RSS growth (statm):    \(megabytes(residentAfter - residentBefore)) (after malloc_trim)")
}

func benchTable(_ table: PrefixTable<Int32>, numbers: [DialedDigits], instants: [Int64], lookupCount: Int) {
  var found = 0
  var checksum: Int64 = 0
  let mask = numbers.count - 1  // a power of two
  let start = clock.now
  let cpuStart = threadCPUSeconds()
  for index in 0..<lookupCount {
    if let match = table.longestMatch(numbers[index & mask], at: instants[index & mask]) {
      found &+= 1
      checksum &+= Int64(match.value) &+ Int64(match.prefix.count)
    }
  }
  let elapsed = seconds(clock.now - start)
  let cpu = threadCPUSeconds() - cpuStart
  print("  longestMatch: \(lookupCount) lookups, 1 thread")
  print("    wall \(elapsed) s = \(Int(Double(lookupCount) / elapsed)) lookups/s")
  print("    cpu  \(cpu) s = \(Int(Double(lookupCount) / cpu)) lookups per CPU-second")
  print("    (\(found) matched, checksum \(checksum))")
}
benchTable(table, numbers: numbers, instants: instants, lookupCount: lookupCount)

// MARK: CallLockSet

let accountCount = 500
var locks: [CallLockRule] = []
for id in 0..<10_000 {
  let prefix = try! DialedDigits(randomDigits(Int.random(in: 1...8, using: &random), using: &random))
  let scope: CallLockScope =
    id % 10 < 3 ? .global : .account("acct-\(Int.random(in: 0..<accountCount, using: &random))")
  locks.append(CallLockRule(id: Int64(id), scope: scope, prefix: prefix))
}
let accountNames = (0..<accountCount).map { "acct-\($0)" }
let lockBuildStart = clock.now
let lockSet = try! CallLockSet(locks)
let lockBuildTime = clock.now - lockBuildStart
print("CallLockSet: \(locks.count) locks (30% global, rest over \(accountCount) accounts, 1-8 digits)")
print("  build time:            \(lockBuildTime)")
print("  array bytes (counted): \(megabytes(lockSet.approximateByteCount)) (\(lockSet.approximateByteCount) B)")
func benchLocks(_ lockSet: CallLockSet, numbers: [DialedDigits], accountNames: [String], lookupCount: Int) {
  var found = 0
  var checksum: Int64 = 0
  let mask = numbers.count - 1
  let accountCount = accountNames.count
  let start = clock.now
  let cpuStart = threadCPUSeconds()
  for index in 0..<lookupCount {
    let account = accountNames[index % accountCount]
    if let lock = lockSet.lock(for: numbers[index & mask], account: account) {
      found &+= 1
      checksum &+= lock.id
    }
  }
  let elapsed = seconds(clock.now - start)
  let cpu = threadCPUSeconds() - cpuStart
  print("  lock(for:account:): \(lookupCount) lookups, 1 thread")
  print("    wall \(elapsed) s = \(Int(Double(lookupCount) / elapsed)) lookups/s")
  print("    cpu  \(cpu) s = \(Int(Double(lookupCount) / cpu)) lookups per CPU-second")
  print("    (\(found) locked, checksum \(checksum))")
}
benchLocks(lockSet, numbers: numbers, accountNames: accountNames, lookupCount: lookupCount)
