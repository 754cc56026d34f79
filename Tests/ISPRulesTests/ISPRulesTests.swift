import ISPRules
import TestSupport
import Testing

/// ISP's rules as values (issue 19 groundwork): circuit names, MAC addresses, IPv4 pools,
/// RADIUS logins and RFC 5176 Disconnect packets.
@Suite("ISP: circuit names, MAC addresses, IPv4 pools, logins, Disconnect packets")
struct ISPRulesTests {
  static func bytes(hex: String) -> [UInt8] {
    var result: [UInt8] = []
    var index = hex.startIndex
    while index < hex.endIndex {
      let next = hex.index(index, offsetBy: 2)
      result.append(UInt8(hex[index..<next], radix: 16) ?? 0)
      index = next
    }
    return result
  }

  @Test("circuit names: the installation city, else the customer's; 6-digit code; 3-digit plan; accents folded")
  func circuitNames() {
    #expect(
      CircuitName.make(installationCity: "Curitiba", customerCity: "São Paulo", customerCode: 123, planNumber: 1)
        == "CUR000123-001")
    #expect(
      CircuitName.make(installationCity: nil, customerCity: "São Paulo", customerCode: 123, planNumber: 2)
        == "SAO000123-002")
    #expect(
      CircuitName.make(installationCity: "  ", customerCity: "Içara", customerCode: 999_999, planNumber: 999)
        == "ICA999999-999")
    #expect(
      CircuitName.make(installationCity: nil, customerCity: nil, customerCode: 5, planNumber: 5) == "XXX000005-005")
    #expect(
      CircuitName.make(installationCity: "Ub", customerCity: nil, customerCode: 5, planNumber: 5) == "UBX000005-005")
    #expect(CircuitName.make(installationCity: "Rio", customerCity: nil, customerCode: 1_000_000, planNumber: 1) == nil)
    #expect(CircuitName.make(installationCity: "Rio", customerCity: nil, customerCode: 1, planNumber: 1000) == nil)
    #expect(CircuitName.make(installationCity: "Rio", customerCity: nil, customerCode: -1, planNumber: 1) == nil)
    #expect(CircuitName.isValid("CCC000123-001") && !CircuitName.isValid("a b") && !CircuitName.isValid("ab"))
  }

  @Test("MAC addresses: six hex pairs with one kind of separator or none; anything else is the seed's refusal")
  func macAddresses() {
    #expect(MACAddress("aa:bb:cc:dd:ee:ff")?.description == "AA:BB:CC:DD:EE:FF")
    #expect(MACAddress("00-1A-2b-3C-4d-5E")?.description == "00:1A:2B:3C:4D:5E")
    #expect(MACAddress("001A2B3C4D5E")?.description == "00:1A:2B:3C:4D:5E")
    for bad in [
      "", "00:1A:2B:3C:4D", "00:1A:2B:3C:4D:5G", "00:1A-2B:3C:4D:5E", "001A:2B3C:4D5E", "00:1A:2B:3C:4D:5E:6F",
      "ÀA:BB:CC:DD:EE:FF", "0:01A:2B:3C:4D:5E",
    ] {
      #expect(MACAddress(bad) == nil, "\(bad)")
    }
    #expect(MACAddress.invalidFormat == "Formato do MAC é Inválido")
  }

  @Test("any six octets print and read back; random text never traps")
  func macProperty() {
    var random = SeededRandom.forTest("mac")
    for _ in 0..<5_000 {
      let octets = (0..<6).map { _ in UInt8.random(in: 0...255, using: &random) }
      let text = octets.map { String($0, radix: 16) }.map { $0.count == 1 ? "0" + $0 : $0 }.joined(separator: "-")
      #expect(MACAddress(text)?.octets == octets)
      let noise = String(
        (0..<Int.random(in: 0...20, using: &random)).map { _ in
          Character(Unicode.Scalar(UInt8.random(in: 0x20...0x7E, using: &random)))
        })
      _ = MACAddress(noise)
    }
  }

  @Test("IPv4 pools: CIDR with host bits zero; hosts without network and broadcast; the gateway not counted")
  func pools() throws {
    let pool = try #require(IPv4Network(cidr: "10.0.0.0/28"))
    #expect(pool.description == "10.0.0.0/28" && IPv4Network.text(pool.mask) == "255.255.255.240")
    #expect(
      IPv4Network.text(pool.hosts.lowerBound) == "10.0.0.1" && IPv4Network.text(pool.hosts.upperBound) == "10.0.0.14")
    #expect(pool.capacity(excluding: IPv4Network.address("10.0.0.1")) == 13)
    #expect(pool.capacity(excluding: IPv4Network.address("192.168.0.1")) == 14)
    #expect(pool.contains(IPv4Network.address("10.0.0.15")!) && !pool.contains(IPv4Network.address("10.0.0.16")!))
    #expect(IPv4Network(cidr: "10.0.0.1/28") == nil && IPv4Network(cidr: "10.0.0.0/33") == nil)
    #expect(IPv4Network(cidr: "10.0.0.0") == nil && IPv4Network(cidr: "010.0.0.0/8") == nil)
    #expect(IPv4Network(cidr: "256.0.0.0/8") == nil && IPv4Network(cidr: "10.0.0.0/-1") == nil)
    #expect(IPv4Network(cidr: "10.0.0.4/31")?.capacity(excluding: nil) == 2)
    #expect(IPv4Network(cidr: "0.0.0.0/0")?.capacity(excluding: nil) == 4_294_967_294)
  }

  @Test("logins: accents refused only when the setting blocks them; generated passwords and WPA2 keys")
  func logins() {
    #expect(RadiusLogin.isValid("joao.silva@isp", blockAccents: true))
    #expect(!RadiusLogin.isValid("joão", blockAccents: true) && RadiusLogin.isValid("joão", blockAccents: false))
    #expect(!RadiusLogin.isValid("", blockAccents: false) && !RadiusLogin.isValid("a b", blockAccents: false))
    var random = SeededRandom.forTest("logins")
    let password = RadiusLogin.password(using: &random)
    #expect(password.count == 12 && !password.contains("0") && !password.contains("l"))
    let key = RadiusLogin.wpa2Key(using: &random)
    #expect(key.count == 20 && key != RadiusLogin.wpa2Key(using: &random))
  }

  @Test(
    "Disconnect-Request: the authenticator Python's hashlib computes; a NAK with its Error-Cause; forgeries refused")
  func disconnect() throws {
    let secret = Array("testing123".utf8)
    let request = try #require(
      DisconnectPacket.request(
        identifier: 7, attributes: [(.userName, Array("bob".utf8)), (.acctSessionID, Array("s1".utf8))], secret: secret)
    )
    #expect(request == Self.bytes(hex: "2807001d2944bb7fb04c874fe6b2f8351d18420a0105626f622c047331"))
    let attributes = try #require(DisconnectPacket.verifiedRequest(request, secret: secret))
    #expect(attributes.map(\.0) == [1, 44] && attributes.first?.1 == Array("bob".utf8))
    #expect(DisconnectPacket.verifiedRequest(request, secret: Array("other".utf8)) == nil)

    let nak = Self.bytes(hex: "2a07001acb14cf5407a97991a96b06a16eafa5ed6506000001f7")
    #expect(DisconnectPacket.response(to: request, acknowledged: false, errorCause: 503, secret: secret) == nak)
    #expect(
      DisconnectPacket.answer(nak, to: request, secret: secret)
        == DisconnectPacket.Answer(acknowledged: false, errorCause: 503))
    let ack = DisconnectPacket.response(to: request, acknowledged: true, errorCause: nil, secret: secret)
    #expect(DisconnectPacket.answer(ack, to: request, secret: secret)?.acknowledged == true)
    var forged = ack
    forged[5] ^= 1
    #expect(DisconnectPacket.answer(forged, to: request, secret: secret) == nil)
    #expect(DisconnectPacket.answer(ack, to: request, secret: Array("other".utf8)) == nil)
    var otherID = ack
    otherID[1] = 8
    #expect(DisconnectPacket.answer(otherID, to: request, secret: secret) == nil)
    #expect(
      DisconnectPacket.request(
        identifier: 1, attributes: [(.userName, Array(repeating: 65, count: 254))], secret: secret) == nil)
  }

  @Test("random datagrams never trap the parsers")
  func datagramsProperty() {
    var random = SeededRandom.forTest("radius datagrams")
    let secret = Array("s".utf8)
    let request = DisconnectPacket.request(identifier: 1, attributes: [], secret: secret) ?? []
    for _ in 0..<20_000 {
      var bytes = (0..<Int.random(in: 0...64, using: &random)).map { _ in UInt8.random(in: 0...255, using: &random) }
      if bytes.count >= 2, Bool.random(using: &random) { bytes[0] = [40, 41, 42].randomElement(using: &random) ?? 41 }
      _ = DisconnectPacket.answer(bytes, to: request, secret: secret)
      _ = DisconnectPacket.verifiedRequest(bytes, secret: secret)
    }
  }
}
