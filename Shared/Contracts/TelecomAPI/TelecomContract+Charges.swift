public import RPC

extension TelecomContract {
  // Charges Billing refused (docs/telecom.md, "Charges Billing refused").
  public static let listRefusedCharges: UnaryMethod<ListRefusedChargesRequest, ListRefusedChargesReply> = unary(
    "ListRefusedCharges", .permission(TelecomPermission.chargesRead),
    "Usage and call charges Billing refused, oldest refusal first, with Billing's reason; by account. 100 shown by "
      + "default, at most 1,000.")
  public static let repostCharges: UnaryMethod<RepostChargesRequest, RepostChargesReply> = unary(
    "RepostCharges", .permission(TelecomPermission.chargesManage),
    "Sends refused charges to Billing again once their cause is mended, to their account or to another of the "
      + "same currency; each move is kept in the charge's history.")
  public static let listChargeReposts: UnaryMethod<ListChargeRepostsRequest, ListChargeRepostsReply> = unary(
    "ListChargeReposts", .permission(TelecomPermission.chargesRead),
    "Who sent which refused charges again, when, why and to which account; oldest first.")

  static let chargeMethods: [any ContractMethod] = [listRefusedCharges, repostCharges, listChargeReposts]
}
