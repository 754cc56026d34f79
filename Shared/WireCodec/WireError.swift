/// Why a byte string could not be decoded. Every decoding failure is one of these; the
/// decoder never traps on input.
public struct WireDecodingError: Error, Sendable, Hashable, CustomStringConvertible {
  /// A stable, machine-readable cause.
  public enum Reason: String, Sendable, Hashable {
    /// The input ended inside a field.
    case truncated = "TRUNCATED"
    /// A varint ran past 10 bytes or past 64 bits.
    case varintOverflow = "VARINT_OVERFLOW"
    /// A header carried kind 5, 6 or 7.
    case unknownKind = "UNKNOWN_KIND"
    /// A header carried field number 0 or one above 2^29 − 1.
    case invalidFieldNumber = "INVALID_FIELD_NUMBER"
    /// A known field arrived with a kind its type cannot be read from.
    case kindMismatch = "KIND_MISMATCH"
    /// A value does not fit its declared type (e.g. 2^40 in an int32 field, bool 2, scale 19).
    case valueOutOfRange = "VALUE_OUT_OF_RANGE"
    /// A string field held bytes that are not valid UTF-8.
    case invalidUTF8 = "INVALID_UTF8"
    /// The input is larger than the configured maximum message size.
    case messageTooLarge = "MESSAGE_TOO_LARGE"
    /// Nested messages go deeper than the configured maximum depth.
    case tooDeep = "TOO_DEEP"
    /// Repeated and map fields together hold more elements than the configured maximum.
    case tooManyElements = "TOO_MANY_ELEMENTS"
  }

  public var reason: Reason
  /// Byte offset in the input where the problem was found.
  public var offset: Int

  @inlinable
  public init(_ reason: Reason, at offset: Int) {
    self.reason = reason
    self.offset = offset
  }

  public var description: String {
    "\(self.reason.rawValue) at byte \(self.offset): \(self.reason.explanation)"
  }
}

extension WireDecodingError.Reason {
  /// One sentence a person understands.
  public var explanation: String {
    switch self {
    case .truncated: "the message ends in the middle of a field"
    case .varintOverflow: "a variable-length integer is longer than 64 bits"
    case .unknownKind: "a field header names an unknown wire kind"
    case .invalidFieldNumber: "a field header carries field number 0 or one above 536870911"
    case .kindMismatch: "a field arrived with a wire kind its declared type cannot be read from"
    case .valueOutOfRange: "a value does not fit its declared type"
    case .invalidUTF8: "a text field is not valid UTF-8"
    case .messageTooLarge: "the message is larger than the allowed maximum"
    case .tooDeep: "nested messages go deeper than the allowed maximum"
    case .tooManyElements: "lists and maps hold more elements than the allowed maximum"
    }
  }
}
