public import WireCodec

#if canImport(FoundationEssentials)
  import FoundationEssentials
#else
  import Foundation
#endif

extension WireJSONTranscoder {
  /// Decodes wire bytes as message `messageName` into canonical JSON (§10): fields in number
  /// order, defaults and empty lists left out, unknown fields skipped.
  public func decode(_ bytes: [UInt8], as messageName: String, limits: WireLimits = .default) throws(WireJSONError)
    -> JSONValue
  {
    let schema = try self.schema(messageName)
    let result = bytes.withUnsafeBytes { raw in
      Result { () throws(WireJSONError) -> JSONValue in
        do throws(WireDecodingError) {
          var reader = try WireReader(raw, limits: limits)
          return try self.readFields(of: schema, from: &reader)
        } catch {
          throw WireJSONError(error.description)
        }
      }
    }
    return try result.get()
  }

  func readFields(of schema: MessageSchema, from reader: inout WireReader) throws(WireDecodingError) -> JSONValue {
    var values: [UInt32: JSONValue] = [:]
    var lists: [UInt32: [JSONValue]] = [:]
    var maps: [UInt32: [(key: String, value: JSONValue)]] = [:]
    while let header = try reader.nextField() {
      guard let field = schema.fields.first(where: { $0.number == header.number }) else {
        try reader.skip(header)
        continue
      }
      let type = field.type.type
      switch field.type.cardinality {
      case .single, .optional:
        values[header.number] = try self.readScalar(type, header.kind, from: &reader)
      case .repeated:
        let elementKind = try self.kind(of: type)
        if header.kind == elementKind {
          try reader.consumeElements(1)
          lists[header.number, default: []].append(try self.readScalar(type, header.kind, from: &reader))
        } else if header.kind == .bytes {
          let length = try reader.readLength()
          try reader.withLimit(length) { (reader: inout WireReader) throws(WireDecodingError) in
            while !reader.isAtEnd {
              try reader.consumeElements(1)
              lists[header.number, default: []].append(try self.readScalar(type, elementKind, from: &reader))
            }
          }
        } else {
          throw WireDecodingError(.kindMismatch, at: reader.offset)
        }
      case .map:
        try reader.expect(header, .bytes)
        try reader.consumeElements(1)
        let entry = try self.readMapEntry(field, from: &reader)
        maps[header.number, default: []].removeAll { $0.key == entry.key }
        maps[header.number, default: []].append(entry)
      }
    }
    var members: [(key: String, value: JSONValue)] = []
    for field in schema.fields {
      if let list = lists[field.number] {
        members.append((field.name, .array(list)))
      } else if let entries = maps[field.number] {
        members.append((field.name, .object(entries)))
      } else if let value = values[field.number] {
        if field.type.cardinality == .single, try self.isDefault(value, field.type.type) { continue }
        members.append((field.name, value))
      }
    }
    return .object(members)
  }

  func readMapEntry(_ field: FieldSchema, from reader: inout WireReader) throws(WireDecodingError) -> (
    key: String, value: JSONValue
  ) {
    try reader.readNested { (reader: inout WireReader) throws(WireDecodingError) in
      var key: JSONValue?
      var value: JSONValue?
      while let header = try reader.nextField() {
        switch header.number {
        case 1: key = try self.readScalar(field.type.keyType, header.kind, from: &reader)
        case 2: value = try self.readScalar(field.type.type, header.kind, from: &reader)
        default: try reader.skip(header)
        }
      }
      let keyValue = if let key { key } else { try self.defaultValue(field.type.keyType) }
      let keyText: String
      switch keyValue {
      case .string(let text): keyText = text
      case .bool(let flag): keyText = flag ? "true" : "false"
      default: keyText = keyValue.serialized()
      }
      let valueOrDefault = if let value { value } else { try self.defaultValue(field.type.type) }
      return (keyText, valueOrDefault)
    }
  }

