public import PostgresNIO
public import WireCodec

/// `timestamptz` in and out without a detour through `Date`'s binary floating point, so a
/// stored instant comes back to the microsecond.
extension UTCTimestamp: PostgresNonThrowingEncodable, PostgresDecodable {
  /// PostgreSQL counts microseconds from 2000-01-01T00:00:00Z.
  static let postgresEpochOffset: Int64 = 946_684_800_000_000

  public static var psqlType: PostgresDataType { .timestamptz }
  public static var psqlFormat: PostgresFormat { .binary }

  public func encode<JSONEncoder: PostgresJSONEncoder>(
    into byteBuffer: inout ByteBuffer,
    context: PostgresEncodingContext<JSONEncoder>
  ) {
    byteBuffer.writeInteger(self.microsecondsSinceEpoch - Self.postgresEpochOffset)
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
    self.init(microsecondsSinceEpoch: microseconds + Self.postgresEpochOffset)
  }
}
