import Foundation

/// The allocation counts of `codec-bench-mallocs`, the sibling executable that links the
/// malloc interposer, keyed by "message|codec".
enum MallocCounts {
  static func fromSibling() -> [String: (encode: Double, decode: Double)] {
    let executable = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath()
    let sibling = executable.deletingLastPathComponent().appendingPathComponent("codec-bench-mallocs")
    guard FileManager.default.isExecutableFile(atPath: sibling.path) else {
      warn("no \(sibling.path) (build the codec-bench-mallocs product): allocations not counted")
      return [:]
    }
    let child = Process()
    child.executableURL = sibling
    let output = Pipe()
    child.standardOutput = output
    do {
      try child.run()
    } catch {
      warn("could not run \(sibling.path): \(error)")
      return [:]
    }
    let text = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
    child.waitUntilExit()
    guard child.terminationStatus == 0 else {
      warn("codec-bench-mallocs failed (status \(child.terminationStatus)): \(text)")
      return [:]
    }
    var counts: [String: (encode: Double, decode: Double)] = [:]
    for line in text.split(separator: "\n") {
      let parts = line.split(separator: "|").map(String.init)
      guard parts.count == 4, let encode = Double(parts[2]), let decode = Double(parts[3]) else { continue }
      counts["\(parts[0])|\(parts[1])"] = (encode, decode)
    }
    return counts
  }
}

func warn(_ text: String) {
  FileHandle.standardError.write(Data((text + "\n").utf8))
}
