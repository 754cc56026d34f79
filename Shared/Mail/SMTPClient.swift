package import Logging
package import NIOCore
import NIOPosix
import NIOSSL

#if canImport(FoundationEssentials)
  import FoundationEssentials
#else
  import Foundation
#endif

/// A minimal SMTP submission client on SwiftNIO (RFC 5321): EHLO with HELO fallback, STARTTLS,
/// AUTH PLAIN/LOGIN, and MAIL/RCPT/DATA for any number of messages over one connection.
package struct SMTPClient: Sendable {
  let settings: MailSettings
  let eventLoopGroup: any EventLoopGroup
  let logger: Logger
  let tlsContext: NIOSSLContext?

  package init(
    settings: MailSettings, eventLoopGroup: any EventLoopGroup = MultiThreadedEventLoopGroup.singleton, logger: Logger
  ) throws {
    self.settings = settings
    self.eventLoopGroup = eventLoopGroup
    self.logger = logger
    if settings.tls == .none {
      self.tlsContext = nil
    } else {
      var configuration = TLSConfiguration.makeClientConfiguration()
      if let caFile = settings.tlsCAFile { configuration.trustRoots = .file(caFile) }
      self.tlsContext = try NIOSSLContext(configuration: configuration)
    }
  }

  /// Connects, greets, upgrades and authenticates as configured, runs `body` with the ready
  /// session, then says QUIT and closes. Failures before `body` are transient ``SMTPError``s.
  package func withSession<Result>(_ body: (SMTPSession) async throws -> Result) async throws -> Result {
    let timeout = TimeAmount.nanoseconds(
      Int64(self.settings.timeout.components.seconds) * 1_000_000_000
        + self.settings.timeout.components.attoseconds / 1_000_000_000)
    let channel: NIOAsyncChannel<SMTPReply, ByteBuffer>
    do {
      channel = try await ClientBootstrap(group: self.eventLoopGroup)
        .connectTimeout(timeout)
        .connect(host: self.settings.host, port: self.settings.port) { channel in
          channel.eventLoop.makeCompletedFuture {
            try channel.pipeline.syncOperations.addHandlers([
              IdleStateHandler(readTimeout: timeout),
              ByteToMessageHandler(SMTPReplyDecoder()),
              SMTPTimeoutHandler(),
            ])
            return try NIOAsyncChannel<SMTPReply, ByteBuffer>(wrappingChannelSynchronously: channel)
          }
        }
    } catch {
      throw SMTPError.transient("cannot connect to \(self.settings.host):\(self.settings.port): \(error)")
    }
    return try await channel.executeThenClose { inbound, outbound in
      let session = SMTPSession(
        channel: channel.channel, replies: inbound.makeAsyncIterator(), outbound: outbound, logger: self.logger)
      try await self.open(session)
      let result = try await body(session)
      await session.quit()
      return result
    }
  }

  func open(_ session: SMTPSession) async throws {
    let greeting = try await session.readReply()
    guard greeting.code == 220 else { throw SMTPError.sessionRefused(greeting, after: "connecting") }
    var extensions = try await session.hello(self.settings.heloName)
    if let tlsContext = self.tlsContext {
      if extensions.keys.contains("STARTTLS") {
        let reply = try await session.command("STARTTLS")
        guard reply.code == 220 else { throw SMTPError.sessionRefused(reply, after: "STARTTLS") }
        try await session.startTLS(context: tlsContext, host: self.settings.host)
        extensions = try await session.hello(self.settings.heloName)
      } else if self.settings.tls == .requiredStartTLS {
        throw SMTPError.transient("the relay does not offer STARTTLS, which ABONENT_SMTP_TLS requires")
      }
    }
    if let user = self.settings.user {
      try await session.authenticate(
        user: user, password: self.settings.password ?? "", mechanisms: extensions["AUTH"] ?? [])
    }
  }
}

