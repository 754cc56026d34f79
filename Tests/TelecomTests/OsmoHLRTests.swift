import TestSupport
import Testing

@testable import TelecomService

/// Telecom's subscriber register against a real Osmocom HLR (osmo-hlr) that each test starts
/// for itself on a loopback address of its own: what the HLR stores is read back through its
/// CTRL interface and, independently, from its own SQLite database file.
@Suite(
  "osmo-hlr as the subscriber register",
  .enabled(if: PrivateOsmoHLR.canStart, "needs osmo-hlr (Debian's package; scripts/lib.sh ensure_osmo_hlr)"))
struct OsmoHLRTests {
  static let imsi = "901700000000001"
  static let msisdn = "4915112345678"

  /// Runs `body` with a fresh osmo-hlr and a registry (and its CTRL client) on it, then removes it.
  static func withHLR(
    _ body: (PrivateOsmoHLR, OsmoHLRRegistry, OsmoControlClient) async throws -> Void
  ) async throws {
    let hlr = try await PrivateOsmoHLR.start()
    let control = OsmoControlClient(host: hlr.host, port: hlr.ctrlPort)
    do {
      try await body(hlr, OsmoHLRRegistry(control: control), control)
    } catch {
      await control.close()
      await hlr.remove()
      throw error
    }
    await control.close()
    await hlr.remove()
  }

  /// The error `body` threw (nil if it succeeded) and how long it took.
  static func outcome(_ body: () async throws -> Void) async -> (NetworkError?, Duration) {
    let start = ContinuousClock.now
    do {
      try await body()
      return (nil, start.duration(to: .now))
    } catch let error as NetworkError {
      return (error, start.duration(to: .now))
    } catch {
      Issue.record("not a NetworkError: \(error)")
      return (nil, start.duration(to: .now))
    }
  }

  @Test("a provisioned subscriber reads back with its MSISDN and access on, through CTRL and in the HLR's database")
  func provisionThenReadBack() async throws {
    try await Self.withHLR { hlr, registry, _ in
      try await registry.provision(imsi: Self.imsi, msisdn: Self.msisdn)
      let registered = try await registry.subscriber(imsi: Self.imsi)
      #expect(registered.imsi == Self.imsi)
      #expect(registered.msisdn == Self.msisdn)
      #expect(registered.csEnabled && registered.psEnabled)
      #expect(registered.vlrNumber == nil && registered.sgsnNumber == nil)  // no SIM has attached
      let stored = try await hlr.storedSubscriber(imsi: Self.imsi)
      #expect(stored == .init(imsi: Self.imsi, msisdn: Self.msisdn, namCS: true, namPS: true))
    }
  }

  @Test("provisioning again with the same MSISDN succeeds; with another it is refused and changes nothing")
  func provisionTwice() async throws {
    try await Self.withHLR { hlr, registry, _ in
      try await registry.provision(imsi: Self.imsi, msisdn: Self.msisdn)
      try await registry.provision(imsi: Self.imsi, msisdn: Self.msisdn)
      let (error, _) = await Self.outcome {
        try await registry.provision(imsi: Self.imsi, msisdn: "4915199999999")
      }
      #expect(error == .refused("the subscriber exists with another MSISDN"))
      #expect(try await registry.subscriber(imsi: Self.imsi).msisdn == Self.msisdn)
      #expect(try await hlr.storedSubscriber(imsi: Self.imsi)?.msisdn == Self.msisdn)
    }
  }

  @Test("an MSISDN that is another subscriber's is refused, and the new subscriber is not left behind")
  func msisdnTaken() async throws {
    try await Self.withHLR { hlr, registry, _ in
      try await registry.provision(imsi: Self.imsi, msisdn: Self.msisdn)
      let other = "901700000000002"
      let (error, _) = await Self.outcome {
        try await registry.provision(imsi: other, msisdn: Self.msisdn)
      }
      #expect(error == .refused("MSISDN \(Self.msisdn) belongs to another subscriber"))
      #expect(try await hlr.storedSubscriber(imsi: other) == nil)
      #expect(try await registry.subscriber(imsi: Self.imsi).msisdn == Self.msisdn)
    }
  }

