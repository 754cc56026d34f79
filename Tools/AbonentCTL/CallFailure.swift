import ArgumentParser
import GRPCCore
import RPC

#if canImport(Glibc)
  import Glibc
#endif

/// Runs a call; on an RPC failure prints status code, reason, message and any field violations
/// to standard error and exits with status 1, so scripts can tell a refused call from a usage error.
func callFailingCleanly<T>(_ body: () async throws -> T) async throws -> T {
  do {
    return try await body()
  } catch let failure as CLIFailure {
    var stderr = StandardError()
    print("error: \(failure.message)", to: &stderr)
    throw ExitCode(64)
  } catch let error as RPCError {
    let reason = error.reason ?? "-"
    var stderr = StandardError()
    print("error: \(error.code) \(reason): \(error.message)", to: &stderr)
    // Field problems travel as trailers; show each, so a script can tell which field failed.
    for (field, violation) in error.violations.sorted(by: { $0.key < $1.key }) {
      print("  \(field): \(violation)", to: &stderr)
    }
    throw ExitCode(1)
  }
}

struct StandardError: TextOutputStream {
  mutating func write(_ string: String) {
    var bytes = Array(string.utf8)
    _ = bytes.withUnsafeMutableBytes { Glibc.write(2, $0.baseAddress, $0.count) }
  }
}

/// A request that cannot be sent as given (bad JSON, unknown method): exit status 64.
struct CLIFailure: Error {
  let message: String

  init(_ message: String) {
    self.message = message
  }
}
