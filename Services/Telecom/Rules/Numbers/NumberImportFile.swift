/// A pool import file (docs/telecom.md, "The DID number pool"): CSV lines of number, region,
/// provider, place of service and FMTN flag (`1`/`0`, `yes`/`no`, empty for no), separated by
/// commas or semicolons, an optional header line whose first cell is `number`. Each line is
/// valid or refused with its own reason.
public struct NumberImportFile: Sendable {
  public struct Line: Sendable, Equatable {
    public let line: Int
    public let number: PoolNumber
    public let region: String
    public let provider: String
    public let place: String
    public let fmtn: Bool
  }

  public struct Refusal: Error, Sendable, Equatable {
    public let line: Int
    public let reason: String
    public let message: String
  }

  public static let maximumLines = 10_000
  public static let maximumText = 100

  public private(set) var lines: [Line] = []
  public private(set) var refusals: [Refusal] = []

  /// Nil when the file has more than ``maximumLines`` lines besides a header.
  public init?(_ text: String) {
    guard let rows = CSVLines.split(text, maximum: Self.maximumLines, header: "number") else { return nil }
    var seen: [String: Int] = [:]
    for row in rows {
      switch Self.line(row.fields, number: row.number) {
      case .success(let line):
        if let first = seen[line.number.digits] {
          self.refusals.append(
            Refusal(line: row.number, reason: "NUMBER_REPEATED", message: "The number is on line \(first) already."))
        } else {
          seen[line.number.digits] = row.number
          self.lines.append(line)
        }
      case .failure(let refusal): self.refusals.append(refusal)
      }
    }
  }

  static func line(_ fields: [String], number: Int) -> Result<Line, Refusal> {
    func refuse(_ reason: String, _ message: String) -> Result<Line, Refusal> {
      .failure(Refusal(line: number, reason: reason, message: message))
    }
    guard fields.count == 4 || fields.count == 5 else {
      return refuse("FIELD_COUNT", "A line is: number, region, provider, place of service[, FMTN].")
    }
    guard let phone = PoolNumber(fields[0]) else { return refuse("NUMBER_FORMAT", PoolNumber.formatMessage) }
    for (index, name) in [(1, "region"), (2, "provider"), (3, "place of service")] {
      guard (1...Self.maximumText).contains(fields[index].count) else {
        return refuse("FIELD_FORMAT", "The \(name) is 1 to \(Self.maximumText) characters.")
      }
    }
    let flag = fields.count == 5 ? fields[4].lowercased() : ""
    guard let fmtn = ["": false, "0": false, "no": false, "1": true, "yes": true][flag] else {
      return refuse("FMTN_FORMAT", "The FMTN flag is 1 or 0 (yes or no), or empty for no.")
    }
    return .success(
      Line(line: number, number: phone, region: fields[1], provider: fields[2], place: fields[3], fmtn: fmtn))
  }
}
