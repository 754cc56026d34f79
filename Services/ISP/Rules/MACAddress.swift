/// A MAC address as the seed's «MAC Address» field takes it: six pairs of hexadecimal digits
/// (the manual's "números e letras de A a F"), with `:`, `-` or nothing between them, any case.
/// Kept as `AA:BB:CC:DD:EE:FF`.
public struct MACAddress: Sendable, Hashable, CustomStringConvertible {
  public let octets: [UInt8]

  /// The seed's refusal text.
  public static let invalidFormat = "Formato do MAC é Inválido"
  public static let invalidFormatEnglish = "The MAC address is not six pairs of hexadecimal digits."

  public init?(_ text: String) {
    let trimmed = text.utf8.filter { $0 != 0x20 }
    let separators: Set<UInt8> = [0x3A, 0x2D]  // ':' '-'
    let digits = trimmed.filter { !separators.contains($0) }
    guard digits.count == 12, digits.allSatisfy({ Self.value(of: $0) != nil }) else { return nil }
    // Separators, when present, stand between every pair and are all the same.
    if trimmed.count != 12 {
      guard trimmed.count == 17, let separator = trimmed.first(where: { separators.contains($0) }) else { return nil }
      for (index, byte) in trimmed.enumerated() {
        let isSeparatorPlace = index % 3 == 2
        guard isSeparatorPlace ? byte == separator : !separators.contains(byte) else { return nil }
      }
    }
    self.octets = stride(from: 0, to: 12, by: 2).map { index in
      (Self.value(of: digits[index]) ?? 0) << 4 | (Self.value(of: digits[index + 1]) ?? 0)
    }
  }

  public var description: String {
    self.octets.map { octet in
      let digits = Array("0123456789ABCDEF")
      return String([digits[Int(octet >> 4)], digits[Int(octet & 0x0F)]])
    }.joined(separator: ":")
  }

  static func value(of byte: UInt8) -> UInt8? {
    switch byte {
    case 0x30...0x39: byte - 0x30
    case 0x41...0x46: byte - 0x41 + 10
    case 0x61...0x66: byte - 0x61 + 10
    default: nil
    }
  }
}
