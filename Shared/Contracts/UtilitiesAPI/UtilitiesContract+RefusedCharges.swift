public import RPC

extension UtilitiesContract {
  // Month charges Billing refused (docs/utilities.md, "Charges Billing refused"; the messages
  // are the platform's, docs/platform.md).
  public static let listRefusedCharges: UnaryMethod<ListRefusedChargesRequest, ListRefusedChargesReply> = unary(
    "ListRefusedCharges", .permission(UtilitiesPermission.chargesRead),
    "Month charges Billing refused, oldest refusal first, with Billing's reason; by account. Staff only.")
  public static let repostCharges: UnaryMethod<RepostChargesRequest, RepostChargesReply> = unary(
    "RepostCharges", .permission(UtilitiesPermission.chargesPost),
    "Sends refused month charges to Billing again once their cause is mended; each kept in the charge's history.")
  public static let listChargeReposts: UnaryMethod<ListChargeRepostsRequest, ListChargeRepostsReply> = unary(
    "ListChargeReposts", .permission(UtilitiesPermission.chargesRead),
    "Who sent which refused month charges again, when and why; oldest first. Staff only.")

  static let refusedChargeMethods: [any ContractMethod] = [listRefusedCharges, repostCharges, listChargeReposts]
}
