import Foundation
import Testing

/// Every reason code a service can return is explained where its callers look: the service's
/// page (`docs/<service>.md`) or, for the platform's own, `docs/errors.md`. The codes are read
/// from the sources the way they are written: `reason: "CODE"`, `…Reason = "CODE"`, and field
/// violations `add(field, "CODE", …)` / `FieldViolation(field, "CODE", …)`.
@Suite("Reason codes are documented")
struct ReasonsDocumentedTests {
  static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent()

  static let patterns = [
    #"reason: "([A-Z][A-Z0-9_]+)""#,
    #"[rR]eason = "([A-Z][A-Z0-9_]+)""#,
    #"\.add\([^,()]+, "([A-Z][A-Z0-9_]+)""#,
    #"FieldViolation\([^,()]+, "([A-Z][A-Z0-9_]+)""#,
    // Rule types name their refusals by case (`case .retired: "SIM_RETIRED"`) or by a helper.
    #"case \.[a-zA-Z]+(?:\([^)]*\))?: "([A-Z][A-Z0-9_]+)""#,
    #"refuse\("([A-Z][A-Z0-9_]+)""#,
  ]

  /// The reason codes written in the Swift files under `folder`.
  static func reasons(under folder: String) throws -> [String: String] {
    var found: [String: String] = [:]
    let base = Self.root.appendingPathComponent(folder)
    let files =
      FileManager.default.enumerator(at: base, includingPropertiesForKeys: nil)?.compactMap { $0 as? URL } ?? []
    let expressions = try Self.patterns.map { try NSRegularExpression(pattern: $0) }
    for file in files where file.pathExtension == "swift" {
      let text = try String(contentsOf: file, encoding: .utf8)
      let range = NSRange(text.startIndex..., in: text)
      for expression in expressions {
        for match in expression.matches(in: text, range: range) {
          guard let codeRange = Range(match.range(at: 1), in: text) else { continue }
          let code = String(text[codeRange])
          if found[code] == nil { found[code] = file.path.replacingOccurrences(of: Self.root.path + "/", with: "") }
        }
      }
    }
    return found
  }

  static func page(_ name: String) throws -> String {
    try String(contentsOf: Self.root.appendingPathComponent("docs/\(name)"), encoding: .utf8)
  }

  /// The codes in `reasons` that neither page mentions (as a whole word), with where they are written.
  static func undocumented(_ reasons: [String: String], in pages: [String]) -> [String] {
    reasons.keys.sorted().filter { code in
      !pages.contains { page in page.range(of: "(?<![A-Z0-9_])\(code)(?![A-Z0-9_])", options: .regularExpression) != nil
      }
    }.map { "\($0) (\(reasons[$0] ?? "?"))" }
  }

  @Test("the platform's reasons are in docs/errors.md")
  func platform() throws {
    let reasons = try ["Shared/RPC", "Shared/Storage", "Shared/Runtime", "Shared/Mail"].reduce(into: [String: String]())
    {
      $0.merge(try Self.reasons(under: $1)) { first, _ in first }
    }
    #expect(reasons.count > 10, "the scan found too few codes to be working: \(reasons.keys.sorted())")
    let missing = Self.undocumented(reasons, in: [try Self.page("errors.md")])
    #expect(missing.isEmpty, "not in docs/errors.md: \(missing.joined(separator: ", "))")
  }

  @Test(
    "each service's reasons are in its page or docs/errors.md",
    arguments: ["identity", "billing", "telecom", "utilities", "isp"])
  func service(_ name: String) throws {
    let service = "Services/" + (name == "isp" ? "ISP" : name.prefix(1).uppercased() + name.dropFirst())
    let folder = service + "/Sources"
    var reasons = try Self.reasons(under: folder)
    // Telecom's and Utilities' rule types (the state machine, ICCIDs, readings) return reasons too.
    if name == "telecom" || name == "utilities" {
      reasons.merge(try Self.reasons(under: service + "/Rules")) { first, _ in first }
    }
    #expect(reasons.count > 10, "the scan of \(folder) found too few codes to be working")
    let missing = Self.undocumented(reasons, in: [try Self.page("\(name).md"), try Self.page("errors.md")])
    #expect(missing.isEmpty, "not in docs/\(name).md or docs/errors.md: \(missing.joined(separator: ", "))")
  }
}
