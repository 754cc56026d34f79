public import RPC

extension TelecomContract {
  // Providers, rating plans and price lists.
  public static let createProvider: UnaryMethod<Provider, Provider> = unary(
    "CreateProvider", .permission(TelecomPermission.pricesManage), "Adds a provider; its created_at is ignored.")
  public static let listProviders: UnaryMethod<ListProvidersRequest, ListProvidersReply> = unary(
    "ListProviders", .permission(TelecomPermission.pricesRead), "Providers by code, paged.")
  public static let createRatingPlan: UnaryMethod<RatingPlan, RatingPlan> = unary(
    "CreateRatingPlan", .permission(TelecomPermission.pricesManage), "Adds a rating plan; its created_at is ignored.")
  public static let listRatingPlans: UnaryMethod<ListRatingPlansRequest, ListRatingPlansReply> = unary(
    "ListRatingPlans", .permission(TelecomPermission.pricesRead), "Rating plans by code, paged.")
  public static let setAccountRatingPlan: UnaryMethod<SetAccountRatingPlanRequest, AccountRatingPlan> = unary(
    "SetAccountRatingPlan", .permission(TelecomPermission.pricesManage),
    "Rates an account's calls by a rating plan from now on (the account is checked with Billing).")
  public static let importPriceList: UnaryMethod<ImportPriceListRequest, ImportPriceListReply> = unary(
    "ImportPriceList", .permission(TelecomPermission.pricesManage),
    "Replaces a price list by a new version from CSV, all rows or none, with per-line errors; "
      + "rating uses it at once.")

  // Call locks.
  public static let createLock: UnaryMethod<CreateLockRequest, CallLock> = unary(
    "CreateLock", .permission(TelecomPermission.locksManage), "Sets a lock on an account, or a global one.")
  public static let changeLock: UnaryMethod<ChangeLockRequest, CallLock> = unary(
    "ChangeLock", .permission(TelecomPermission.locksManage), "Changes a lock's prefix, provider or reason.")
  public static let deleteLock: UnaryMethod<DeleteLockRequest, CallLock> = unary(
    "DeleteLock", .permission(TelecomPermission.locksDelete), "Removes a lock; its history stays.")
  public static let listLocks: UnaryMethod<ListLocksRequest, ListLocksReply> = unary(
    "ListLocks", .permission(TelecomPermission.locksRead), "Locks in force on an account or globally, paged.")
  public static let lockHistory: UnaryMethod<LockHistoryRequest, LockHistoryReply> = unary(
    "LockHistory", .permission(TelecomPermission.locksRead), "Who created, changed and deleted a lock, and when.")

  // Decisions.
  public static let authorizeCall: UnaryMethod<AuthorizeCallRequest, AuthorizeCallReply> = unary(
    "AuthorizeCall", .permission(TelecomPermission.callsAuthorize),
    "Whether a call may be connected, answered from memory: provider and prices, or the lock or missing price.")
  public static let checkTariff: UnaryMethod<CheckTariffRequest, CheckTariffReply> = unary(
    "CheckTariff", .permission(TelecomPermission.pricesRead),
    "Every provider's retail and wholesale price for a destination, or why the call cannot be rated.")

  static let ratingMethods: [any ContractMethod] = [
    createProvider, listProviders, createRatingPlan, listRatingPlans, setAccountRatingPlan, importPriceList,
    createLock, changeLock, deleteLock, listLocks, lockHistory, authorizeCall, checkTariff,
  ]
}
