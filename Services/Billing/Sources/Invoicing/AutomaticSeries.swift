/// The numbers Billing gives documents itself: `<series>-<n>`, at least 4 digits (NCR-0134).
/// Hand-given and imported invoice numbers must stay out of them, or a later automatic
/// number collides with one and stops monthly invoicing for every account.
struct AutomaticSeries: Sendable {
  let series: String
  /// Numbers below this are not issued automatically (`invoiceSeriesStart`): legacy ones.
  let start: Int64

  static func number(_ value: Int64, in series: String) -> String {
    let digits = String(value)
    return "\(series)-\(String(repeating: "0", count: max(0, 4 - digits.count)))\(digits)"
  }

  /// The number within the series that `text` is, read as a person would (case and leading
  /// zeros ignored: `ncr-134` and `NCR-00134` are both NCR-0134); `nil` when `text` is
  /// outside the series.
  func position(of text: String) -> Int64? {
    let prefix = self.series.uppercased() + "-"
    let upper = text.uppercased()
    guard upper.hasPrefix(prefix) else { return nil }
    let rest = upper.dropFirst(prefix.count)
    guard !rest.isEmpty, rest.utf8.allSatisfy({ (0x30...0x39).contains($0) }) else { return nil }
    let significant = rest.drop { $0 == "0" }
    // A run of digits longer than an Int64 holds is still in the series: beyond any start.
    guard significant.count <= 18 else { return .max }
    return Int64(significant) ?? 0
  }

  /// Whether a hand-given number may be used: outside the series, or a legacy number below
  /// the start.
  func admits(_ text: String) -> Bool {
    guard let position = self.position(of: text) else { return true }
    return position < self.start
  }
}
