#if canImport(Glibc)
  import Glibc
#elseif canImport(Musl)
  import Musl
#endif

/// Resident set size in bytes from /proc/self/statm (second field, in pages), or nil where there is no /proc.
/// Used to show the memory a built structure really costs the process, next to the bytes its arrays hold.
func residentBytes() -> Int? {
  #if os(Linux)
    let descriptor = open("/proc/self/statm", O_RDONLY)
    guard descriptor >= 0 else { return nil }
    defer { close(descriptor) }
    var buffer = [UInt8](repeating: 0, count: 256)
    let readCount = buffer.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, $0.count) }
    guard readCount > 0 else { return nil }
    let fields = buffer[0..<readCount].split(separator: UInt8(ascii: " "))
    guard fields.count >= 2, let pages = Int(String(decoding: fields[1], as: UTF8.self)) else { return nil }
    return pages * Int(sysconf(Int32(_SC_PAGESIZE)))
  #else
    return nil
  #endif
}

/// The benchmark seed: `ABONENT_BENCH_SEED` if set, else a fixed default so runs are comparable.
func benchmarkSeed() -> UInt64 {
  #if canImport(Glibc) || canImport(Musl)
    if let raw = getenv("ABONENT_BENCH_SEED"), let seed = UInt64(String(cString: raw)) { return seed }
  #endif
  return 20_240_601
}

/// CPU time consumed by the calling thread, in seconds. The machine may be shared, so the lookup rate is given
/// both per wall-clock second and per second of this thread's CPU time (the "one core" figure).
func threadCPUSeconds() -> Double {
  #if os(Linux)
    var spec = timespec()
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &spec)
    return Double(spec.tv_sec) + Double(spec.tv_nsec) / 1e9
  #else
    return 0
  #endif
}

/// Returns freed heap memory to the kernel (glibc's `malloc_trim`, looked up at run time because the Glibc
/// module does not export <malloc.h>), so resident-memory deltas are not inflated by free lists.
func trimAllocator() {
  #if canImport(Glibc)
    typealias MallocTrim = @convention(c) (Int) -> Int32
    guard let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "malloc_trim") else { return }
    _ = unsafeBitCast(symbol, to: MallocTrim.self)(0)
  #endif
}