  func kind(of type: String) throws(WireDecodingError) -> WireKind {
    switch type {
    case "bool", "int32", "int64", "uint32", "uint64", "timestamp", "date": .varint
    case "double": .fixed64
    case "string", "bytes": .bytes
    case "uuid": .fixed128
    case "decimal": .decimal
    case _ where type.hasPrefix("enum:"): .varint
    case _ where type.hasPrefix("message:"): .bytes
    default: throw WireDecodingError(.kindMismatch, at: 0)
    }
  }

  func readScalar(_ type: String, _ kind: WireKind, from reader: inout WireReader) throws(WireDecodingError)
    -> JSONValue
  {
    guard kind == (try self.kind(of: type)) else { throw WireDecodingError(.kindMismatch, at: reader.offset) }
    switch type {
    case "bool": return .bool(try Bool.readWirePayload(from: &reader))
    case "int32": return .int(Int64(try Int32.readWirePayload(from: &reader)))
    case "int64": return .int(try Int64.readWirePayload(from: &reader))
    case "uint32": return .uint(UInt64(try UInt32.readWirePayload(from: &reader)))
    case "uint64": return .uint(try UInt64.readWirePayload(from: &reader))
    case "double": return .double(try Double.readWirePayload(from: &reader))
    case "string": return .string(try String.readWirePayload(from: &reader))
    case "bytes": return .string(try Data.readWirePayload(from: &reader).base64EncodedString())
    case "uuid": return .string(try UUID.readWirePayload(from: &reader).uuidString.lowercased())
    case "timestamp": return .string(try UTCTimestamp.readWirePayload(from: &reader).description)
    case "date": return .string(try CalendarDate.readWirePayload(from: &reader).description)
    case "decimal": return .string(try ExactDecimal.readWirePayload(from: &reader).description)
    default:
      if type.hasPrefix("enum:") {
        let number = try reader.readVarint()
        let values = self.enums[String(type.dropFirst(5))]?.values ?? []
        if let match = values.first(where: { UInt64(UInt32(bitPattern: $0.number)) == number }) {
          return .string(match.name)
        }
        // As typed readers do: an unknown number reads as the value numbered 0.
        return try self.defaultValue(type)
      }
      guard let schema = self.messages[String(type.dropFirst(8))] else {
        throw WireDecodingError(.kindMismatch, at: reader.offset)
      }
      return try reader.readNested { (reader: inout WireReader) throws(WireDecodingError) in
        try self.readFields(of: schema, from: &reader)
      }
    }
  }

  func defaultValue(_ type: String) throws(WireDecodingError) -> JSONValue {
    let empty: [UInt8] = []
    let kind = try self.kind(of: type)
    if type.hasPrefix("message:") { return .object([]) }
    if type.hasPrefix("enum:") {
      let values = self.enums[String(type.dropFirst(5))]?.values ?? []
      return values.first { $0.number == 0 }.map { .string($0.name) } ?? .uint(0)
    }
    switch kind {
    case .varint, .decimal:
      // The default is what a zero payload decodes to.
      let zero: [UInt8] = kind == .decimal ? [0, 0] : [0]
      return try zero.withUnsafeBytes { raw in
        Result { () throws(WireDecodingError) -> JSONValue in
          var reader = try WireReader(raw)
          return try self.readScalar(type, kind, from: &reader)
        }
      }.get()
    case .fixed64: return .double(0)
    case .fixed128: return .string(UUID.wireDefault.uuidString.lowercased())
    case .bytes: return type == "bytes" ? .string(Data(empty).base64EncodedString()) : .string("")
    }
  }

  func isDefault(_ value: JSONValue, _ type: String) throws(WireDecodingError) -> Bool {
    if type.hasPrefix("message:") { return value == .object([]) }
    if type == "double", case .double(let number) = value { return number.bitPattern == 0 }
    if type == "decimal" { return value == .string("0") }
    return value == (try self.defaultValue(type))
  }
}
