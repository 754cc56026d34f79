import Foundation
import GRPCCore
import Logging
import PostgresNIO
import RPC
import Storage
import TelecomAPI
import TestSupport
import Testing
import WireCodec

/// Operations and the network: one operation per SIM waits for the network at a time, and an
/// operation a replica left pending (it died between recording it and recording the
/// network's answer) is finished by the recovery job with the same id.
@Suite(
  "SIM operations left pending",
  .enabled(
    if: TestDatabase.isAvailable && PrivateOsmoHLR.canStart,
    "needs the test PostgreSQL and osmo-hlr (scripts/test.sh provides both)"))
struct SimOperationRecoveryTests {
  @Test("a second operation while the first waits for the network is refused as SIM_OPERATION_PENDING")
  func onePendingPerSim() async throws {
    // 10 s of network latency: the second call must reach the database while the first still
    // waits, however loaded the machine (2 s was not always enough with every suite running).
    try await TelecomTestbed.with(settings: ["abonent.telecom.simulatorLatency": "10s"]) { bed in
      let token = try await TelecomTestbed.staffToken()
      let iccids = try await bed.importSims(70...70)
      try await bed.assign(iccids, account: "AC-700", organization: UUID().uuidString)
      async let first = bed.call(
        TelecomContract.rebootSim, SimActionRequest(iccid: iccids[0], comment: ""), token: token)
      // The second goes once the first is recorded and waits for the network (a fixed pause
      // lost that race when the whole suite loads the machine).
      try await eventually("the first reboot pending") {
        try await bed.call(
          TelecomContract.listSimOperations, ListSimOperationsRequest(iccid: iccids[0]), token: token
        ).operations.contains { $0.kind == .reboot && $0.status == .pending }
      }
      let second = await bed.refusal {
        _ = try await bed.call(TelecomContract.rebootSim, SimActionRequest(iccid: iccids[0], comment: ""), token: token)
      }
      #expect(second?.code == .failedPrecondition && second?.reason == "SIM_OPERATION_PENDING")
      #expect(try await first.operation.status == .done)
      // Once the first is done the SIM takes operations again.
      let third = try await bed.call(
        TelecomContract.blockSim, SimActionRequest(iccid: iccids[0], comment: ""), token: token)
      #expect(third.sim.state == .blocked)
    }
  }

  @Test("a block recorded but never sent (the replica died) is carried out by the recovery job, once")
  func recoveryJob() async throws {
    try await TelecomTestbed.with(settings: ["abonent.telecom.operationRecoveryAfter": "1s"]) { bed in
      let token = try await TelecomTestbed.staffToken()
      let iccids = try await bed.importSims(71...71)
      try await bed.assign(iccids, account: "AC-710", organization: UUID().uuidString)
      // What a replica leaves when it dies after step 1: the operation pending with what the
      // SIM becomes, and its recovery job.
      let id = UUID()
      try await TestDatabase.running(bed.database) { database in
        try await database.withConnection { connection in
          try await connection.query(
            """
            INSERT INTO sim_operations (id, iccid, kind, status, after_state, network_action, actor, created_at)
            VALUES (\(id), \(iccids[0]), 'block', 'pending', 'blocked', 'access_off', 'staff:staff-1', now())
            """, logger: database.logger)
          _ = try await JobQueue.enqueue(
            JobRequest(kind: "telecom.sim-operation", key: id.uuidString, runAt: .now), on: connection,
            logger: database.logger)
        }
      }
      #expect(try await bed.hlr.storedSubscriber(imsi: TelecomTestbed.imsi(71))?.namPS == true)
      var record = try await bed.call(
        TelecomContract.getSimOperation, GetSimOperationRequest(id: id.uuidString), token: token)
      let deadline = ContinuousClock.now + .seconds(30)
      while record.status == .pending && ContinuousClock.now < deadline {
        try await Task.sleep(for: .milliseconds(100))
        record = try await bed.call(
          TelecomContract.getSimOperation, GetSimOperationRequest(id: id.uuidString), token: token)
      }
      #expect(record.status == .done && record.attempts == 1)
      let sim = try await bed.call(TelecomContract.getSim, GetSimRequest(iccid: iccids[0]), token: token)
      #expect(sim.state == .blocked)
      let stored = try #require(try await bed.hlr.storedSubscriber(imsi: TelecomTestbed.imsi(71)))
      #expect(!stored.namCS && !stored.namPS)
    }
  }
}
