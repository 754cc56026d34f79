/// How many values a field holds.
public enum Cardinality: Int32, WireEnum, Sendable {
  /// One value; absent means the type's default.
  case single = 0
  /// Zero or one value; absent means "not given".
  case optional = 1
  /// A list.
  case repeated = 2
  /// Key/value entries; `keyType` names the key.
  case map = 3

  public static var wireFallback: Cardinality { .single }
}

@WireMessage("The type of a field: a scalar, message:Name or enum:Name, with its cardinality.")
public struct FieldType: Sendable, Hashable {
  @Field(1, "single, optional, repeated or map") public var cardinality: Cardinality
  @Field(
    2,
    "bool, int32, int64, uint32, uint64, double, string, bytes, uuid, timestamp, date, decimal, message:Name or enum:Name"
  ) public var type: String
  @Field(3, "For maps: the key's scalar type") public var keyType: String
}

@WireMessage("One field of a message.")
public struct FieldSchema: Sendable, Hashable {
  @Field(1, "Field number on the wire") public var number: UInt32
  @Field(2, "Field name, as JSON shows it") public var name: String
  @Field(3, "The field's type") public var type: FieldType
  @Field(4, "One line on what the field means") public var doc: String
}

@WireMessage("A message: its name, what it is, and its fields.")
public struct MessageSchema: Sendable, Hashable {
  @Field(1, "Unique name within a service's Describe") public var name: String
  @Field(2, "One line on what the message is") public var doc: String
  @Field(3, "Fields in ascending number order") public var fields: [FieldSchema]
}

@WireMessage("One named value of an enum.")
public struct EnumValueSchema: Sendable, Hashable {
  @Field(1) public var name: String
  @Field(2) public var number: Int32
}

@WireMessage("An enum: its name and values. Unknown values read as the value numbered 0.")
public struct EnumSchema: Sendable, Hashable {
  @Field(1) public var name: String
  @Field(2) public var values: [EnumValueSchema]
}

/// Collects the schemas reachable from a set of messages, each once, in first-seen order.
public struct SchemaRegistry: Sendable {
  public private(set) var messages: [MessageSchema] = []
  public private(set) var enums: [EnumSchema] = []
  private var seen: Set<String> = []

  public init() {}

  /// Adds `schema`; `false` if one of that name was already there (stops recursion).
  @discardableResult
  public mutating func insert(_ schema: MessageSchema) -> Bool {
    guard self.seen.insert("message:" + schema.name).inserted else { return false }
    self.messages.append(schema)
    return true
  }

  @discardableResult
  public mutating func insert(_ schema: EnumSchema) -> Bool {
    guard self.seen.insert("enum:" + schema.name).inserted else { return false }
    self.enums.append(schema)
    return true
  }

  /// Adds `type` and everything it refers to.
  public mutating func collect(_ type: any WireCodable.Type) {
    type.collectWireSchemas(into: &self)
  }
}
