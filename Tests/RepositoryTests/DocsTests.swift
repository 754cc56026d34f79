import Foundation
import Testing

/// The docs are for the people who run the services: each section says which source files it
/// describes, every path it names exists, and it does not send the reader to documents
/// outside the repository.
@Suite("Docs against the tree")
struct DocsTests {
  static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent()

  static var pages: [(name: String, text: String)] {
    let folder = Self.root.appendingPathComponent("docs")
    let names = ((try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []).filter {
      $0.hasSuffix(".md")
    }.sorted()
    return names.compactMap { name in
      (try? String(contentsOf: folder.appendingPathComponent(name), encoding: .utf8)).map { ("docs/\(name)", $0) }
    }
  }

  /// A path into the tree, as docs write them in backticks.
  static var repositoryPath: Regex<(Substring, Substring)> {
    #/`((?:Services|Shared|Tests|scripts|docs|clients|Fuzz|Benchmarks|Tools|deploy)/[^`\s]*)`/#
  }
  /// Something a section may name as its source: a file or a folder of the tree.
  static var sourceReference: Regex<Substring> {
    #/`[^`]*(?:\.swift|\.sh|\.py|Sources/|Shared/|Services/|Tests/|scripts/|clients/|deploy/|Fuzz/|Benchmarks/|Tools/)[^`]*`/#
  }

  @Test("the scan reads every page")
  func pagesFound() {
    #expect(Self.pages.count >= 8, "\(Self.pages.map(\.name))")
  }

  @Test("every section names the source files it describes")
  func sectionsNameTheirSources() {
    for page in Self.pages {
      let sections = page.text.split(separator: "\n## ", omittingEmptySubsequences: false).dropFirst()
      for section in sections {
        let title = section.prefix { $0 != "\n" }
        #expect(section.firstMatch(of: Self.sourceReference) != nil, "\(page.name): “## \(title)” names no source file")
      }
    }
  }

  /// Folders `.gitignore` names are made by scripts (fuzz corpus, findings, build output); a clean
  /// clone does not have them, so the docs may name them without the tree holding them.
  static var generatedFolders: [String] {
    let text = (try? String(contentsOf: Self.root.appendingPathComponent(".gitignore"), encoding: .utf8)) ?? ""
    return text.split(separator: "\n").map { String($0.drop { $0 == "/" }) }.filter { $0.hasSuffix("/") }
  }

  @Test("every path the docs name exists")
  func pathsExist() {
    let generated = Self.generatedFolders
    #expect(generated.contains("Fuzz/findings/"), "\(generated)")
    for page in Self.pages {
      for match in page.text.matches(of: Self.repositoryPath) {
        var path = String(match.output.1)
        path = String(path.prefix { $0 != ":" && $0 != "…" })
        guard !path.contains("*"), !path.contains("<"), !path.contains(".build") else { continue }
        guard !generated.contains(where: { (path + "/").hasPrefix($0) }) else { continue }
        let exists = FileManager.default.fileExists(atPath: Self.root.appendingPathComponent(path).path)
        #expect(exists, "\(page.name) names \(path), which is not in the tree")
      }
    }
  }

  @Test("no page refers to documents outside the repository")
  func selfContained() {
    let outside = [#/\.\.\//#, #/(?i)\bseeds?\s+0\d\d/#, #/shared/seeds/#, #/DESIGN\.md/#, #/\/work\//#]
    for page in Self.pages {
      for pattern in outside {
        let found = page.text.firstMatch(of: pattern).map { String(page.text[$0.range]) }
        #expect(found == nil, "\(page.name) refers outside the repository: \(found ?? "")")
      }
    }
  }
}
