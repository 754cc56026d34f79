public import Foundation

/// Reads the services' documents with someone else's parser (`pdftotext`, Python's openpyxl), from
/// async tests: the process's output goes to a file and its end is awaited, never blocked on.
public enum ExternalReader {
  public struct Failure: Error, CustomStringConvertible {
    public let description: String
  }

  /// Standard output of `tool arguments…` (the tool must be installed: scripts/test.sh does it).
  public static func run(_ tool: String, _ arguments: [String]) async throws -> String {
    let directory = FileManager.default.temporaryDirectory
    let outputPath = directory.appendingPathComponent("billing-reader-\(UUID().uuidString).out").path
    guard FileManager.default.createFile(atPath: outputPath, contents: nil) else {
      throw Failure(description: "cannot create \(outputPath)")
    }
    defer { try? FileManager.default.removeItem(atPath: outputPath) }
    let output = try FileHandle(forWritingTo: URL(fileURLWithPath: outputPath))
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    process.arguments = [tool] + arguments
    process.standardOutput = output
    let status: Int32 = try await withCheckedThrowingContinuation { continuation in
      process.terminationHandler = { continuation.resume(returning: $0.terminationStatus) }
      do { try process.run() } catch { continuation.resume(throwing: error) }
    }
    try output.close()
    let text = try String(contentsOfFile: outputPath, encoding: .utf8)
    guard status == 0 else {
      throw Failure(description: "\(tool) exited with \(status) (is it installed? scripts/test.sh installs it)")
    }
    return text
  }

  /// Runs `body` with `bytes` in a temporary file named `*<suffix>`.
  public static func withFile<T>(_ bytes: Data, suffix: String, _ body: (String) async throws -> T) async throws -> T {
    let path = FileManager.default.temporaryDirectory.appendingPathComponent(
      "billing-document-\(UUID().uuidString)\(suffix)"
    ).path
    try bytes.write(to: URL(fileURLWithPath: path))
    defer { try? FileManager.default.removeItem(atPath: path) }
    return try await body(path)
  }

  /// The text `pdftotext -layout` extracts.
  public static func pdfText(_ pdf: Data) async throws -> String {
    try await self.withFile(pdf, suffix: ".pdf") { try await self.run("pdftotext", ["-layout", $0, "-"]) }
  }

  /// Every cell of the workbook's first sheet as openpyxl reads it: rows of strings (`None` for empty).
  public static func spreadsheetCells(_ xlsx: Data) async throws -> [[String]] {
    let script = """
      import json, sys, openpyxl
      sheet = openpyxl.load_workbook(sys.argv[1]).worksheets[0]
      print(json.dumps({"title": sheet.title, "rows": [[None if c is None else str(c) for c in row] for row in sheet.iter_rows(values_only=True)]}))
      """
    let json = try await self.withFile(xlsx, suffix: ".xlsx") { try await self.run("python3", ["-c", script, $0]) }
    let parsed = try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any]
    let rows = parsed?["rows"] as? [[Any]] ?? []
    return [[parsed?["title"] as? String ?? ""]] + rows.map { $0.map { ($0 as? String) ?? "None" } }
  }
}
