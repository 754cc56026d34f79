public import RPC

extension ISPContract {
  // Plan charges Billing refused (docs/isp.md, "Charges Billing refused"; the messages are the
  // platform's, docs/platform.md).
  public static let listRefusedCharges: UnaryMethod<ListRefusedChargesRequest, ListRefusedChargesReply> = unary(
    "ListRefusedCharges", ISPPermission.plansRead,
    "Plan charges Billing refused, oldest refusal first, with Billing's reason; by account. Staff only.")
  public static let repostCharges: UnaryMethod<RepostChargesRequest, RepostChargesReply> = unary(
    "RepostCharges", ISPPermission.chargesPost,
    "Sends refused plan charges to Billing again once their cause is mended; each kept in the charge's history.")
  public static let listChargeReposts: UnaryMethod<ListChargeRepostsRequest, ListChargeRepostsReply> = unary(
    "ListChargeReposts", ISPPermission.plansRead,
    "Who sent which refused plan charges again, when and why; oldest first. Staff only.")

  static let refusedChargeMethods: [any ContractMethod] = [listRefusedCharges, repostCharges, listChargeReposts]
}
