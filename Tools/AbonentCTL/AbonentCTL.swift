import ArgumentParser

@main
struct AbonentCTL: AsyncParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "abonentctl",
    abstract: "Inspect and call Abonent services from the command line.",
    discussion: """
      Every service describes itself, so any method can be called with a JSON request:
        abonentctl describe billing
        abonentctl call telecom Ping '{"text": "hello"}'
      Exit status: 0 on success, 1 when the call fails (status, reason and message are
      printed), 64 on bad usage or JSON.
      """,
    subcommands: [Describe.self, Call.self, Migrate.self]
  )
}
