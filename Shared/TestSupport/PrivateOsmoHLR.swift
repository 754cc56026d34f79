#if canImport(FoundationEssentials)
  import FoundationEssentials
#else
  import Foundation
#endif
#if canImport(Glibc)
  import Glibc
#endif

/// An Osmocom HLR (osmo-hlr) of one test's own, that the test may stop and start again on the
/// same subscriber database. Started by scripts/lib.sh's `start_osmo_hlr`, so it is the same
/// server the scripts run. osmo-hlr 1.5 listens on fixed ports (CTRL 4259, GSUP 4222, VTY
/// 4258) and only lets the address be chosen, so each instance gets a loopback address of its
/// own (a random 127.x.y.z, never 127.0.0.1 where a system-wide HLR would listen).
public final class PrivateOsmoHLR: Sendable {
  /// The loopback address all its interfaces are bound to.
  public let host: String
  /// The CTRL interface's port (fixed by osmo-hlr).
  public let ctrlPort = 4259
  /// Its folder: configuration, `hlr.db`, `osmo-hlr.log`, `osmo-hlr.pid`.
  public let folder: String

  /// The subscriber database osmo-hlr keeps (SQLite).
  public var databasePath: String { self.folder + "/hlr.db" }

  /// Whether this machine can run one: osmo-hlr installed, by `ensure_osmo_hlr` if missing
  /// (an apt install, once per test process).
  public static let canStart: Bool = TestScripts.libBlocking("ensure_osmo_hlr >/dev/null")

  /// Creates and starts one in a fresh folder under the project's `var/`.
  public static func start() async throws -> PrivateOsmoHLR {
    let folder = TestScripts.repositoryRoot + "/var/hlr-" + UUID().uuidString.prefix(8).lowercased()
    let server = PrivateOsmoHLR(host: try Self.freeLoopbackAddress(), folder: folder)
    try await server.start()
    return server
  }

  init(host: String, folder: String) {
    self.host = host
    self.folder = folder
  }

  /// Starts it (again), returning once CTRL accepts connections; the database is kept.
  public func start() async throws {
    try await TestScripts.lib("start_osmo_hlr \"$1\" \"$2\"", self.folder, self.host)
  }

  /// Stops it (SIGTERM, and a wait for the exit): its ports close.
  public func stop() async throws {
    try await TestScripts.lib("stop_osmo_hlr \"$1\"", self.folder)
  }

  /// Stops it and deletes its folder.
  public func remove() async {
    try? await self.stop()
    try? FileManager.default.removeItem(atPath: self.folder)
  }

  /// Freezes the process (SIGSTOP): its sockets stay open and connections are accepted by the
  /// kernel, but nothing answers. ``resume()`` lets it go on.
  public func freeze() throws { try self.signal(SIGSTOP) }

  /// Lets a frozen process go on (SIGCONT).
  public func resume() throws { try self.signal(SIGCONT) }

  private func signal(_ number: Int32) throws {
    let text = FileManager.default.contents(atPath: self.folder + "/osmo-hlr.pid").map {
      String(decoding: $0, as: UTF8.self).filter(\.isNumber)
    }
    guard let pid = text.flatMap({ pid_t($0) }), kill(pid, number) == 0 else {
      throw TestScriptError(message: "cannot signal osmo-hlr in \(self.folder)")
    }
  }

  /// A subscriber as osmo-hlr stored it, read from its database file by the sqlite3 program:
  /// what the HLR itself would use, independent of its CTRL interface.
  public struct StoredSubscriber: Sendable, Equatable {
    public let imsi: String
    public let msisdn: String?
    public let namCS: Bool
    public let namPS: Bool

    public init(imsi: String, msisdn: String?, namCS: Bool, namPS: Bool) {
      self.imsi = imsi
      self.msisdn = msisdn
      self.namCS = namCS
      self.namPS = namPS
    }
  }

  /// The `subscriber` row for `imsi` (digits only), or nil if there is none.
  public func storedSubscriber(imsi: String) async throws -> StoredSubscriber? {
    guard !imsi.isEmpty, imsi.allSatisfy({ $0.isASCII && $0.isNumber }) else {
      throw TestScriptError(message: "not an IMSI: \(imsi)")
    }
    let query = "SELECT imsi, ifnull(msisdn, ''), nam_cs, nam_ps FROM subscriber WHERE imsi = '\(imsi)'"
    let output = try await TestScripts.libOutput(
      "sqlite3 -readonly -separator '|' \"$1\" \"$2\"", self.databasePath, query)
    // One line for the one row (imsi is unique), none if there is no such subscriber.
    let fields = output.split(separator: "\n").first?.split(separator: "|", omittingEmptySubsequences: false) ?? []
    guard fields.count == 4 else { return nil }
    return StoredSubscriber(
      imsi: String(fields[0]), msisdn: fields[1].isEmpty ? nil : String(fields[1]), namCS: fields[2] == "1",
      namPS: fields[3] == "1")
  }

  /// A random address in 127.1.0.0–127.254.255.255 where osmo-hlr's three ports are free.
  static func freeLoopbackAddress() throws -> String {
    for _ in 0..<50 {
      let address = "127.\(Int.random(in: 1...254)).\(Int.random(in: 0...255)).\(Int.random(in: 1...254))"
      if [4259, 4222, 4258].allSatisfy({ TestScripts.canBind(address: address, port: $0) }) { return address }
    }
    throw TestScriptError(message: "no free loopback address for osmo-hlr")
  }
}
