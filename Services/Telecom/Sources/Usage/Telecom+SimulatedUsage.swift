import RPC
import Storage
import TelecomAPI
import WireCodec

extension Telecom {
  /// Makes the simulator produce usage for a SIM, as traffic would in a real network; the
  /// collector then picks it up like any other. Served only with `simulatorControl` on.
  func simulateUsage(_ request: SimulateUsageRequest, caller: Caller) async throws -> SimulateUsageReply {
    try caller.require(TelecomPermission.usageSimulate)
    guard self.settings.simulatorControl else { throw TelecomError.simulatorControlOff }
    guard let simulator = self.network.services as? NetworkSimulator else {
      throw TelecomError.network(.unsupported("this network is not the simulator"))
    }
    let sim = try await self.database.withConnection { connection in
      try await self.sim(iccid: request.iccid, forUpdate: false, on: connection)
    }
    guard let sim else { throw TelecomError.simNotFound }
    let records: [UsageRecord]
    do {
      // The simulator joins a SIM when it is provisioned; one imported before this process
      // started (the simulator keeps no state across restarts) joins now.
      try? simulator.add(imsi: sim.imsi)
      records = try simulator.generateUsage(
        imsi: sim.imsi, count: Int(request.count), from: request.from, through: request.through)
    } catch {
      throw TelecomError.network(error)
    }
    return SimulateUsageReply(
      records: records.map { record in
        SimulatedUsageRecord(
          id: record.id, kind: record.kind.rawValue, start: record.start, end: record.end, quantity: record.quantity,
          costMinor: record.costMinor, currency: record.currency, peer: record.peer, network: record.operator,
          country: record.country)
      })
  }
}
