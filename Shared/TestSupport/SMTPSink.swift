public import Foundation
import NIOCore
import NIOPosix
import Synchronization
import Testing

/// smtp_sink.py (aiosmtpd) run as a subprocess on loopback: a real SMTP server that stores each
/// message it accepts. The Python comes from `ABONENT_TEST_PYTHON`, which scripts/test.sh sets
/// after installing aiosmtpd; without it the suites that need a sink are disabled, saying so.
public final class SMTPSink: @unchecked Sendable {
  public static let python: String? = ProcessInfo.processInfo.environment["ABONENT_TEST_PYTHON"].flatMap {
    $0.isEmpty ? nil : $0
  }
  /// Whether the suites that need a sink can run (scripts/test.sh sets ABONENT_TEST_PYTHON).
  public static var isAvailable: Bool { python != nil }
  static let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("smtp_sink.py")
    .path

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

  /// Starts the server and waits until it accepts connections: up to two minutes, since with
  /// every suite starting at once on two cores the sink's own start (an SMTP handshake with
  /// itself, up to 30 s, after up to 10 s of retrying a busy port) overran the 35 s this was.
  public func start() async throws {
    let ready = self.folder.appendingPathComponent("ready")
    try? FileManager.default.removeItem(at: ready)
    let process = Process()
    process.executableURL = URL(fileURLWithPath: try #require(Self.python))
    process.arguments = [Self.script, "--port", "\(self.port)", "--dir", self.folder.path] + self.options
    // Its stderr goes to a file so that a sink that dies at start says why in the test's failure.
    let errors = self.folder.appendingPathComponent("stderr.log")
    _ = FileManager.default.createFile(atPath: errors.path, contents: nil)
    process.standardError = try FileHandle(forWritingTo: errors)
    try process.run()
    self.process = process
    let deadline = ContinuousClock.now + .seconds(120)
    while !FileManager.default.fileExists(atPath: ready.path), ContinuousClock.now < deadline {
      guard process.isRunning else {
        let text = (try? String(contentsOf: errors, encoding: .utf8)) ?? ""
        throw SinkError.exited(process.terminationStatus, stderr: String(text.suffix(2_000)))
      }
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
    let names = try FileManager.default.contentsOfDirectory(atPath: self.folder.path).filter { $0.hasSuffix(".json") }
      .sorted()
    return try names.map { name in
      var mail = try JSONDecoder().decode(
        ReceivedMail.self, from: Data(contentsOf: self.folder.appendingPathComponent(name)))
      mail.raw = try String(
        decoding: Data(
          contentsOf: self.folder.appendingPathComponent(name.replacingOccurrences(of: ".json", with: ".eml"))),
        as: UTF8.self)
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

  /// A port nothing listens on right now, for a server another process (or a later step) binds.
  ///
  /// Not port 0's pick: the kernel hands out the same ephemeral range to outgoing connections,
  /// so with the suite's many parallel clients a released ephemeral port was sometimes taken
  /// before the sink bound it (CI saw the sink exit with "address in use"). Ports below the
  /// ephemeral range are only ever taken by a bind, and this process never hands one out twice.
  public static func freePort() throws -> Int {
    let (low, high) = ephemeralRange()
    let candidates = low > 10_000 ? 10_000..<low : 61_000..<65_000
    for _ in 0..<200 {
      let port = Int.random(in: candidates)
      guard handedOut.withLock({ $0.insert(port).inserted }) else { continue }
      if let channel = try? ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton).bind(
        host: "127.0.0.1", port: port
      ).wait() {
        try? channel.close().wait()
        return port
      }
    }
    throw SinkError.noFreePort(range: "\(candidates), ephemeral \(low)-\(high)")
  }

  private static let handedOut = Mutex<Set<Int>>([])

  /// Linux's ip_local_port_range; its default where the file cannot be read.
  private static func ephemeralRange() -> (Int, Int) {
    let text = (try? String(contentsOfFile: "/proc/sys/net/ipv4/ip_local_port_range", encoding: .utf8)) ?? ""
    let bounds = text.split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "\n" }).compactMap { Int($0) }
    return bounds.count == 2 ? (bounds[0], bounds[1]) : (32_768, 60_999)
  }

  enum SinkError: Error {
    case exited(Int32, stderr: String)
    case notReady
    case noFreePort(range: String)
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
  /// The text/plain part (the whole body of a single-part message).
  public var body: String
  public var raw = ""
  /// Optional: records written before the sink reported attachments have none.
  var attachmentRecords: [ReceivedAttachment]?

  /// The attachments in order, as Python's email package decoded them.
  public var attachments: [ReceivedAttachment] { self.attachmentRecords ?? [] }

  enum CodingKeys: String, CodingKey {
    case mailFrom = "mail_from"
    case rcptTos = "rcpt_tos"
    case tls, authenticated, subject, from, to
    case messageId = "message_id"
    case date
    case contentType = "content_type"
    case charset
    case transferEncoding = "transfer_encoding"
    case body
    case attachmentRecords = "attachments"
  }

  /// The body with line endings normalised and the final line break dropped.
  public var text: String {
    var text = self.body.replacingOccurrences(of: "\r\n", with: "\n")
    while text.hasSuffix("\n") { text.removeLast() }
    return text
  }
}

/// One attachment of a ``ReceivedMail``: its name and type as the headers give them, and the
/// size and SHA-256 (lowercase hex) of its bytes after base64 decoding.
public struct ReceivedAttachment: Decodable, Sendable, Equatable {
  /// Nil when the part names no file.
  public var filename: String?
  public var contentType: String
  public var size: Int
  public var sha256: String

  public init(filename: String?, contentType: String, size: Int, sha256: String) {
    self.filename = filename
    self.contentType = contentType
    self.size = size
    self.sha256 = sha256
  }

  enum CodingKeys: String, CodingKey {
    case filename
    case contentType = "content_type"
    case size, sha256
  }
}
