import BillingAPI
import GRPCCore
import PostgresNIO
import RPC
import Storage
import TelecomAPI
import TelecomRules
import WireCodec

#if canImport(FoundationEssentials)
  import FoundationEssentials
#else
  import Foundation
#endif

/// Importing SIMs into stock and assigning them to accounts (docs/telecom.md, "Importing SIMs").
extension Telecom {
  /// Each valid line's SIM is provisioned in the network (access off) and then written
  /// `ready`; an ICCID already known with the same data is left alone, with other data it is
  /// refused. Provisioning is idempotent, so an import interrupted anywhere is simply run
  /// again. Lines are independent: one refused line never spoils another.
  func importSims(_ request: ImportSimsRequest, caller: Caller) async throws -> ImportSimsReply {
    try caller.require(TelecomPermission.simsManage)
    guard let file = SimImportFile(request.csv) else { throw TelecomError.fileTooLong }
    var checks = FieldChecks()
    checks.text(request.apn, field: "apn", name: "The APN", maximum: 100, required: false)
    try checks.check()
    let apn = request.apn.isEmpty ? self.settings.defaultAPN : request.apn
    var reply = ImportSimsReply(imported: 0, unchanged: 0, errors: file.refusals.map(Self.importError))
    for line in file.lines {
      func refuse(_ reason: String, _ message: String) {
        reply.errors.append(SimImportError(line: UInt32(line.number), reason: reason, message: message))
      }
      let known = try await self.database.withConnection { connection in
        try await connection.query(
          """
          SELECT iccid, msisdn, imsi, profile FROM sims
          WHERE iccid = \(line.iccid.digits) OR msisdn = \(line.msisdn) OR imsi = \(line.imsi)
          """, logger: self.logger
        ).decode((String, String, String, String).self).collect()
      }
      if let same = known.first(where: { $0.0 == line.iccid.digits }) {
        if same == (line.iccid.digits, line.msisdn, line.imsi, line.profile.rawValue) {
          reply.unchanged += 1
        } else {
          refuse("ICCID_CONFLICT", "The ICCID is known already with another MSISDN, IMSI or profile.")
        }
        continue
      }
      if let other = known.first {
        refuse(
          other.1 == line.msisdn ? "MSISDN_TAKEN" : "IMSI_TAKEN",
          "SIM \(other.0) has this \(other.1 == line.msisdn ? "MSISDN" : "IMSI") already.")
        continue
      }
      do {
        try await self.network.provision(imsi: line.imsi, msisdn: line.msisdn)
      } catch {
        refuse(error.reason, error.message)
        continue
      }
      do {
        _ = try await self.database.withConnection { connection in
          try await connection.query(
            """
            INSERT INTO sims (iccid, msisdn, imsi, profile, apn, state, created_at, updated_at)
            VALUES (\(line.iccid.digits), \(line.msisdn), \(line.imsi), \(line.profile.rawValue), \(apn), 'ready',
                    \(self.now), \(self.now))
            """, logger: self.logger)
        }
        reply.imported += 1
      } catch let error as TelecomError {
        // Another import took the MSISDN or IMSI meanwhile.
        refuse(error.reason, error.message)
      }
    }
    reply.errors.sort { $0.line < $1.line }
    return reply
  }

  static func importError(_ refusal: SimImportFile.Refusal) -> SimImportError {
    SimImportError(line: UInt32(refusal.line), reason: refusal.reason, message: refusal.message)
  }

  /// Puts stock SIMs on an account: all are checked first (one refusal refuses the call and
  /// changes nothing), then each is given network access as an operation of its own. With
  /// Billing reachable, the account is Billing's: it must exist and be open, and its customer's
  /// name and organization come from Billing (before any write, outside any transaction).
  func assignSims(_ request: AssignSimsRequest, caller: Caller) async throws -> ListSimsReply {
    try caller.require(TelecomPermission.simsManage)
    var checks = FieldChecks()
    checks.text(request.accountNumber, field: "accountNumber", name: "The account number", maximum: 64)
    if self.accounts == nil || !request.customerName.isEmpty {
      checks.text(request.customerName, field: "customerName", name: "The customer's name", maximum: 300)
    }
    if (self.accounts == nil || !request.organizationID.isEmpty) && UUID(uuidString: request.organizationID) == nil {
      checks.add("organizationID", "INVALID", "The organization is a UUID.")
    }
    if request.iccids.isEmpty || request.iccids.count > Self.maximumSelection {
      checks.add("iccids", "COUNT", "Name 1 to \(Self.maximumSelection) SIMs.")
    }
    try checks.check()
    let owner = try await self.accountOwner(request)
    let iccids = Array(Set(request.iccids)).sorted()
    let sims = try await self.database.withConnection { connection in
      try await connection.query(
        "SELECT \(unescaped: SimRow.columns) FROM sims s WHERE s.iccid = ANY(\(iccids))", logger: self.logger
      ).decode(SimRow.Row.self).collect().map(SimRow.init)
    }
    guard sims.count == iccids.count else { throw TelecomError.simNotFound }
    if try await self.database.withConnection({ try await self.isDebtBlocked(request.accountNumber, on: $0) }) {
      throw TelecomError.refused(.blockedForDebt)
    }
    for sim in sims {
      if case .failure(let refusal) = SimLifecycle.apply(.assign, to: sim.status) {
        throw TelecomError(
          code: .failedPrecondition, reason: refusal.reason, message: "SIM \(sim.iccid): \(refusal.message)")
      }
    }
    let values = OperationValues(
      accountNumber: request.accountNumber, customerName: owner.customerName, organizationID: owner.organizationID,
      detail: "account: \(request.accountNumber)")
    var assigned: [Sim] = []
    for sim in sims {
      let reply = try await self.run(
        .assign, iccid: sim.iccid, caller: caller, permission: TelecomPermission.simsManage, comment: "",
        values: values)
      assigned.append(reply.sim)
    }
    return ListSimsReply(sims: assigned, nextPageToken: "", total: UInt64(assigned.count))
  }

  /// Whose the account is: Billing's answer when Telecom reaches Billing (unknown, closed or
  /// blocked accounts refused; a given organization must be the customer's), else the caller's.
  func accountOwner(_ request: AssignSimsRequest) async throws -> (customerName: String, organizationID: UUID?) {
    guard let accounts = self.accounts else {
      return (request.customerName, UUID(uuidString: request.organizationID))
    }
    guard let account = try await accounts.account(request.accountNumber) else { throw TelecomError.accountNotFound }
    switch account.status {
    case .closed: throw TelecomError.accountClosed
    case .blocked: throw TelecomError.refused(.blockedForDebt)
    case .active, .unspecified: break
    }
    let given = UUID(uuidString: request.organizationID)
    if let known = account.organizationID, let given, known != given { throw TelecomError.organizationMismatch }
    guard let organization = account.organizationID ?? given else {
      throw ValidationFailure([
        FieldViolation(
          "organizationID", "REQUIRED", "Billing does not know the customer's Identity organization yet: give it.")
      ])
    }
    return (account.customerName, organization)
  }
}