/// One open SMTP connection. Used by one task at a time: commands and replies alternate.
package final class SMTPSession {
  let channel: any Channel
  var replies: NIOAsyncChannelInboundStream<SMTPReply>.AsyncIterator
  let outbound: NIOAsyncChannelOutboundWriter<ByteBuffer>
  let logger: Logger

  init(
    channel: any Channel, replies: NIOAsyncChannelInboundStream<SMTPReply>.AsyncIterator,
    outbound: NIOAsyncChannelOutboundWriter<ByteBuffer>, logger: Logger
  ) {
    self.channel = channel
    self.replies = replies
    self.outbound = outbound
    self.logger = logger
  }

  /// The next reply; a closed, reset or timed-out connection or a TLS failure is a transient ``SMTPError``.
  func readReply() async throws(SMTPError) -> SMTPReply {
    let next: SMTPReply?
    do {
      next = try await self.replies.next()
    } catch {
      throw SMTPError.classify(error)
    }
    guard let reply = next else { throw SMTPError.transient("the relay closed the connection") }
    self.logger.trace("smtp reply", metadata: ["reply": "\(reply)"])
    return reply
  }

  /// Sends one command line and reads its reply. `redacted` is what the log shows instead.
  func command(_ line: String, redacted: String? = nil) async throws -> SMTPReply {
    self.logger.trace("smtp command", metadata: ["command": "\(redacted ?? line)"])
    try await self.write(line + "\r\n")
    return try await self.readReply()
  }

  func write(_ text: String) async throws(SMTPError) {
    do {
      try await self.outbound.write(ByteBuffer(string: text))
    } catch {
      throw SMTPError.classify(error)
    }
  }

  /// EHLO, or HELO if the server does not know EHLO; returns the extensions (keyword → parameters).
  func hello(_ name: String) async throws -> [String: [String]] {
    let reply = try await self.command("EHLO \(name)")
    if reply.code == 250 {
      var extensions: [String: [String]] = [:]
      for line in reply.lines.dropFirst() {
        let words = line.split(separator: " ").map(String.init)
        if let keyword = words.first { extensions[keyword.uppercased()] = words.dropFirst().map { $0.uppercased() } }
      }
      return extensions
    }
    guard reply.isPermanentFailure else { throw SMTPError.sessionRefused(reply, after: "EHLO") }
    let fallback = try await self.command("HELO \(name)")
    guard fallback.code == 250 else { throw SMTPError.sessionRefused(fallback, after: "HELO") }
    return [:]
  }

  /// Puts TLS under the reply decoder. Nothing may be buffered: the server sent nothing after 220.
  func startTLS(context: NIOSSLContext, host: String) async throws {
    let isAddress = (try? SocketAddress(ipAddress: host, port: 0)) != nil
    let channel = self.channel
    do {
      try await channel.eventLoop.submit {
        let handler = try NIOSSLClientHandler(context: context, serverHostname: isAddress ? nil : host)
        try channel.pipeline.syncOperations.addHandler(handler, position: .first)
      }.get()
    } catch {
      throw SMTPError.classify(error)
    }
  }

  /// AUTH PLAIN if offered (or if the server lists no mechanisms), else AUTH LOGIN.
  func authenticate(user: String, password: String, mechanisms: [String]) async throws {
    func base64(_ text: String) -> String { Data(text.utf8).base64EncodedString() }
    if mechanisms.contains("PLAIN") || !mechanisms.contains("LOGIN") {
      let reply = try await self.command(
        "AUTH PLAIN \(base64("\0\(user)\0\(password)"))", redacted: "AUTH PLAIN <credentials>")
      guard reply.code == 235 else { throw SMTPError.sessionRefused(reply, after: "AUTH PLAIN") }
      return
    }
    var reply = try await self.command("AUTH LOGIN")
    guard reply.code == 334 else { throw SMTPError.sessionRefused(reply, after: "AUTH LOGIN") }
    reply = try await self.command(base64(user), redacted: "<user>")
    guard reply.code == 334 else { throw SMTPError.sessionRefused(reply, after: "AUTH LOGIN user") }
    reply = try await self.command(base64(password), redacted: "<password>")
    guard reply.code == 235 else { throw SMTPError.sessionRefused(reply, after: "AUTH LOGIN") }
  }

  /// Sends one message. A permanent ``SMTPError`` leaves the session usable (after RSET); any
  /// other error means the connection must not be used again.
  package func send(_ message: OutgoingMessage) async throws {
    do {
      try await self.transaction(message)
    } catch let error as SMTPError where error.isPermanent {
      let reset = try await self.command("RSET")
      guard reset.code == 250 else { throw SMTPError.sessionRefused(reset, after: "RSET") }
      throw error
    }
  }

  func transaction(_ message: OutgoingMessage) async throws {
    let mailFrom = try await self.command("MAIL FROM:<\(message.from.address)>")
    guard mailFrom.code == 250 else { throw SMTPError.rejected(mailFrom, after: "MAIL FROM") }
    for recipient in message.to {
      let reply = try await self.command("RCPT TO:<\(recipient.address)>")
      guard reply.code == 250 || reply.code == 251 else {
        throw SMTPError.rejected(reply, after: "RCPT TO:<\(recipient.address)>")
      }
    }
    let data = try await self.command("DATA")
    guard data.code == 354 else { throw SMTPError.rejected(data, after: "DATA") }
    try await self.write(MailEncoding.dotStuffed(message.rendered))
    let accepted = try await self.readReply()
    guard accepted.code == 250 else { throw SMTPError.rejected(accepted, after: "the message") }
  }

  /// Ends the session politely; a relay that has already gone does not matter here.
  func quit() async {
    _ = try? await self.command("QUIT")
  }
}
