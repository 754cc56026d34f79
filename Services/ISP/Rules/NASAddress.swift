/// Where a NAS takes RFC 5176 requests: an IPv4 address and a UDP port (`127.0.0.1:3799`).
public enum NASAddress {
  /// Nil unless `text` is a dotted IPv4 address, `:`, and a port 1–65535.
  public static func parse(_ text: String) -> (host: String, port: Int)? {
    guard let colon = text.lastIndex(of: ":") else { return nil }
    let host = String(text[..<colon])
    let portText = text[text.index(after: colon)...]
    guard IPv4Network.address(host) != nil, (1...5).contains(portText.count),
      portText.utf8.allSatisfy({ (0x30...0x39).contains($0) }),
      let port = Int(portText), (1...65_535).contains(port)
    else { return nil }
    return (host, port)
  }
}
