public import WireCodec

/// A readings file from inspectors or another system: a header line, then
/// `account;factory number;value;date;external id` (`,` works as the separator too). Each line
/// is checked on its own; one refused line refuses the file (docs/utilities.md, "Import").
public struct ReadingImportFile: Sendable {
  public struct Line: Sendable, Hashable {
    public let number: Int
    public let accountNumber: String
    public let factoryNumber: String
    public let value: String
    public let readOn: CalendarDate
    public let externalID: String
  }

  public struct LineError: Sendable, Hashable {
    public let line: Int
    public let reason: String
    public let message: String
  }

  /// The most lines one file may hold.
  public static let maximumLines = 20_000

  public let lines: [Line]
  public let errors: [LineError]

  public init(_ text: String) {
    var lines: [Line] = []
    var errors: [LineError] = []
    var seen: [String: Int] = [:]
    let rows = text.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline)
    for (index, raw) in rows.enumerated() where index > 0 {
      let row = raw.trimmingCharacters()
      if row.isEmpty { continue }
      let number = index + 1
      guard number <= Self.maximumLines + 1 else {
        errors.append(
          LineError(line: number, reason: "IMPORT_TOO_LONG", message: "At most \(Self.maximumLines) lines."))
        break
      }
      let fields = row.split(separator: row.contains(";") ? ";" : ",", omittingEmptySubsequences: false)
        .map { String($0).trimmingCharacters() }
      guard fields.count == 5 else {
        errors.append(
          LineError(
            line: number, reason: "LINE_MALFORMED",
            message: "Expected 5 fields (account;factory number;value;date;external id), found \(fields.count)."))
        continue
      }
      guard let date = CalendarDate(iso8601: fields[3]) else {
        errors.append(
          LineError(line: number, reason: "DATE_INVALID", message: "«\(fields[3])» is not a YYYY-MM-DD date."))
        continue
      }
      guard !fields[4].isEmpty, fields[4].count <= 100, fields[0].count <= 32, fields[1].count <= 64,
        fields[2].count <= 32
      else {
        errors.append(
          LineError(
            line: number, reason: "LINE_MALFORMED",
            message: "The external id is required (at most 100 characters) and no field is overlong."))
        continue
      }
      if let first = seen[fields[4]] {
        errors.append(
          LineError(
            line: number, reason: "EXTERNAL_ID_REPEATED", message: "External id \(fields[4]) is on line \(first) too."))
        continue
      }
      seen[fields[4]] = number
      lines.append(
        Line(
          number: number, accountNumber: fields[0], factoryNumber: fields[1], value: fields[2], readOn: date,
          externalID: fields[4]))
    }
    self.lines = lines
    self.errors = errors
  }
}

extension Substring {
  func trimmingCharacters() -> String {
    String(
      self.drop { $0 == " " || $0 == "\t" || $0 == "\u{FEFF}" }.reversed().drop {
        $0 == " " || $0 == "\t" || $0 == "\r"
      }.reversed())
  }
}

extension String {
  func trimmingCharacters() -> String { self[...].trimmingCharacters() }
}
