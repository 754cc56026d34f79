import ArgumentParser
import Foundation

struct Migrate: ParsableCommand {
  static let configuration = CommandConfiguration(
    abstract: "Apply a service's database migrations and exit.",
    discussion: """
      Runs `abonent-<service> migrate` from the same folder as abonentctl, with the same
      environment (ABONENT_DB_HOST, ABONENT_DB_PORT, ABONENT_DB_NAME, …). Safe to run while
      replicas start: migrations hold an advisory lock and each is applied once.
      """
  )

  @Argument(help: "identity, billing, telecom, utilities or isp.")
  var service: String

  func run() throws {
    guard defaultPorts[self.service] != nil else {
      throw ValidationError(
        "unknown service '\(self.service)'; one of \(defaultPorts.keys.sorted().joined(separator: ", "))")
    }
    let folder = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath().deletingLastPathComponent()
    let process = Process()
    process.executableURL = folder.appendingPathComponent("abonent-\(self.service)")
    process.arguments = ["migrate"]
    try process.run()
    process.waitUntilExit()
    guard process.terminationStatus == 0 else { throw ExitCode(process.terminationStatus) }
  }
}
