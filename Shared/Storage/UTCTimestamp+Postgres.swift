public import PostgresNIO
public import WireCodec

/// `timestamptz` in and out without a detour through `Date`'s binary floating point, so a
/// stored instant comes back to the microsecond.
extension UTCTimestamp: PostgresNonThrowingEncodable, PostgresDecodable {
  /// PostgreSQL counts microseconds from 2000-01-01T00:00:00Z.
  static let postgresEpochOffset: Int64 = 946_684_800_000_000
  /// The finite instants `timestamptz` takes, in its own count (MIN_TIMESTAMP and END_TIMESTAMP
  /// of PostgreSQL's `datatype/timestamp.h`: 4714-11-24 BC up to 294277-01-01): a value outside
  /// is refused with "timestamp out of range".
  static let postgresFinite: Range<Int64> = -211_813_488_000_000_000..<9_223_371_331_200_000_000

  public static var psqlType: PostgresDataType { .timestamptz }
  public static var psqlFormat: PostgresFormat { .binary }

  public func encode<JSONEncoder: PostgresJSONEncoder>(
    into byteBuffer: inout ByteBuffer,
    context: PostgresEncodingContext<JSONEncoder>
  ) {
    // Instants beyond PostgreSQL's range (e.g. from a client-chosen page token) become
    // ±infinity, PostgreSQL's own binary encoding for them, instead of overflowing here or
    // being refused there. The extreme values themselves stand for "no bound" and map to
    // ±infinity too.
    let micros = self.microsecondsSinceEpoch
    let (shifted, overflow) = micros.subtractingReportingOverflow(Self.postgresEpochOffset)
    if overflow || micros == .min || micros == .max || !Self.postgresFinite.contains(shifted) {
      byteBuffer.writeInteger(micros < 0 ? Int64.min : Int64.max)
    } else {
      byteBuffer.writeInteger(shifted)
    }
  }

  public init<JSONDecoder: PostgresJSONDecoder>(
    from buffer: inout ByteBuffer,
    type: PostgresDataType,
    format: PostgresFormat,
    context: PostgresDecodingContext<JSONDecoder>
  ) throws {
    guard type == .timestamptz || type == .timestamp else { throw PostgresDecodingError.Code.typeMismatch }
    guard format == .binary, buffer.readableBytes == 8, let microseconds = buffer.readInteger(as: Int64.self) else {
      throw PostgresDecodingError.Code.failure
    }
    let (shifted, overflow) = microseconds.addingReportingOverflow(Self.postgresEpochOffset)
    self.init(microsecondsSinceEpoch: overflow || microseconds == .max || microseconds == .min ? microseconds : shifted)
  }
}
