/// Generates a message's wire conformance from its `@Field` properties: a memberwise
/// initializer with defaults, `encodeWireFields(to:)`, `init(wireFields:)`, and `wireSchema`.
///
/// ```swift
/// @WireMessage("A SIM card")
/// public struct SimCard: Sendable, Hashable {
///   @Field(1, "ICCID") public var iccid: String
///   @Field(2) public var balance: ExactDecimal
/// }
/// ```
/// Adding a field is one line. Numbers are forever: never reuse one for another meaning.
@attached(
  member, names: named(init), named(encodeWireFields), named(wireSchema), named(wireMessageName),
  named(collectFieldSchemas))
@attached(extension, conformances: WireMessage)
public macro WireMessage(_ doc: String = "", name: String? = nil) =
  #externalMacro(module: "WireCodecMacros", type: "WireMessageMacro")

/// Marks a stored property as wire field `number`, with a one-line description for Describe.
@attached(peer)
public macro Field(_ number: Int, _ doc: String = "") =
  #externalMacro(module: "WireCodecMacros", type: "FieldMacro")