  @Test("blocking switches CS and PS access off as osmo-hlr stores them; unblocking switches them on again")
  func blockAndUnblock() async throws {
    try await Self.withHLR { hlr, registry, control in
      try await registry.provision(imsi: Self.imsi, msisdn: Self.msisdn)

      try await registry.setAccess(imsi: Self.imsi, enabled: false)
      let blocked = try await registry.subscriber(imsi: Self.imsi)
      #expect(!blocked.csEnabled && !blocked.psEnabled)
      // The HLR's own variables, asked one by one, and its database row.
      #expect(try await control.get(OsmoHLRRegistry.variable(Self.imsi, "cs-enabled")) == .value("0"))
      #expect(try await control.get(OsmoHLRRegistry.variable(Self.imsi, "ps-enabled")) == .value("0"))
      #expect(
        try await hlr.storedSubscriber(imsi: Self.imsi)
          == .init(
            imsi: Self.imsi, msisdn: Self.msisdn, namCS: false, namPS: false))

      try await registry.setAccess(imsi: Self.imsi, enabled: true)
      let unblocked = try await registry.subscriber(imsi: Self.imsi)
      #expect(unblocked.csEnabled && unblocked.psEnabled)
      #expect(try await control.get(OsmoHLRRegistry.variable(Self.imsi, "cs-enabled")) == .value("1"))
      #expect(try await control.get(OsmoHLRRegistry.variable(Self.imsi, "ps-enabled")) == .value("1"))
      #expect(
        try await hlr.storedSubscriber(imsi: Self.imsi)
          == .init(
            imsi: Self.imsi, msisdn: Self.msisdn, namCS: true, namPS: true))
    }
  }

  @Test("an unknown IMSI is SUBSCRIBER_UNKNOWN for reading and blocking; removing one is fine")
  func unknownSubscriber() async throws {
    try await Self.withHLR { _, registry, _ in
      let unknown = "901700000000099"
      let (read, _) = await Self.outcome { _ = try await registry.subscriber(imsi: unknown) }
      #expect(read == .unknownSubscriber)
      #expect(read?.reason == "SUBSCRIBER_UNKNOWN")
      let (block, _) = await Self.outcome {
        try await registry.setAccess(imsi: unknown, enabled: false)
      }
      #expect(block == .unknownSubscriber)
      try await registry.remove(imsi: unknown)
    }
  }

  @Test("removing deletes the subscriber from the HLR")
  func remove() async throws {
    try await Self.withHLR { hlr, registry, _ in
      try await registry.provision(imsi: Self.imsi, msisdn: Self.msisdn)
      try await registry.remove(imsi: Self.imsi)
      let (read, _) = await Self.outcome { _ = try await registry.subscriber(imsi: Self.imsi) }
      #expect(read == .unknownSubscriber)
      #expect(try await hlr.storedSubscriber(imsi: Self.imsi) == nil)
      try await registry.remove(imsi: Self.imsi)
    }
  }

  static let badIMSIs = [
    "", "12345", "1234567890123456", "90170000000000a", "+90170000000001", " 901700000000001", "901700000000001 ",
    "90170000\n0000001", "901700000000001\nSET 9 subscriber.delete 901700000000002",
    // Digits, but not ASCII ones (full-width).
    "９０１７００００００００００１",
  ]
  static let badMSISDNs = ["", "+4915112345678", "4915 112345678", "1234567890123456", "49151\n1", "none", "4915ab"]

  @Test("malformed IMSIs and MSISDNs are refused before anything is sent")
  func malformedIdentities() async throws {
    // A client whose peer does not exist: anything sent would fail as NETWORK_UNAVAILABLE.
    let nowhere = OsmoHLRRegistry(control: OsmoControlClient(host: "127.0.0.1", port: try SMTPSink.freePort()))
    for imsi in Self.badIMSIs {
      let calls: [() async throws -> Void] = [
        { try await nowhere.provision(imsi: imsi, msisdn: Self.msisdn) },
        { try await nowhere.setAccess(imsi: imsi, enabled: false) },
        { _ = try await nowhere.subscriber(imsi: imsi) },
        { try await nowhere.remove(imsi: imsi) },
      ]
      for call in calls {
        let (error, _) = await Self.outcome(call)
        #expect(error == .refused("an IMSI is 6 to 15 digits"), "IMSI \(imsi.debugDescription)")
      }
    }
    for msisdn in Self.badMSISDNs {
      let (error, _) = await Self.outcome {
        try await nowhere.provision(imsi: Self.imsi, msisdn: msisdn)
      }
      #expect(error == .refused("an MSISDN is 1 to 15 digits"), "MSISDN \(msisdn.debugDescription)")
    }
    // The CTRL client itself refuses a line break or other control byte in a value.
    let (raw, _) = await Self.outcome {
      _ = try await nowhere.control.set("subscriber.delete", to: "1\nSET 2 subscriber.delete 2")
    }
    #expect(raw == .refused("a CTRL command holds printable ASCII only"))
  }

  @Test("command text smuggled in an IMSI reaches the real HLR neither as a command nor as data")
  func injectionDoesNotReachTheHLR() async throws {
    try await Self.withHLR { hlr, registry, _ in
      let victim = "901700000000002"
      try await registry.provision(imsi: victim, msisdn: Self.msisdn)
      for imsi in Self.badIMSIs {
        _ = await Self.outcome { try await registry.remove(imsi: imsi) }
        _ = await Self.outcome { try await registry.provision(imsi: imsi, msisdn: "1") }
      }
      #expect(try await registry.subscriber(imsi: victim).msisdn == Self.msisdn)
      #expect(try await hlr.storedSubscriber(imsi: victim) != nil)
    }
  }

  @Test(
    "while osmo-hlr is stopped calls fail as NETWORK_UNAVAILABLE promptly; after its restart they succeed, data kept")
  func outageAndRestart() async throws {
    try await Self.withHLR { hlr, registry, _ in
      try await registry.provision(imsi: Self.imsi, msisdn: Self.msisdn)
      try await registry.setAccess(imsi: Self.imsi, enabled: false)
      try await hlr.stop()
      let calls: [() async throws -> Void] = [
        { _ = try await registry.subscriber(imsi: Self.imsi) },
        { try await registry.setAccess(imsi: Self.imsi, enabled: true) },
        { try await registry.provision(imsi: "901700000000002", msisdn: "4915100000002") },
        { try await registry.remove(imsi: Self.imsi) },
      ]
      for call in calls {
        let (error, took) = await Self.outcome(call)
        #expect(error?.reason == "NETWORK_UNAVAILABLE", "\(String(describing: error))")
        // A refused connection is known at once; the bound leaves room for a loaded machine.
        #expect(took < .seconds(10), "a call during the outage took \(took)")
      }

      try await hlr.start()
      let registered = try await registry.subscriber(imsi: Self.imsi)
      #expect(registered.msisdn == Self.msisdn)
      #expect(!registered.csEnabled && !registered.psEnabled)
      try await registry.setAccess(imsi: Self.imsi, enabled: true)
      #expect(try await hlr.storedSubscriber(imsi: Self.imsi)?.namCS == true)
    }
  }

  @Test("an HLR that accepts the connection but never answers costs a call its request timeout, not a hang")
  func frozenHLR() async throws {
    try await Self.withHLR { hlr, _, _ in
      let control = OsmoControlClient(
        host: hlr.host, port: hlr.ctrlPort, requestTimeout: .milliseconds(500), connectTimeout: .seconds(2))
      let registry = OsmoHLRRegistry(control: control)
      try await registry.provision(imsi: Self.imsi, msisdn: Self.msisdn)
      try hlr.freeze()
      let (error, took) = await Self.outcome {
        _ = try await registry.subscriber(imsi: Self.imsi)
      }
      try hlr.resume()
      #expect(error == .unavailable("no reply within 500 ms"))
      #expect(took >= .milliseconds(500) && took < .seconds(10), "the call took \(took)")
      // The connection was given up; the next call opens a new one and is answered.
      #expect(try await registry.subscriber(imsi: Self.imsi).msisdn == Self.msisdn)
      await control.close()
    }
  }

  @Test("many concurrent requests on one connection each get their own reply")
  func concurrentRequests() async throws {
    try await Self.withHLR { _, registry, control in
      let subscribers: [(imsi: String, msisdn: String)] = (1...20).map { (index: Int) in
        let suffix = String(10_000 + index)
        return (imsi: "9017000000\(suffix)", msisdn: "49151000\(suffix)")
      }
      try await withThrowingTaskGroup(of: Void.self) { group in
        for subscriber in subscribers {
          group.addTask { try await registry.provision(imsi: subscriber.imsi, msisdn: subscriber.msisdn) }
        }
        try await group.waitForAll()
      }
      let asked = (0..<300).map { subscribers[$0 % subscribers.count] }
      let answers = try await withThrowingTaskGroup(of: (String, ControlReply).self) { group in
        for subscriber in asked {
          group.addTask {
            (subscriber.msisdn, try await control.get(OsmoHLRRegistry.variable(subscriber.imsi, "msisdn")))
          }
        }
        return try await group.reduce(into: []) { $0.append($1) }
      }
      #expect(answers.count == asked.count)
      for (expected, reply) in answers { #expect(reply == .value(expected)) }
    }
  }

  @Test("osmo-hlr's info reply is read field by field, including where the SIM is attached")
  func parseInfo() throws {
    // As osmo-hlr 1.5 prints it (src/ctrl.c, print_subscr_info) for an attached subscriber.
    let lines = [
      "", "id\t7", "imsi\t901700000000001", "msisdn\t4915112345678", "nam_cs\t0", "nam_ps\t1",
      "vlr_number\t4915100001", "sgsn_number\t4915100002", "ms_purged_cs\t0", "ms_purged_ps\t0",
      "periodic_lu_timer\t0", "periodic_rau_tau_timer\t0", "lmsi\t00000000",
    ]
    let info = lines.joined(separator: "\n")
    let registered = try OsmoHLRRegistry.parseInfo(info)
    #expect(
      registered
        == RegisteredSubscriber(
          imsi: "901700000000001", msisdn: "4915112345678", csEnabled: false, psEnabled: true,
          vlrNumber: "4915100001", sgsnNumber: "4915100002"))
  }
}
