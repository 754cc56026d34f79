import Foundation
import Testing

/// Runs the independent readers the documents are checked with (`pdftotext`, `pdffonts`,
/// Python's openpyxl): a file our writer produced is only correct if someone else's parser
/// agrees. A missing tool fails the test loudly — the suite's set-up installs them.
enum ExternalTool {
  struct Failure: Error, CustomStringConvertible {
    let description: String
  }

  /// Standard output of `tool arguments…`; throws if the tool is missing or exits non-zero.
  static func run(_ tool: String, _ arguments: [String]) throws -> String {
    guard let executable = self.locate(tool) else {
      throw Failure(
        description: "\(tool) is not installed or not on PATH; the test set-up installs it "
          + "(poppler-utils for pdftotext/pdffonts, python3 with openpyxl from requirements.txt)")
    }
    let process = Process()
    process.executableURL = URL(fileURLWithPath: executable)
    process.arguments = arguments
    let output = Pipe()
    let errors = Pipe()
    process.standardOutput = output
    process.standardError = errors
    try process.run()
    // Read before waiting: a child blocked on a full pipe would never exit.
    let stdout = output.fileHandleForReading.readDataToEndOfFile()
    let stderr = errors.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    guard process.terminationStatus == 0 else {
      throw Failure(
        description: "\(tool) exited with \(process.terminationStatus): \(String(decoding: stderr, as: UTF8.self))")
    }
    return String(decoding: stdout, as: UTF8.self)
  }

  private static func locate(_ tool: String) -> String? {
    let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/local/bin:/usr/bin:/bin"
    let directories = path.split(separator: ":").map(String.init) + ["/usr/bin", "/usr/local/bin"]
    return directories.map { "\($0)/\(tool)" }.first { FileManager.default.isExecutableFile(atPath: $0) }
  }

  /// Writes `bytes` to a fresh temporary file, runs `body` with its path, then removes it.
  static func withTemporaryFile<T>(_ bytes: [UInt8], suffix: String, _ body: (String) throws -> T) throws -> T {
    let path = FileManager.default.temporaryDirectory
      .appendingPathComponent("billing-documents-\(UUID().uuidString)\(suffix)").path
    try Data(bytes).write(to: URL(fileURLWithPath: path))
    defer { try? FileManager.default.removeItem(atPath: path) }
    return try body(path)
  }

  /// `pdftotext -layout` of a PDF, the way an accountant's tools would read it.
  static func pdfText(_ pdf: [UInt8]) throws -> String {
    try self.withTemporaryFile(pdf, suffix: ".pdf") { try self.run("pdftotext", ["-layout", $0, "-"]) }
  }
}
