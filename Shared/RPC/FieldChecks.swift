public import WireCodec

/// Collects the problems of a request's fields so they are reported together (one
/// ``ValidationFailure``), with the checks several services share. Services add their own
/// checks in extensions.
public struct FieldChecks: Sendable {
  public var violations: [FieldViolation] = []

  public init() {}

  public mutating func add(_ field: String, _ reason: String, _ message: String) {
    self.violations.append(FieldViolation(field, reason, message))
  }

  /// The problems with every field named as a field of `message` (`details.taxID`), for checks
  /// of a nested message written with its own field names.
  public func nested(in message: String) -> FieldChecks {
    var nested = FieldChecks()
    nested.violations = self.violations.map { FieldViolation("\(message).\($0.field)", $0.reason, $0.message) }
    return nested
  }

  /// Throws the collected problems, if any.
  public func check() throws(ValidationFailure) {
    try ValidationFailure.check(self.violations)
  }

  /// Text that is present (unless not `required`) and at most `maximum` characters, ignoring
  /// surrounding white space, and without NUL characters (PostgreSQL's text cannot hold them).
  public mutating func text(_ value: String, field: String, name: String, maximum: Int = 200, required: Bool = true) {
    let trimmed = value.trimmedWhitespace
    if value.utf8.contains(0) {
      self.add(field, "TEXT_INVALID", "\(name) contains a NUL character.")
    } else if trimmed.isEmpty, required {
      self.add(field, "REQUIRED", "\(name) is required.")
    } else if trimmed.count > maximum {
      self.add(field, "TOO_LONG", "\(name) may have at most \(maximum) characters.")
    }
  }

  /// Dates callers may send: 1900-01-01 to 9999-12-31. A date on the wire is any 32-bit day
  /// count, far beyond what PostgreSQL's `date` takes, and no business date lies outside these.
  public static let dates: ClosedRange<CalendarDate> =
    CalendarDate(daysSinceEpoch: -25_567)...CalendarDate(daysSinceEpoch: 2_932_896)

  /// A date, when given, within ``dates``.
  public mutating func date(_ value: CalendarDate?, field: String) {
    if let value, !Self.dates.contains(value) {
      self.add(field, "DATE_OUT_OF_RANGE", "\(value) is not a date between 1900 and 9999.")
    }
  }

  /// A Russian INN or Kazakh IIN/BIN with correct check digits (``TaxID``).
  public mutating func taxID(_ value: String, field: String = "taxID") {
    if TaxID.kind(of: value) == nil {
      self.add(
        field, "TAX_ID_INVALID",
        "'\(value)' is not a valid tax id: a Russian INN (10 or 12 digits) or a Kazakh IIN/BIN (12 digits) with correct check digits."
      )
    }
  }

  /// A tax id valid by the rules of `country` (``TaxID/check(_:country:)``); for other
  /// countries (`nil`) one valid by either country's rules.
  package mutating func taxID(_ value: String, country: TaxID.Country?, field: String = "taxID") {
    guard let country else { return self.taxID(value, field: field) }
    switch TaxID.check(value, country: country) {
    case .valid:
      break
    case .otherCountry(let other):
      self.add(
        field, "TAX_ID_WRONG_COUNTRY",
        "'\(value)' is a valid \(other.name) tax id, but the customer is \(country.name): give the \(country.name) \(country == .russia ? "INN" : "IIN/BIN")."
      )
    case .invalid:
      self.add(
        field, "TAX_ID_INVALID",
        country == .russia
          ? "'\(value)' is not a valid Russian INN: 10 digits (organization) or 12 (individual) with correct check digits."
          : "'\(value)' is not a valid Kazakh IIN/BIN: 12 digits with a correct check digit.")
    }
  }

  /// An operator's contract number: 1–32 letters, digits, `-` or `/`.
  public mutating func contractNumber(_ value: String, field: String = "contractNumber") {
    let valid =
      !value.isEmpty && value.count <= 32
      && value.unicodeScalars.allSatisfy {
        $0.properties.isAlphabetic || ("0"..."9").contains($0) || $0 == "-" || $0 == "/"
      }
    if !valid { self.add(field, "CONTRACT_INVALID", "The contract number must be 1–32 letters, digits, '-' or '/'.") }
  }
}

extension String {
  /// The text without white space at either end.
  public var trimmingWhitespace: String {
    String(self.trimmedWhitespace)
  }

  /// The same, as a slice of this string: nothing is copied. (Reversing the string twice, as
  /// this once did, copied it character by character and was a fifth of Billing's CPU time in
  /// PostCharges, which checks every text of 1,000 charges.)
  public var trimmedWhitespace: Substring {
    guard let first = self.firstIndex(where: { !$0.isWhitespace }),
      let last = self.lastIndex(where: { !$0.isWhitespace })
    else { return self[self.endIndex...] }
    return self[first...last]
  }
}
