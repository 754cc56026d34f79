#if canImport(FoundationEssentials)
  import FoundationEssentials
#else
  import Foundation
#endif
#if canImport(Glibc)
  import Glibc
#endif

/// A PostgreSQL cluster of one test's own, on a free loopback port, that the test may stop and
/// start: outages cannot be staged on the shared test cluster without breaking every other
/// suite running at the same time. Started by scripts/lib.sh's helpers (as the `postgres`
/// user), so it is the same server the scripts run; a first start runs initdb (seconds).
public final class PrivatePostgres: Sendable {
  public let port: Int
  let folder: String

  /// Whether this machine can run one: the PostgreSQL server binaries and the `postgres` user.
  public static let canStart: Bool = {
    let binaries = (try? FileManager.default.contentsOfDirectory(atPath: "/usr/lib/postgresql")) ?? []
    return !binaries.isEmpty && getpwnam("postgres") != nil
  }()

  /// Creates and starts a cluster in a fresh folder under the project's `var/`.
  public static func start() async throws -> PrivatePostgres {
    let folder = repositoryRoot + "/var/pg-outage-" + UUID().uuidString.prefix(8).lowercased()
    let server = PrivatePostgres(port: try freePort(), folder: folder)
    try await server.start()
    return server
  }

  init(port: Int, folder: String) {
    self.port = port
    self.folder = folder
  }

  /// Starts the cluster again (`pg_ctl start`), returning once it accepts connections.
  public func start() async throws {
    try await Self.lib("start_private_postgres \"$1\" \"$2\" fast", self.folder, "\(self.port)")
  }

  /// Stops it (`pg_ctl stop -m fast`): sessions are terminated, the port closes.
  public func stop() async throws {
    try await Self.lib("stop_private_postgres \"$1\"", self.folder)
  }

  /// Stops it and deletes its folder.
  public func remove() async {
    try? await self.stop()
    try? FileManager.default.removeItem(atPath: self.folder)
  }

  static let repositoryRoot = URL(fileURLWithPath: #filePath)
    .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().path

  /// Runs a scripts/lib.sh function in bash, polling for its end instead of blocking one of
  /// the concurrency pool's few threads. Not Foundation's Process: it learns of the exit
  /// through a descriptor the child inherits, and the PostgreSQL server that pg_ctl leaves
  /// running keeps that open, so the start would never be seen to end.
  static func lib(_ command: String, _ arguments: String...) async throws {
    let script = "cd \"$0\" && set -e && source scripts/lib.sh && \(command)"
    let argv = ["/bin/bash", "-c", script, repositoryRoot] + arguments
    var cArguments = argv.map { strdup($0) } + [nil]
    defer { for argument in cArguments { free(argument) } }
    var pid = pid_t()
    guard posix_spawn(&pid, "/bin/bash", nil, nil, &cArguments, environ) == 0 else {
      throw PrivatePostgresError(message: "could not start bash for `\(command)`")
    }
    var status: Int32 = 0
    while waitpid(pid, &status, WNOHANG) == 0 { try await Task.sleep(for: .milliseconds(20)) }
    // Exited normally (no signal) with status 0.
    guard status & 0x7f == 0, (status >> 8) & 0xff == 0 else {
      throw PrivatePostgresError(message: "scripts/lib.sh `\(command)` failed (wait status \(status))")
    }
  }

  /// A TCP port nothing listens on right now (the kernel picks it).
  static func freePort() throws -> Int {
    let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
    guard fd >= 0 else { throw PrivatePostgresError(message: "socket() failed") }
    defer { close(fd) }
    var address = sockaddr_in()
    address.sin_family = sa_family_t(AF_INET)
    address.sin_addr.s_addr = inet_addr("127.0.0.1")
    var length = socklen_t(MemoryLayout<sockaddr_in>.size)
    let bound = withUnsafeMutablePointer(to: &address) {
      $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
        bind(fd, $0, length) == 0 && getsockname(fd, $0, &length) == 0
      }
    }
    guard bound else { throw PrivatePostgresError(message: "bind() failed") }
    return Int(UInt16(bigEndian: address.sin_port))
  }
}

struct PrivatePostgresError: Error, CustomStringConvertible {
  let message: String
  var description: String { self.message }
}
