public import WireCodec

/// A price list file (docs/telecom.md, "Price lists"): CSV lines of
/// `prefix,price,unit,increments,connection_fee,valid_from,valid_to`, separated by commas or
/// semicolons, an optional header line, blank lines ignored. Prices and fees are decimal
/// currency units with at most six decimals (read exactly into millionths: never a binary
/// floating-point number), increments like `60/60`, dates `YYYY-MM-DD` meaning 00:00 UTC, an
/// empty `valid_to` for open-ended. Every line is checked on its own; a list is imported only
/// when none is refused, so an operator fixes the file and sends it again.
public struct PriceListFile: Sendable {
  public struct Line: Sendable, Equatable {
    public let number: Int
    public let prefix: DialedDigits
    public let priceMicros: Int64
    public let unit: Int64
    public let tariffication: Tariffication
    public let connectionFeeMicros: Int64
    public let validFrom: UTCTimestamp
    public let validTo: UTCTimestamp?
  }

  public struct Refusal: Error, Sendable, Equatable {
    public let line: Int
    public let reason: String
    public let message: String
  }

  public static let maximumLines = 200_000
  /// A million currency units per unit: far above any real tariff, far below overflow.
  public static let maximumPriceMicros: Int64 = 1_000_000_000_000
  public static let maximumUnit: Int64 = 1_000_000

  public private(set) var lines: [Line] = []
  public private(set) var refusals: [Refusal] = []

  /// Nil when the file has more than ``maximumLines`` lines: the whole import is refused.
  public init?(_ text: String) {
    guard let rows = CSVLines.split(text, maximum: Self.maximumLines, header: "prefix") else { return nil }
    self.lines.reserveCapacity(rows.count)
    var seen: [PrefixVersion: Int] = [:]
    for row in rows {
      let number = row.number
      switch Self.line(row.fields, number: number) {
      case .success(let line):
        let key = PrefixVersion(prefix: line.prefix, validFrom: line.validFrom)
        if let first = seen[key] {
          self.refusals.append(
            Refusal(
              line: number, reason: "PREFIX_REPEATED",
              message: "The prefix is on line \(first) already, valid from the same day."))
        } else {
          seen[key] = number
          self.lines.append(line)
        }
      case .failure(let refusal):
        self.refusals.append(refusal)
      }
    }
  }

  struct PrefixVersion: Hashable {
    let prefix: DialedDigits
    let validFrom: UTCTimestamp
  }

  static func line(_ fields: [String], number: Int) -> Result<Line, Refusal> {
    func refuse(_ reason: String, _ message: String) -> Result<Line, Refusal> {
      .failure(Refusal(line: number, reason: reason, message: message))
    }
    guard fields.count == 7 else {
      return refuse(
        "LINE_FORMAT",
        "A line holds seven fields: prefix, price, unit, increments, connection fee, valid from, valid to; "
          + "this one has \(fields.count).")
    }
    guard !fields[0].hasPrefix("+"), let prefix = try? DialedDigits(fields[0]) else {
      return refuse("PREFIX_FORMAT", "A prefix is 1 to 20 digits.")
    }
    guard let price = Self.millionths(fields[1]), price <= Self.maximumPriceMicros else {
      return refuse("PRICE_FORMAT", "The price is a decimal of at most 6 places, 0 to 1,000,000.")
    }
    guard let unit = Int64(fields[2]), (1...Self.maximumUnit).contains(unit) else {
      return refuse("UNIT_FORMAT", "The unit is a whole number from 1 to 1,000,000 (60 for per-minute prices).")
    }
    let steps = fields[3].split(separator: "/", omittingEmptySubsequences: false)
    guard steps.count == 2, let first = Int64(steps[0]), let next = Int64(steps[1]),
      let tariffication = try? Tariffication(first: first, next: next)
    else {
      return refuse("INCREMENTS_FORMAT", "Increments are first/next in units, both at least 1, like 60/60 or 30/6.")
    }
    guard let fee = Self.millionths(fields[4].isEmpty ? "0" : fields[4]), fee <= Self.maximumPriceMicros else {
      return refuse("FEE_FORMAT", "The connection fee is a decimal of at most 6 places, 0 to 1,000,000.")
    }
    guard let from = CalendarDate(iso8601: fields[5]) else {
      return refuse("VALID_FROM_FORMAT", "Valid from is a date, YYYY-MM-DD.")
    }
    var to: CalendarDate?
    if !fields[6].isEmpty {
      guard let date = CalendarDate(iso8601: fields[6]) else {
        return refuse("VALID_TO_FORMAT", "Valid to is a date, YYYY-MM-DD, or empty for open-ended.")
      }
      guard date > from else { return refuse("VALIDITY_EMPTY", "Valid to must be after valid from.") }
      to = date
    }
    return .success(
      Line(
        number: number, prefix: prefix, priceMicros: price, unit: unit, tariffication: tariffication,
        connectionFeeMicros: fee, validFrom: from.midnightUTC, validTo: to?.midnightUTC))
  }

  /// `text` (digits, at most one '.' or ',' and six decimals after it) in millionths; nil otherwise.
  static func millionths(_ text: String) -> Int64? {
    let bytes = Array(text.utf8)
    let separator = bytes.firstIndex { $0 == UInt8(ascii: ".") || $0 == UInt8(ascii: ",") }
    let whole = bytes[..<(separator ?? bytes.endIndex)]
    let fraction = separator.map { bytes[($0 + 1)...] } ?? []
    guard !whole.isEmpty, whole.count <= 12, fraction.count <= 6, separator == nil || !fraction.isEmpty,
      whole.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }), fraction.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 })
    else { return nil }
    var value: Int64 = 0
    for digit in whole { value = value * 10 + Int64(digit - 0x30) }
    var scaled: Int64 = 0
    for (offset, digit) in fraction.enumerated() { scaled += Int64(digit - 0x30) * Self.powers[5 - offset] }
    return value * 1_000_000 + scaled
  }

  static let powers: [Int64] = [1, 10, 100, 1_000, 10_000, 100_000]
}

extension CalendarDate {
  /// 00:00 UTC of this day.
  public var midnightUTC: UTCTimestamp {
    UTCTimestamp(microsecondsSinceEpoch: Int64(self.daysSinceEpoch) * 86_400_000_000)
  }
}
