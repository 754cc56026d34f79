public import PostgresNIO
public import WireCodec

/// `date` in and out as whole days, without a detour through `Date` and a time zone.
extension CalendarDate: PostgresNonThrowingEncodable, PostgresDecodable {
  /// PostgreSQL counts days from 2000-01-01; CalendarDate from 1970-01-01.
  static let postgresEpochOffset: Int32 = 10_957
  /// The finite days `date` takes, in its own count (IS_VALID_DATE of PostgreSQL's
  /// `datatype/timestamp.h`: 4714-11-24 BC up to 5874898-01-01): a value outside is refused
  /// with "date out of range".
  static let postgresFinite: Range<Int32> = -2_451_545..<2_145_031_949

  public static var psqlType: PostgresDataType { .date }
  public static var psqlFormat: PostgresFormat { .binary }

  public func encode<JSONEncoder: PostgresJSONEncoder>(
    into byteBuffer: inout ByteBuffer,
    context: PostgresEncodingContext<JSONEncoder>
  ) {
    // The wire carries any 32-bit day count: one beyond PostgreSQL's range (a date no check
    // bounded) goes as ±infinity, PostgreSQL's own encoding, instead of trapping on the
    // subtraction here or being refused there.
    let (shifted, overflow) = self.daysSinceEpoch.subtractingReportingOverflow(Self.postgresEpochOffset)
    if overflow || !Self.postgresFinite.contains(shifted) {
      byteBuffer.writeInteger(self.daysSinceEpoch < 0 ? Int32.min : Int32.max)
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
    guard type == .date else { throw PostgresDecodingError.Code.typeMismatch }
    guard format == .binary, buffer.readableBytes == 4, let days = buffer.readInteger(as: Int32.self) else {
      throw PostgresDecodingError.Code.failure
    }
    // ±infinity (Int32.min, Int32.max) stay the extremes instead of overflowing.
    let (shifted, overflow) = days.addingReportingOverflow(Self.postgresEpochOffset)
    self.init(daysSinceEpoch: overflow || days == .max || days == .min ? days : shifted)
  }
}
