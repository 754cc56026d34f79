public import RPC

extension TelecomContract {
  // Bulk operations on SIMs (docs/telecom.md, "Bulk operations"). Preview and Start need the
  // permission of the operation itself (as BlockSim, RebootSim, … do), so the contract asks
  // only for a token and Telecom checks the operation's permission; Get and List show the
  // caller's own bulk operations. Cancel is CancelTask.
  public static let previewBulkOperation: UnaryMethod<BulkOperationRequest, BulkOperationPreview> = unary(
    "PreviewBulkOperation", .authenticated,
    "What a bulk operation would do now: SIMs selected, how many it would run on, refusals by reason, "
      + "the first refused SIMs. Needs the operation's own permission.")
  public static let startBulkOperation: UnaryMethod<BulkOperationRequest, BulkOperation> = unary(
    "StartBulkOperation", .authenticated,
    "Freezes the selection and starts the operation as a background task (rate-limited, resumed after a restart); "
      + "returns it with the task id. Needs the operation's own permission.")
  public static let getBulkOperation: UnaryMethod<GetBulkOperationRequest, BulkOperation> = unary(
    "GetBulkOperation", .authenticated, "One of the caller's bulk operations, with its progress by SIM status.")
  public static let listBulkOperationItems: UnaryMethod<ListBulkOperationItemsRequest, ListBulkOperationItemsReply> =
    unary(
      "ListBulkOperationItems", .authenticated,
      "The SIMs of one of the caller's bulk operations with each one's result, by ICCID, paged, filtered by status.")

  static let bulkMethods: [any ContractMethod] = [
    previewBulkOperation, startBulkOperation, getBulkOperation, listBulkOperationItems,
  ]
}
