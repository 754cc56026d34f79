public import RPC

extension TelecomContract {
  public static let setQuota: UnaryMethod<SetQuotaRequest, Quota> = unary(
    "SetQuota", .permission(TelecomPermission.simsOperate),
    "Sets a monthly usage threshold on a SIM or a group, with its action (notify, or block).")
  public static let listQuotas: UnaryMethod<ListQuotasRequest, ListQuotasReply> = unary(
    "ListQuotas", .permission(TelecomPermission.simsRead), "Quotas (customers: their organization's), paged.")
  public static let deleteQuota: UnaryMethod<DeleteQuotaRequest, Quota> = unary(
    "DeleteQuota", .permission(TelecomPermission.simsOperate), "Removes a quota; returns what it was.")

  static let quotaMethods: [any ContractMethod] = [setQuota, listQuotas, deleteQuota]
}
