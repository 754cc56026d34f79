public import PostgresNIO
public import WireCodec

/// `date` in and out as whole days, without a detour through `Date` and a time zone.
extension CalendarDate: PostgresNonThrowingEncodable, PostgresDecodable {
  /// PostgreSQL counts days from 2000-01-01; CalendarDate from 1970-01-01.
  static let postgresEpochOffset: Int32 = 10_957

  public static var psqlType: PostgresDataType { .date }
  public static var psqlFormat: PostgresFormat { .binary }

  public func encode<JSONEncoder: PostgresJSONEncoder>(
    into byteBuffer: inout ByteBuffer,
    context: PostgresEncodingContext<JSONEncoder>
  ) {
    byteBuffer.writeInteger(self.daysSinceEpoch - Self.postgresEpochOffset)
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
    self.init(daysSinceEpoch: days + Self.postgresEpochOffset)
  }
}
