/// A SIM import file (docs/telecom.md, "Importing SIMs"): CSV lines of ICCID, MSISDN, IMSI and
/// profile, separated by commas or semicolons (spreadsheets in Russian locales write `;`), an
/// optional header line, blank lines ignored. Each line is valid or refused with its own
/// reason; one bad line never spoils the others.
public struct SimImportFile: Sendable {
  public struct Line: Sendable, Equatable {
    public let number: Int
    public let iccid: ICCID
    public let msisdn: String
    public let imsi: String
    public let profile: SimProfile
  }

  public struct Refusal: Error, Sendable, Equatable {
    public let line: Int
    public let reason: String
    public let message: String
  }

  public static let maximumLines = 10_000

  public private(set) var lines: [Line] = []
  public private(set) var refusals: [Refusal] = []

  /// Nil when the file has more than ``maximumLines`` lines besides a header: the whole
  /// import is refused.
  public init?(_ text: String) {
    guard let rows = CSVLines.split(text, maximum: Self.maximumLines, header: "iccid") else { return nil }
    var seen: [String: Int] = [:]
    for row in rows {
      let number = row.number
      switch Self.line(row.fields, number: number) {
      case .success(let line):
        if let first = seen[line.iccid.digits] {
          self.refusals.append(
            Refusal(line: number, reason: "ICCID_REPEATED", message: "The ICCID is on line \(first) already."))
        } else {
          seen[line.iccid.digits] = number
          self.lines.append(line)
        }
      case .failure(let refusal):
        self.refusals.append(refusal)
      }
    }
  }

  static func line(_ fields: [String], number: Int) -> Result<Line, Refusal> {
    func refuse(_ reason: String, _ message: String) -> Result<Line, Refusal> {
      .failure(Refusal(line: number, reason: reason, message: message))
    }
    guard fields.count == 4 else {
      return refuse(
        "LINE_FORMAT", "A line holds four fields: ICCID, MSISDN, IMSI, profile; this one has \(fields.count).")
    }
    let iccid: ICCID
    do { iccid = try ICCID(fields[0]) } catch { return refuse(error.reason, error.message) }
    let msisdn = fields[1].hasPrefix("+") ? String(fields[1].dropFirst()) : fields[1]
    guard (1...15).contains(msisdn.utf8.count), msisdn.utf8.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }) else {
      return refuse("MSISDN_FORMAT", "An MSISDN is 1 to 15 digits (E.164, an optional + in front).")
    }
    let imsi = fields[2]
    guard (6...15).contains(imsi.utf8.count), imsi.utf8.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }) else {
      return refuse("IMSI_FORMAT", "An IMSI is 6 to 15 digits.")
    }
    guard let profile = SimProfile(rawValue: fields[3].uppercased()) else {
      return refuse("PROFILE_UNKNOWN", "The profile is TC (limits) or TD (traffic packages).")
    }
    return .success(Line(number: number, iccid: iccid, msisdn: msisdn, imsi: imsi, profile: profile))
  }
}
