public import RPC

/// The public contract of the Telecom service: what callers import to talk to it.
/// Reasons of the refusals and the permissions are listed in docs/telecom.md.
public enum TelecomContract {
  public static let serviceName = "abonent.telecom.Telecom"
  /// The documented default gRPC port (docs/configuration.md).
  public static let defaultPort = 7403

  static func unary<Request, Reply>(_ name: String, _ access: Access, _ doc: String) -> UnaryMethod<Request, Reply> {
    UnaryMethod(service: serviceName, name: name, access: access, doc: doc)
  }

  // SIM cards.
  public static let importSims: UnaryMethod<ImportSimsRequest, ImportSimsReply> = unary(
    "ImportSims", .permission(TelecomPermission.simsManage),
    "Imports SIMs from CSV (ICCID, MSISDN, IMSI, profile) into stock, provisioning each in the network; "
      + "per-line errors; idempotent by ICCID.")
  public static let assignSims: UnaryMethod<AssignSimsRequest, ListSimsReply> = unary(
    "AssignSims", .permission(TelecomPermission.simsManage),
    "Puts stock SIMs on a customer's personal account, giving them network access; all or none.")
  public static let getSim: UnaryMethod<GetSimRequest, Sim> = unary(
    "GetSim", .permission(TelecomPermission.simsRead), "One SIM (customers: their own organization's only).")
  public static let listSims: UnaryMethod<ListSimsRequest, ListSimsReply> = unary(
    "ListSims", .permission(TelecomPermission.simsRead),
    "SIMs filtered on any column, sorted, keyset-paged (default 100, at most 1000), with the total count.")
  public static let getSimColumns: UnaryMethod<GetSimColumnsRequest, SimColumns> = unary(
    "GetSimColumns", .permission(TelecomPermission.simsRead), "The SIM list columns the caller chose to show.")
  public static let setSimColumns: UnaryMethod<SimColumns, SimColumns> = unary(
    "SetSimColumns", .permission(TelecomPermission.simsRead), "Saves the SIM list columns the caller shows.")

  // Operations on one SIM.
  public static let blockSim: UnaryMethod<SimActionRequest, SimOperationReply> = unary(
    "BlockSim", .permission(TelecomPermission.simsBlock), "Blocks a SIM in the network.")
  public static let unblockSim: UnaryMethod<SimActionRequest, SimOperationReply> = unary(
    "UnblockSim", .permission(TelecomPermission.simsBlock), "Unblocks a SIM blocked by its customer or staff.")
  public static let rebootSim: UnaryMethod<SimActionRequest, SimOperationReply> = unary(
    "RebootSim", .permission(TelecomPermission.simsOperate), "Resets an active SIM's connectivity.")
  public static let refreshSim: UnaryMethod<SimActionRequest, SimOperationReply> = unary(
    "RefreshSim", .permission(TelecomPermission.simsOperate), "Reads the SIM's status from the network afresh.")
  public static let editSim: UnaryMethod<EditSimRequest, SimOperationReply> = unary(
    "EditSim", .permission(TelecomPermission.simsOperate), "Renames a SIM and sets its groups.")
  public static let setSimLimits: UnaryMethod<SetSimLimitsRequest, SimOperationReply> = unary(
    "SetSimLimits", .permission(TelecomPermission.simsOperate), "Sets a TC SIM's monthly caps (TC profile only).")
  public static let setSimPackage: UnaryMethod<SetSimPackageRequest, SimOperationReply> = unary(
    "SetSimPackage", .permission(TelecomPermission.simsOperate), "Sets a TD SIM's traffic package (TD profile only).")
  public static let retireSim: UnaryMethod<SimActionRequest, SimOperationReply> = unary(
    "RetireSim", .permission(TelecomPermission.simsManage), "Removes a SIM from the network for good.")
  public static let getSimOperation: UnaryMethod<GetSimOperationRequest, SimOperationRecord> = unary(
    "GetSimOperation", .permission(TelecomPermission.simsRead), "One operation, to follow a pending one.")
  public static let listSimOperations: UnaryMethod<ListSimOperationsRequest, ListSimOperationsReply> = unary(
    "ListSimOperations", .permission(TelecomPermission.simsRead), "A SIM's history of operations, newest first.")
  public static let availableSimOperations: UnaryMethod<AvailableSimOperationsRequest, AvailableSimOperationsReply> =
    unary(
      "AvailableSimOperations", .permission(TelecomPermission.simsRead),
      "The operations the caller may run on the given SIMs, with how many each would run on and why others are refused."
    )

  public static let contract = ServiceContract(
    name: serviceName,
    doc: "IoT SIM cards, the DID number pool, CDR rating, call locks and usage reports.",
    methods: [
      importSims, assignSims, getSim, listSims, getSimColumns, setSimColumns, blockSim, unblockSim, rebootSim,
      refreshSim, editSim, setSimLimits, setSimPackage, retireSim, getSimOperation, listSimOperations,
      availableSimOperations,
    ] + taskMethods + usageMethods + bulkMethods + quotaMethods + reportMethods + ratingMethods
      + callMethods + numberMethods + chargeMethods
  )
}
