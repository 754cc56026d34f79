import Foundation
import Testing
import WireCodec
import WireTestMessages

/// Hand-checked byte layouts, every byte annotated, independent of the vectors file.
@Suite("Byte layouts")
struct ByteLayoutTests {
  @Test("a varint field")
  func varint() {
    let bytes = Scalars(i64: 300).wireEncoded()
    #expect(
      bytes == [
        0x18,  // header: field 3 << 3 | kind 0 (varint)
        0xD8, 0x04,  // zig-zag(300) = 600 = 0b100_1011000 → 0x58|0x80, 0x04
      ])
  }

  @Test("a string with Cyrillic text")
  func cyrillicString() {
    let bytes = Scalars(text: "Да").wireEncoded()
    #expect(
      bytes == [
        0x3A,  // header: field 7 << 3 | kind 2 (bytes)
        0x04,  // length: 4 bytes of UTF-8
        0xD0, 0x94,  // Д U+0414
        0xD0, 0xB0,  // а U+0430
      ])
  }

  @Test("a decimal keeps its scale")
  func decimal() throws {
    let bytes = Scalars(amount: try #require(ExactDecimal("12.30"))).wireEncoded()
    #expect(
      bytes == [
        0x64,  // header: field 12 << 3 | kind 4 (decimal)
        0x02,  // scale 2
        0x9C, 0x13,  // zig-zag(1230) = 2460 → 0x1C|0x80, 0x13
      ])
  }

  @Test("a packed list and a nested message")
  func packedAndNested() {
    let bytes = Collections(numbers: [1, -1], child: Scalars(flag: true)).wireEncoded()
    #expect(
      bytes == [
        0x0A,  // header: field 1 << 3 | kind 2 (packed list)
        0x02,  // length 2
        0x02,  // zig-zag(1)
        0x01,  // zig-zag(-1)
        0x4A,  // header: field 9 << 3 | kind 2 (nested message)
        0x02,  // length 2
        0x08,  // nested header: field 1, varint
        0x01,  // true
      ])
  }

  @Test("a map entry is a small message with key 1 and value 2")
  func mapEntry() {
    let bytes = Collections(counts: ["a": 1]).wireEncoded()
    #expect(
      bytes == [
        0x2A,  // header: field 5 << 3 | kind 2 (one map entry)
        0x05,  // entry length 5
        0x0A, 0x01, 0x61,  // key: field 1, bytes, length 1, "a"
        0x10, 0x02,  // value: field 2, varint, zig-zag(1)
      ])
  }

  @Test("a nested message of 128 bytes or more gets a two-byte length")
  func longNestedMessage() throws {
    let text = String(repeating: "x", count: 200)
    let bytes = Collections(child: Scalars(text: text)).wireEncoded()
    #expect(
      Array(bytes.prefix(6)) == [
        0x4A,  // header: field 9, bytes
        0xCB, 0x01,  // length 203 = 0x4B|0x80, 0x01
        0x3A,  // nested header: field 7, bytes
        0xC8, 0x01,  // length 200
      ])
    #expect(bytes.count == 3 + 3 + 200)
    #expect(try Collections(wireEncoded: bytes).child.text == text)
  }

  @Test("min and max integers round-trip", arguments: [Int64.min, -1, 0, 1, Int64.max])
  func integerExtremes(value: Int64) throws {
    let message = Scalars(
      i32: Int32(truncatingIfNeeded: value), i64: value, u32: UInt32(truncatingIfNeeded: value),
      u64: UInt64(bitPattern: value))
    #expect(try Scalars(wireEncoded: message.wireEncoded()) == message)
  }
}

@Suite("Schema evolution")
struct EvolutionTests {
  let id = UUID(uuidString: "0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0")!

  @Test("a v1 writer's message reads in v2 with the new fields at their defaults")
  func v1ToV2() throws {
    let v1 = AccountV1(id: id, name: "ООО Вода", balance: ExactDecimal(units: 10050, scale: 2))
    let v2 = try AccountV2(wireEncoded: v1.wireEncoded())
    #expect(
      v2
        == AccountV2(
          id: id, name: "ООО Вода", balance: ExactDecimal(units: 10050, scale: 2), currency: "", tags: [],
          status: .unspecified))
  }

  @Test("a v2 writer's message reads in v1, its new fields skipped")
  func v2ToV1() throws {
    let v2 = AccountV2(
      id: id, name: "ООО Вода", balance: ExactDecimal(units: 10050, scale: 2), currency: "RUB", tags: ["vip", "b2b"],
      status: .blocked)
    let v1 = try AccountV1(wireEncoded: v2.wireEncoded())
    #expect(v1 == AccountV1(id: id, name: "ООО Вода", balance: ExactDecimal(units: 10050, scale: 2)))
  }

  @Test("an enum value the reader does not know reads as value 0 without failing the message")
  func unknownEnumValue() throws {
    // field 13 (status) = 99, then field 1 (flag) = true
    let decoded = try Scalars(wireEncoded: [0x68, 0x63, 0x08, 0x01])
    #expect(decoded.status == .unspecified)
    #expect(decoded.flag)
  }
}
