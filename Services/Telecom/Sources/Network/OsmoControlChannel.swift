import NIOCore

/// What an Osmocom CTRL peer answered: the value of a `GET_REPLY`/`SET_REPLY`, or the text of an `ERROR`.
enum ControlReply: Sendable, Equatable {
  case value(String)
  case error(String)
}

/// One command for ``OsmoControlHandler``: the text after `GET`/`SET`, the id it carries, how
/// long to wait for the reply, and the promise the reply (or the failure) completes.
struct ControlRequest: Sendable {
  let id: UInt32
  let command: String
  let timeout: TimeAmount
  let reply: EventLoopPromise<ControlReply>
}

/// IPA framing (as Osmocom's CTRL interface uses it): a 2-byte big-endian length, a protocol
/// byte, then `length` bytes. CTRL is protocol 0xEE (Osmocom's extension) whose first byte is
/// the extension 0x00; this yields the ASCII text of those frames and drops every other one.
struct IPAControlFrameDecoder: ByteToMessageDecoder {
  typealias InboundOut = String

  static let osmoExtension: UInt8 = 0xEE
  static let controlExtension: UInt8 = 0x00

  mutating func decode(context: ChannelHandlerContext, buffer: inout ByteBuffer) throws -> DecodingState {
    guard let length = buffer.getInteger(at: buffer.readerIndex, as: UInt16.self),
      buffer.readableBytes >= 3 + Int(length)
    else { return .needMoreData }
    buffer.moveReaderIndex(forwardBy: 2)
    let protocolByte = buffer.readInteger(as: UInt8.self)
    var payload = buffer.readSlice(length: Int(length))!
    if protocolByte == Self.osmoExtension, payload.readInteger(as: UInt8.self) == Self.controlExtension {
      context.fireChannelRead(Self.wrapInboundOut(payload.readString(length: payload.readableBytes) ?? ""))
    }
    return .continue
  }

  /// Encodes one CTRL command as an IPA frame.
  static func frame(_ command: String, allocator: ByteBufferAllocator) -> ByteBuffer {
    var buffer = allocator.buffer(capacity: 4 + command.utf8.count)
    buffer.writeInteger(UInt16(command.utf8.count + 1))
    buffer.writeInteger(Self.osmoExtension)
    buffer.writeInteger(Self.controlExtension)
    buffer.writeString(command)
    return buffer
  }
}

/// Sends ``ControlRequest``s and matches the replies to them by id, on the channel's event loop
/// (so its table needs no lock). A request fails with `.unavailable` when no reply comes in time
/// (the connection is then closed: a peer that does not answer is not trusted with more), and
/// every waiting request fails the same way when the connection closes or breaks. TRAPs, and
/// replies whose request already gave up, are dropped.
final class OsmoControlHandler: ChannelDuplexHandler {
  typealias InboundIn = String
  typealias OutboundIn = ControlRequest
  typealias OutboundOut = ByteBuffer

  private var waiting: [String: (reply: EventLoopPromise<ControlReply>, timeout: Scheduled<Void>)] = [:]

  func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
    let request = Self.unwrapOutboundIn(data)
    guard context.channel.isActive else {
      request.reply.fail(NetworkError.unavailable("the CTRL connection is closed"))
      promise?.fail(ChannelError.ioOnClosedChannel)
      return
    }
    let key = String(request.id)
    let waited = "no reply within \(request.timeout.nanoseconds / 1_000_000) ms"
    let timeout = context.eventLoop.assumeIsolated().scheduleTask(in: request.timeout) {
      // Closed before the caller hears of it: a caller retrying at once must find the
      // connection closed (and open a new one), not write to one about to close.
      let entry = self.waiting.removeValue(forKey: key)
      context.close(promise: nil)
      entry?.reply.fail(NetworkError.unavailable(waited))
    }
    self.waiting[key] = (request.reply, timeout)
    let written = context.eventLoop.makePromise(of: Void.self)
    written.futureResult.assumeIsolated().whenFailure { error in
      self.finish(key, with: .failure(NetworkError.unavailable("the command could not be sent: \(error)")))
    }
    written.futureResult.cascade(to: promise)
    let frame = IPAControlFrameDecoder.frame(request.command, allocator: context.channel.allocator)
    context.write(Self.wrapOutboundOut(frame), promise: written)
  }

  /// `GET_REPLY <id> <variable> <value>`, `SET_REPLY <id> <variable> <value>`, `ERROR <id> <text>`.
  /// The value may hold spaces and line breaks (osmo-hlr's `info` is one line per field).
  func channelRead(context: ChannelHandlerContext, data: NIOAny) {
    let text = Self.unwrapInboundIn(data)
    let head = text.split(separator: " ", maxSplits: 2, omittingEmptySubsequences: false)
    guard head.count >= 2 else { return }
    let rest = head.count > 2 ? head[2] : ""
    switch head[0] {
    case "GET_REPLY", "SET_REPLY":
      let value = rest.split(separator: " ", maxSplits: 1, omittingEmptySubsequences: false).dropFirst().first ?? ""
      self.finish(String(head[1]), with: .success(.value(String(value))))
    case "ERROR":
      self.finish(String(head[1]), with: .success(.error(String(rest))))
    default:
      return  // TRAP, or anything a client is not sent
    }
  }

  func channelInactive(context: ChannelHandlerContext) {
    self.failAll(NetworkError.unavailable("the CTRL connection was closed"))
    context.fireChannelInactive()
  }

  func errorCaught(context: ChannelHandlerContext, error: any Error) {
    self.failAll(NetworkError.unavailable("the CTRL connection failed: \(error)"))
    context.close(promise: nil)
  }

  private func finish(_ key: String, with result: Result<ControlReply, any Error>) {
    guard let entry = self.waiting.removeValue(forKey: key) else { return }
    entry.timeout.cancel()
    entry.reply.completeWith(result)
  }

  private func failAll(_ error: NetworkError) {
    let entries = self.waiting
    self.waiting = [:]
    for entry in entries.values {
      entry.timeout.cancel()
      entry.reply.fail(error)
    }
  }
}
