/// An IPv4 pool of an access point: a CIDR block (`10.0.0.0/24`) and its mask. The addresses a
/// subscriber may get are the block's hosts less the gateway: no network or broadcast address
/// (a /31 or /32 has no such reserve: its addresses are all hosts).
public struct IPv4Network: Sendable, Hashable, CustomStringConvertible {
  public let address: UInt32
  public let prefix: Int

  /// `a.b.c.d/n` with the host bits zero; nil otherwise.
  public init?(cidr text: String) {
    let parts = text.split(separator: "/", omittingEmptySubsequences: false)
    guard parts.count == 2, let address = Self.address(String(parts[0])), parts[1].count <= 2,
      parts[1].utf8.allSatisfy({ (0x30...0x39).contains($0) }), let prefix = Int(parts[1]), (0...32).contains(prefix)
    else { return nil }
    guard address & ~Self.mask(prefix) == 0 else { return nil }
    self.address = address
    self.prefix = prefix
  }

  public static func mask(_ prefix: Int) -> UInt32 { prefix == 0 ? 0 : UInt32.max << UInt32(32 - prefix) }

  public var mask: UInt32 { Self.mask(self.prefix) }
  public var broadcast: UInt32 { self.address | ~self.mask }

  public func contains(_ address: UInt32) -> Bool { address & self.mask == self.address }

  /// The block's host addresses, in order: without network and broadcast (a /31 or /32 keeps
  /// all of its addresses).
  public var hosts: ClosedRange<UInt32> {
    self.prefix >= 31 ? self.address...self.broadcast : (self.address + 1)...(self.broadcast - 1)
  }

  /// How many addresses may be handed out: the hosts less the gateway when it is one of them.
  public func capacity(excluding gateway: UInt32?) -> UInt64 {
    let all = UInt64(self.hosts.upperBound - self.hosts.lowerBound) + 1
    return gateway.map { self.hosts.contains($0) } == true ? all - 1 : all
  }

  public var description: String { "\(Self.text(self.address))/\(self.prefix)" }

  /// `a.b.c.d` with each part 0–255 and no leading zeros; nil otherwise.
  public static func address(_ text: String) -> UInt32? {
    let parts = text.split(separator: ".", omittingEmptySubsequences: false)
    guard parts.count == 4 else { return nil }
    var value: UInt32 = 0
    for part in parts {
      guard (1...3).contains(part.count), part.utf8.allSatisfy({ (0x30...0x39).contains($0) }),
        part.count == 1 || part.first != "0", let octet = UInt32(part), octet <= 255
      else { return nil }
      value = value << 8 | octet
    }
    return value
  }

  public static func text(_ address: UInt32) -> String {
    [24, 16, 8, 0].map { String((address >> UInt32($0)) & 0xFF) }.joined(separator: ".")
  }
}
