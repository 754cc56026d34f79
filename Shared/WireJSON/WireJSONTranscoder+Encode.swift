import WireCodec

#if canImport(FoundationEssentials)
  import FoundationEssentials
#else
  import Foundation
#endif

extension WireJSONTranscoder {
  /// Encodes a JSON object as message `messageName`.
  public func encode(_ json: JSONValue, as messageName: String) throws(WireJSONError) -> [UInt8] {
    var writer = WireWriter()
    try self.writeFields(json, of: try self.schema(messageName), to: &writer)
    return writer.bytes()
  }

  func writeFields(_ json: JSONValue, of schema: MessageSchema, to writer: inout WireWriter) throws(WireJSONError) {
    guard case .object(let members) = json else { throw WireJSONError("expected an object for \(schema.name)") }
    for member in members where !schema.fields.contains(where: { $0.name == member.key }) {
      throw WireJSONError("\(schema.name) has no field '\(member.key)'")
    }
    for field in schema.fields {
      guard let value = json[field.name], value != .null else { continue }
      do throws(WireJSONError) {
        try self.writeField(value, field, to: &writer)
      } catch {
        throw error.at(field.name)
      }
    }
  }

  func writeField(_ value: JSONValue, _ field: FieldSchema, to writer: inout WireWriter) throws(WireJSONError) {
    let type = field.type.type
    switch field.type.cardinality {
    case .single, .optional:
      let scalar = try self.scalar(value, type)
      if field.type.cardinality == .single, scalar.isDefault { return }
      writer.writeHeader(field.number, scalar.kind)
      scalar.write(&writer)
    case .repeated:
      guard case .array(let elements) = value else { throw WireJSONError("expected a list") }
      guard !elements.isEmpty else { return }
      var scalars: [DynamicScalar] = []
      for element in elements { scalars.append(try self.scalar(element, type)) }
      if scalars[0].kind == .bytes {
        for scalar in scalars {
          writer.writeHeader(field.number, .bytes)
          scalar.write(&writer)
        }
      } else {
        writer.writeHeader(field.number, .bytes)
        let start = writer.beginLengthPrefix()
        for scalar in scalars { scalar.write(&writer) }
        writer.endLengthPrefix(start)
      }
    case .map:
      guard case .object(let members) = value else { throw WireJSONError("expected an object for a map") }
      var entries: [(key: DynamicScalar, value: DynamicScalar)] = []
      for member in members {
        entries.append((try self.mapKey(member.key, field.type.keyType), try self.scalar(member.value, type)))
      }
      entries.sort { $0.key.sortsBefore($1.key) }
      for entry in entries {
        writer.writeHeader(field.number, .bytes)
        let start = writer.beginLengthPrefix()
        for (number, part) in [(UInt32(1), entry.key), (2, entry.value)] where !part.isDefault {
          writer.writeHeader(number, part.kind)
          part.write(&writer)
        }
        writer.endLengthPrefix(start)
      }
    }
  }

  func mapKey(_ text: String, _ type: String) throws(WireJSONError) -> DynamicScalar {
    switch type {
    case "string": return .string(text)
    case "bool" where text == "true" || text == "false": return .bool(text == "true")
    default:
      if let value = Int64(text) { return try self.scalar(.int(value), type) }
      if let value = UInt64(text) { return try self.scalar(.uint(value), type) }
      throw WireJSONError("map key '\(text)' is not a \(type)")
    }
  }

  /// Converts one JSON value of scalar type `type` to what the wire carries.
  func scalar(_ value: JSONValue, _ type: String) throws(WireJSONError) -> DynamicScalar {
    switch (type, value) {
    case ("bool", .bool(let flag)): return .bool(flag)
    case ("int32", _): return .signed(try value.integer(in: Int64(Int32.min)...Int64(Int32.max), type))
    case ("int64", _): return .signed(try value.integer(in: Int64.min...Int64.max, type))
    case ("uint32", _): return .unsigned(try value.unsigned(max: UInt64(UInt32.max), type))
    case ("uint64", _): return .unsigned(try value.unsigned(max: UInt64.max, type))
    case ("double", _):
      guard let number = value.numericValue else { throw WireJSONError("expected a number") }
      return .double(number)
    case ("string", .string(let text)): return .string(text)
    case ("bytes", .string(let text)):
      guard let data = Data(base64Encoded: text) else { throw WireJSONError("expected base64 text") }
      return .bytes([UInt8](data))
    case ("uuid", .string(let text)):
      guard let uuid = UUID(uuidString: text) else { throw WireJSONError("'\(text)' is not a UUID") }
      return .uuid(uuid)
    case ("timestamp", .string(let text)):
      guard let time = UTCTimestamp(rfc3339: text) else { throw WireJSONError("'\(text)' is not an RFC 3339 time") }
      return .signed(time.microsecondsSinceEpoch)
    case ("date", .string(let text)):
      guard let date = CalendarDate(iso8601: text) else { throw WireJSONError("'\(text)' is not a YYYY-MM-DD date") }
      return .signed(Int64(date.daysSinceEpoch))
    case ("decimal", .string(let text)):
      guard let decimal = ExactDecimal(text) else {
        throw WireJSONError("'\(text)' is not a decimal with at most 18 places")
      }
      return .decimal(decimal)
    case ("decimal", .int(let units)):
      return .decimal(ExactDecimal(units: units, scale: 0))
    default:
      if type.hasPrefix("enum:") {
        return .unsigned(try self.enumNumber(value, try self.enumSchema(String(type.dropFirst(5)))))
      }
      if type.hasPrefix("message:") {
        let schema = try self.schema(String(type.dropFirst(8)))
        var nested = WireWriter()
        try self.writeFields(value, of: schema, to: &nested)
        return .message(nested.bytes())
      }
      throw WireJSONError("expected a \(type), got \(value.serialized())")
    }
  }

  func enumNumber(_ value: JSONValue, _ schema: EnumSchema) throws(WireJSONError) -> UInt64 {
    switch value {
    case .string(let name):
      guard let match = schema.values.first(where: { $0.name == name }) else {
        let names = schema.values.map(\.name).joined(separator: ", ")
        throw WireJSONError("'\(name)' is not a \(schema.name) (one of: \(names))")
      }
      return UInt64(UInt32(bitPattern: match.number))
    default:
      return try value.unsigned(max: UInt64(UInt32.max), "enum:\(schema.name)")
    }
  }
}

extension JSONValue {
  func integer(in range: ClosedRange<Int64>, _ type: String) throws(WireJSONError) -> Int64 {
    switch self {
    case .int(let value) where range.contains(value): return value
    case .double(let value) where value.rounded() == value:
      if let exact = Int64(exactly: value), range.contains(exact) { return exact }
    default: break
    }
    throw WireJSONError("expected a \(type), got \(self.serialized())")
  }

  func unsigned(max: UInt64, _ type: String) throws(WireJSONError) -> UInt64 {
    switch self {
    case .int(let value) where value >= 0 && UInt64(value) <= max: return UInt64(value)
    case .uint(let value) where value <= max: return value
    default: throw WireJSONError("expected a \(type), got \(self.serialized())")
    }
  }
}
