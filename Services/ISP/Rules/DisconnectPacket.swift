import Crypto

/// RFC 5176 Disconnect-Request («Fechar Conexão Atual») and its answer, as UDP datagrams to a
/// NAS. The request's authenticator is MD5(Code + Identifier + Length + 16 zero octets +
/// Attributes + Secret); an ACK or NAK is genuine only when its authenticator is MD5(Code +
/// Identifier + Length + the request's authenticator + Attributes + Secret) (RFC 5176 §3.5,
/// RFC 2866 §3). MD5 is the protocol's, not a choice.
public enum DisconnectPacket {
  public static let disconnectRequest: UInt8 = 40
  public static let disconnectACK: UInt8 = 41
  public static let disconnectNAK: UInt8 = 42

  /// RADIUS attribute types used here.
  public enum Attribute: UInt8, Sendable {
    case userName = 1
    case nasIPAddress = 4
    case framedIPAddress = 8
    case acctSessionID = 44
    case errorCause = 101
  }

  /// The request datagram, or nil when an attribute is longer than RADIUS allows (253 octets)
  /// or the packet would exceed 4096 octets.
  public static func request(identifier: UInt8, attributes: [(Attribute, [UInt8])], secret: [UInt8]) -> [UInt8]? {
    guard let body = Self.encode(attributes) else { return nil }
    let length = 20 + body.count
    guard length <= 4096 else { return nil }
    let header: [UInt8] = [Self.disconnectRequest, identifier, UInt8(length >> 8), UInt8(length & 0xFF)]
    let authenticator = Self.md5(header + [UInt8](repeating: 0, count: 16) + body + secret)
    return header + authenticator + body
  }

  /// What the NAS answered to `request`.
  public struct Answer: Sendable, Equatable {
    public let acknowledged: Bool
    /// RFC 5176 Error-Cause, when the NAS gave one (e.g. 503 Session Context Not Found).
    public let errorCause: UInt32?

    public init(acknowledged: Bool, errorCause: UInt32?) {
      self.acknowledged = acknowledged
      self.errorCause = errorCause
    }
  }

  /// The NAS's answer to `request`, or nil when `datagram` is not a genuine ACK or NAK to it
  /// (another identifier, a bad length, a wrong authenticator — a forgery or another secret).
  public static func answer(_ datagram: [UInt8], to request: [UInt8], secret: [UInt8]) -> Answer? {
    guard datagram.count >= 20, request.count >= 20,
      datagram[0] == Self.disconnectACK || datagram[0] == Self.disconnectNAK, datagram[1] == request[1]
    else { return nil }
    let length = Int(datagram[2]) << 8 | Int(datagram[3])
    guard length >= 20, length <= datagram.count else { return nil }
    let packet = Array(datagram[0..<length])
    let expected = Self.md5(Array(packet[0..<4]) + Array(request[4..<20]) + Array(packet[20...]) + secret)
    guard Array(packet[4..<20]) == expected, let attributes = Self.decode(Array(packet[20...])) else { return nil }
    let cause = attributes.first { $0.0 == Attribute.errorCause.rawValue && $0.1.count == 4 }.map { _, value in
      value.reduce(UInt32(0)) { $0 << 8 | UInt32($1) }
    }
    return Answer(acknowledged: packet[0] == Self.disconnectACK, errorCause: cause)
  }

  /// The request's attributes, for a NAS (the tests' listener) to read; nil when malformed or
  /// when the authenticator does not match `secret`.
  public static func verifiedRequest(_ datagram: [UInt8], secret: [UInt8]) -> [(UInt8, [UInt8])]? {
    guard datagram.count >= 20, datagram[0] == Self.disconnectRequest else { return nil }
    let length = Int(datagram[2]) << 8 | Int(datagram[3])
    guard length >= 20, length <= datagram.count else { return nil }
    let packet = Array(datagram[0..<length])
    let expected = Self.md5(Array(packet[0..<4]) + [UInt8](repeating: 0, count: 16) + Array(packet[20...]) + secret)
    guard Array(packet[4..<20]) == expected else { return nil }
    return Self.decode(Array(packet[20...]))
  }

  /// An ACK or NAK to `request`, as a NAS answers (the tests' listener).
  public static func response(to request: [UInt8], acknowledged: Bool, errorCause: UInt32?, secret: [UInt8]) -> [UInt8]
  {
    let cause: [(Attribute, [UInt8])] =
      errorCause.map { value in [(.errorCause, [24, 16, 8, 0].map { UInt8((value >> UInt32($0)) & 0xFF) })] } ?? []
    let body = Self.encode(cause) ?? []
    let length = 20 + body.count
    let header: [UInt8] = [
      acknowledged ? Self.disconnectACK : Self.disconnectNAK, request[1], UInt8(length >> 8), UInt8(length & 0xFF),
    ]
    return header + Self.md5(header + Array(request[4..<20]) + body + secret) + body
  }

  static func encode(_ attributes: [(Attribute, [UInt8])]) -> [UInt8]? {
    var body: [UInt8] = []
    for (type, value) in attributes {
      guard value.count <= 253 else { return nil }
      body += [type.rawValue, UInt8(value.count + 2)] + value
    }
    return body
  }

  static func decode(_ body: [UInt8]) -> [(UInt8, [UInt8])]? {
    var attributes: [(UInt8, [UInt8])] = []
    var index = 0
    while index < body.count {
      guard index + 2 <= body.count else { return nil }
      let length = Int(body[index + 1])
      guard length >= 2, index + length <= body.count else { return nil }
      attributes.append((body[index], Array(body[(index + 2)..<(index + length)])))
      index += length
    }
    return attributes
  }

  static func md5(_ bytes: [UInt8]) -> [UInt8] { Array(Insecure.MD5.hash(data: bytes)) }
}
