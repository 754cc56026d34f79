#if canImport(FoundationEssentials)
  import FoundationEssentials
#else
  import Foundation
#endif
#if canImport(Glibc)
  import Glibc
#endif

/// What the private test servers (PrivatePostgres, PrivateOsmoHLR) share: running the project's
/// scripts/lib.sh functions, so tests start servers exactly as the scripts do, and picking
/// free loopback ports and addresses.
enum TestScripts {
  static let repositoryRoot = URL(fileURLWithPath: #filePath)
    .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().path

  /// Runs a scripts/lib.sh function in bash, polling for its end instead of blocking one of
  /// the concurrency pool's few threads. Not Foundation's Process: it learns of the exit
  /// through a descriptor the child inherits, and a server the function leaves running keeps
  /// that open, so the start would never be seen to end.
  static func lib(_ command: String, _ arguments: String...) async throws {
    try await self.run(command, arguments, output: nil)
  }

  /// Runs a scripts/lib.sh command as ``lib(_:_:)`` does and returns what it printed.
  static func libOutput(_ command: String, _ arguments: String...) async throws -> String {
    let file = FileManager.default.temporaryDirectory.path + "/lib-output-" + UUID().uuidString
    defer { try? FileManager.default.removeItem(atPath: file) }
    try await self.run(command, arguments, output: file)
    let data = FileManager.default.contents(atPath: file) ?? Data()
    return String(decoding: data, as: UTF8.self)
  }

  private static func run(_ command: String, _ arguments: [String], output: String?) async throws {
    let script = "cd \"$0\" && set -e && source scripts/lib.sh && \(command)"
    let argv = ["/bin/bash", "-c", script, repositoryRoot] + arguments
    var cArguments = argv.map { strdup($0) } + [nil]
    defer { for argument in cArguments { free(argument) } }
    var actions = posix_spawn_file_actions_t()
    posix_spawn_file_actions_init(&actions)
    defer { posix_spawn_file_actions_destroy(&actions) }
    if let output {
      posix_spawn_file_actions_addopen(&actions, 1, output, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
    }
    var attributes = Self.spawnAttributes()
    defer { posix_spawnattr_destroy(&attributes) }
    var pid = pid_t()
    guard posix_spawn(&pid, "/bin/bash", &actions, &attributes, &cArguments, environ) == 0 else {
      throw TestScriptError(message: "could not start bash for `\(command)`")
    }
    var status: Int32 = 0
    while waitpid(pid, &status, WNOHANG) == 0 { try await Task.sleep(for: .milliseconds(20)) }
    // Exited normally (no signal) with status 0.
    guard status & 0x7f == 0, (status >> 8) & 0xff == 0 else {
      throw TestScriptError(message: "scripts/lib.sh `\(command)` failed (wait status \(status))")
    }
  }

  /// Runs a scripts/lib.sh command and waits for it, blocking the calling thread: for static
  /// initialisers (which cannot await), never for a command that leaves a server running.
  static func libBlocking(_ command: String) -> Bool {
    let script = "cd \"$0\" && set -e && source scripts/lib.sh && \(command)"
    let argv = ["/bin/bash", "-c", script, repositoryRoot]
    var cArguments = argv.map { strdup($0) } + [nil]
    defer { for argument in cArguments { free(argument) } }
    var attributes = Self.spawnAttributes()
    defer { posix_spawnattr_destroy(&attributes) }
    var pid = pid_t()
    guard posix_spawn(&pid, "/bin/bash", nil, &attributes, &cArguments, environ) == 0 else { return false }
    var status: Int32 = 0
    while waitpid(pid, &status, 0) == -1 && errno == EINTR {}
    return status & 0x7f == 0 && (status >> 8) & 0xff == 0
  }

  /// A child gets no signal blocked or ignored. It would otherwise inherit the test process's
  /// mask, which blocks SIGTERM and more: a server started from a test (osmo-hlr) would then
  /// not stop when told to.
  private static func spawnAttributes() -> posix_spawnattr_t {
    var attributes = posix_spawnattr_t()
    posix_spawnattr_init(&attributes)
    var none = sigset_t()
    sigemptyset(&none)
    var all = sigset_t()
    sigfillset(&all)
    posix_spawnattr_setsigmask(&attributes, &none)
    posix_spawnattr_setsigdefault(&attributes, &all)
    posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF))
    return attributes
  }

  /// A TCP port nothing listens on right now (the kernel picks it).
  static func freePort() throws -> Int {
    guard let port = self.bindAndClose(address: "127.0.0.1", port: 0) else {
      throw TestScriptError(message: "bind() failed")
    }
    return port
  }

  /// Whether `port` on `address` can be bound now (with SO_REUSEADDR, as servers bind it).
  static func canBind(address: String, port: Int) -> Bool {
    self.bindAndClose(address: address, port: port) != nil
  }

  /// Binds a TCP socket to `address`:`port` and closes it again; returns the port bound.
  private static func bindAndClose(address host: String, port: Int) -> Int? {
    let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
    guard fd >= 0 else { return nil }
    defer { close(fd) }
    if port != 0 {
      var one: Int32 = 1
      setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, socklen_t(MemoryLayout<Int32>.size))
    }
    var address = sockaddr_in()
    address.sin_family = sa_family_t(AF_INET)
    address.sin_addr.s_addr = inet_addr(host)
    address.sin_port = UInt16(port).bigEndian
    var length = socklen_t(MemoryLayout<sockaddr_in>.size)
    let bound = withUnsafeMutablePointer(to: &address) {
      $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
        bind(fd, $0, length) == 0 && getsockname(fd, $0, &length) == 0
      }
    }
    return bound ? Int(UInt16(bigEndian: address.sin_port)) : nil
  }
}

struct TestScriptError: Error, CustomStringConvertible {
  let message: String
  var description: String { self.message }
}
