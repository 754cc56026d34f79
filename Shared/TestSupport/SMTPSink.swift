public import Foundation
import NIOCore
import NIOPosix
import Testing

/// smtp_sink.py (aiosmtpd) run as a subprocess on loopback: a real SMTP server that stores each
/// message it accepts. The Python comes from `ABONENT_TEST_PYTHON`, which scripts/test.sh sets
/// after installing aiosmtpd; without it the suites that need a sink are disabled, saying so.
public final class SMTPSink: @unchecked Sendable {
  public static let python: String? = ProcessInfo.processInfo.environment["ABONENT_TEST_PYTHON"].flatMap { $0.isEmpty ? nil : $0 }
  /// Whether the suites that need a sink can run (scripts/test.sh sets ABONENT_TEST_PYTHON).
  public static var isAvailable: Bool { python != nil }
  static let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("smtp_sink.py").path

  public let port: Int
  public let folder: URL
  let options: [String]
  var process: Process?

  /// A sink that is not running yet, on a free port, with `options` for smtp_sink.py.
  public init(options: [String] = []) throws {
    self.port = try Self.freePort()
    self.folder = FileManager.default.temporaryDirectory.appendingPathComponent("smtp-sink-\(UUID().uuidString)")
    self.options = options
    try FileManager.default.createDirectory(at: self.folder, withIntermediateDirectories: true)
  }

  deinit {
    self.stop()
    try? FileManager.default.removeItem(at: self.folder)
  }

  /// Starts the server and waits until it accepts connections.
  public func start() async throws {
    let ready = self.folder.appendingPathComponent("ready")
    try? FileManager.default.removeItem(at: ready)
    let process = Process()
    process.executableURL = URL(fileURLWithPath: try #require(Self.python))
    process.arguments = [Self.script, "--port", "\(self.port)", "--dir", self.folder.path] + self.options
    try process.run()
    self.process = process
    for _ in 0..<200 where !FileManager.default.fileExists(atPath: ready.path) {
      guard process.isRunning else { throw SinkError.exited(process.terminationStatus) }
      try await Task.sleep(for: .milliseconds(50))
    }
    guard FileManager.default.fileExists(atPath: ready.path) else { throw SinkError.notReady }
  }

  /// Asks the server to exit and does not wait: blocking here would hold one of the few
  /// threads Swift concurrency has (waiting in a deinit hung the suite on two cores).
  public func stop() {
    guard let process = self.process else { return }
    if process.isRunning { process.terminate() }
    self.process = nil
  }

  /// The messages received so far, in order.
  public func received() throws -> [ReceivedMail] {
    let names = try FileManager.default.contentsOfDirectory(atPath: self.folder.path).filter { $0.hasSuffix(".json") }.sorted()
    return try names.map { name in
      var mail = try JSONDecoder().decode(ReceivedMail.self, from: Data(contentsOf: self.folder.appendingPathComponent(name)))
      mail.raw = try String(decoding: Data(contentsOf: self.folder.appendingPathComponent(name.replacingOccurrences(of: ".json", with: ".eml"))), as: UTF8.self)
      return mail
    }
  }

  /// Recipients the sink refused with 550 (`--reject-domain`), one per refused RCPT.
  public func rejections() -> [String] {
    let log = (try? String(contentsOf: self.folder.appendingPathComponent("rejected.log"), encoding: .utf8)) ?? ""
    return log.split(separator: "\n").map(String.init)
  }

  /// Waits up to `timeout` for `count` messages.
  public func waitForMessages(_ count: Int, timeout: Duration = .seconds(15)) async throws -> [ReceivedMail] {
    let deadline = ContinuousClock.now + timeout
    while ContinuousClock.now < deadline {
      let mails = try self.received()
      if mails.count >= count { return mails }
      try await Task.sleep(for: .milliseconds(50))
    }
    return try self.received()
  }

  /// A port nothing listens on right now: bound, read, released.
  public static func freePort() throws -> Int {
    let channel = try ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton).bind(host: "127.0.0.1", port: 0).wait()
    defer { try? channel.close().wait() }
    return try #require(channel.localAddress?.port)
  }

  enum SinkError: Error {
    case exited(Int32)
    case notReady
  }
}

/// One message as the sink decoded it (smtp_sink.py's JSON record) plus its raw bytes.
public struct ReceivedMail: Decodable, Sendable {
  public var mailFrom: String
  public var rcptTos: [String]
  public var tls: Bool
  public var authenticated: Bool
  public var subject: String
  public var from: String
  public var to: String
  public var messageId: String
  public var date: String
  public var contentType: String
  public var charset: String?
  public var transferEncoding: String
  public var body: String
  public var raw = ""

  enum CodingKeys: String, CodingKey {
    case mailFrom = "mail_from", rcptTos = "rcpt_tos", tls, authenticated, subject, from, to
    case messageId = "message_id", date, contentType = "content_type", charset
    case transferEncoding = "transfer_encoding", body
  }

  /// The body with line endings normalised and the final line break dropped.
  public var text: String {
    var text = self.body.replacingOccurrences(of: "\r\n", with: "\n")
    while text.hasSuffix("\n") { text.removeLast() }
    return text
  }
}
