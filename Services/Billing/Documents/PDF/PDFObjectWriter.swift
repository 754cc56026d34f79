/// Appends numbered objects to a PDF file and writes the cross-reference table at the end.
struct PDFObjectWriter {
  private(set) var bytes: [UInt8] = []
  private var offsets: [Int: Int] = [:]

  init() {
    // The binary comment tells transfer tools the file is not text (ISO 32000-1, 7.5.2).
    self.append("%PDF-1.7\n%\u{E2}\u{E3}\u{CF}\u{D3}\n")
  }

  mutating func object(_ number: Int, _ body: String) {
    self.offsets[number] = self.bytes.count
    self.append("\(number) 0 obj\n\(body)\nendobj\n")
  }

  /// A stream object, Flate-compressed; `extra` adds dictionary entries such as `/Length1`.
  mutating func stream(_ number: Int, _ content: [UInt8], extra: String = "") throws(BillingDocumentError) {
    let compressed = try FlateEncoder.zlibStream(content)
    self.offsets[number] = self.bytes.count
    self.append("\(number) 0 obj\n<< /Length \(compressed.count) /Filter /FlateDecode\(extra) >>\nstream\n")
    self.bytes.append(contentsOf: compressed)
    self.append("\nendstream\nendobj\n")
  }

  /// Cross-reference table and trailer; objects 1…`count` must all have been written.
  mutating func finish(count: Int, root: Int, info: Int) {
    let start = self.bytes.count
    self.append("xref\n0 \(count + 1)\n0000000000 65535 f \n")
    for number in 1...count {
      let offset = String(self.offsets[number] ?? 0)
      self.append(String(repeating: "0", count: max(0, 10 - offset.count)) + offset + " 00000 n \n")
    }
    self.append("trailer\n<< /Size \(count + 1) /Root \(root) 0 R /Info \(info) 0 R >>\nstartxref\n\(start)\n%%EOF\n")
  }

  private mutating func append(_ text: String) {
    // The header's binary marker is the only non-ASCII text; it must be single bytes, not UTF-8.
    for scalar in text.unicodeScalars {
      if scalar.value < 0x100 {
        self.bytes.append(UInt8(scalar.value))
      } else {
        self.bytes.append(contentsOf: Array(String(scalar).utf8))
      }
    }
  }
}
