package import NIOCore

/// One reply of an SMTP server: a three-digit code and its text lines (RFC 5321 §4.2).
package struct SMTPReply: Sendable, Equatable, CustomStringConvertible {
  package var code: Int
  /// Each line's text after the code and its `-` or space.
  package var lines: [String]

  package init(code: Int, lines: [String]) {
    self.code = code
    self.lines = lines
  }

  package var isPositive: Bool { (200..<400).contains(self.code) }
  package var isPermanentFailure: Bool { (500..<600).contains(self.code) }

  package var description: String { "\(self.code) \(self.lines.joined(separator: " / "))" }
}

/// Reads replies out of the bytes the server sent, keeping the lines of an unfinished
/// multi-line reply between calls. Lines end in CRLF; a bare LF is tolerated.
package struct SMTPReplyParser {
  /// RFC 5321 allows 512 octets per reply line; anything far longer is not an SMTP server.
  static let maxLineLength = 4096
  var code: Int?
  var lines: [String] = []

  package init() {}

  /// The next complete reply in `buffer`, consuming its bytes, or nil if more bytes are needed.
  package mutating func next(from buffer: inout ByteBuffer) throws(SMTPError) -> SMTPReply? {
    while let newline = buffer.readableBytesView.firstIndex(of: UInt8(ascii: "\n")) {
      let length = newline - buffer.readerIndex
      var line = buffer.readSlice(length: length + 1)!.readableBytesView.dropLast()
      if line.last == UInt8(ascii: "\r") { line = line.dropLast() }
      if let reply = try self.accept(Array(line)) { return reply }
    }
    if buffer.readableBytes > Self.maxLineLength {
      throw .malformedReply("a reply line longer than \(Self.maxLineLength) bytes")
    }
    return nil
  }

  mutating func accept(_ line: [UInt8]) throws(SMTPError) -> SMTPReply? {
    guard line.count >= 3, line[0...2].allSatisfy({ (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0) }),
      line.count == 3 || line[3] == UInt8(ascii: " ") || line[3] == UInt8(ascii: "-")
    else { throw .malformedReply("'\(String(decoding: line.prefix(80), as: UTF8.self))' is not an SMTP reply line") }
    let code = Int(line[0] - 48) * 100 + Int(line[1] - 48) * 10 + Int(line[2] - 48)
    guard (200...599).contains(code) || (code >= 100 && code < 200) else { throw .malformedReply("reply code \(code)") }
    if let pending = self.code, pending != code {
      throw .malformedReply("reply code \(code) inside a \(pending) reply")
    }
    self.code = code
    self.lines.append(line.count > 4 ? String(decoding: line[4...], as: UTF8.self) : "")
    guard line.count == 3 || line[3] == UInt8(ascii: " ") else { return nil }
    defer {
      self.code = nil
      self.lines = []
    }
    return SMTPReply(code: code, lines: self.lines)
  }
}

/// The channel's decoder: bytes in, ``SMTPReply`` values out.
final class SMTPReplyDecoder: ByteToMessageDecoder {
  typealias InboundOut = SMTPReply
  var parser = SMTPReplyParser()

  func decode(context: ChannelHandlerContext, buffer: inout ByteBuffer) throws -> DecodingState {
    guard let reply = try self.parser.next(from: &buffer) else { return .needMoreData }
    context.fireChannelRead(Self.wrapInboundOut(reply))
    return .continue
  }

  func decodeLast(context: ChannelHandlerContext, buffer: inout ByteBuffer, seenEOF: Bool) throws -> DecodingState {
    try self.decode(context: context, buffer: &buffer)
  }
}

/// Turns "no bytes from the server for the timeout" into an error on the reply stream, so a
/// hung relay fails the attempt instead of holding the mail forever.
final class SMTPTimeoutHandler: ChannelInboundHandler {
  typealias InboundIn = SMTPReply
  typealias InboundOut = SMTPReply

  func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
    guard let idle = event as? IdleStateHandler.IdleStateEvent, idle == .read else {
      context.fireUserInboundEventTriggered(event)
      return
    }
    context.fireErrorCaught(SMTPError.transient("the relay did not answer in time"))
    context.close(promise: nil)
  }
}
