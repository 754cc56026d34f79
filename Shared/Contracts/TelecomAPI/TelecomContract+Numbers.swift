public import RPC

extension TelecomContract {
  // The DID number pool.
  public static let importNumbers: UnaryMethod<ImportNumbersRequest, ImportNumbersReply> = unary(
    "ImportNumbers", .permission(TelecomPermission.numbersManage),
    "Adds numbers to the pool from CSV, all lines or none; numbers already there are left as they are.")
  public static let searchNumbers: UnaryMethod<SearchNumbersRequest, SearchNumbersReply> = unary(
    "SearchNumbers", .permission(TelecomPermission.numbersRead),
    "The pool by mask, region, provider, status, non-target class and sale availability; 100 shown by default, "
      + "at most 5,000.")
  public static let getNumber: UnaryMethod<GetNumberRequest, DidNumber> = unary(
    "GetNumber", .permission(TelecomPermission.numbersRead), "One number with its class and availability today.")
  public static let numberHistory: UnaryMethod<NumberHistoryRequest, NumberHistoryReply> = unary(
    "NumberHistory", .permission(TelecomPermission.numbersRead),
    "Every change of a number: who, when, from which status to which.")
  public static let numberStatistics: UnaryMethod<NumberStatisticsRequest, NumberStatisticsReply> = unary(
    "NumberStatistics", .permission(TelecomPermission.numbersRead),
    "A number's non-target calls per day (calls, unique callers, last call) and unique callers over the cooling "
      + "period.")
  public static let importNonTargetStatistics:
    UnaryMethod<ImportNonTargetStatisticsRequest, ImportNonTargetStatisticsReply> = unary(
      "ImportNonTargetStatistics", .permission(TelecomPermission.numbersManage),
      "Stores daily non-target statistics counted elsewhere; days the CDRs already give are kept as they are.")
  public static let changeNumberDetails: UnaryMethod<ChangeNumberDetailsRequest, DidNumber> = unary(
    "ChangeNumberDetails", .permission(TelecomPermission.numbersManage),
    "Changes a number's region, provider, place of service and FMTN flag, kept in its history; its class follows "
      + "at once.")
  public static let forceNumberSale: UnaryMethod<ForceNumberSaleRequest, DidNumber> = unary(
    "ForceNumberSale", .permission(TelecomPermission.numbersForce),
    "Makes a number sellable whatever its non-target calls (or takes that back); only numbers of the operator's "
      + "own providers.")
  public static let reserveNumber: UnaryMethod<ReserveNumberRequest, DidNumber> = unary(
    "ReserveNumber", .permission(TelecomPermission.numbersManage),
    "Attaches a sellable number to a New Billing subscription; unpaid after 8 business days, the nightly cycle "
      + "closes it and frees the number.")
  public static let requestNumberRelease: UnaryMethod<RequestNumberReleaseRequest, NumberReleaseRequest> = unary(
    "RequestNumberRelease", .permission(TelecomPermission.numbersManage),
    "Asks for an unsellable number to be released: with 6 or more unique callers the customer's consent comes "
      + "first.")
  public static let recordReleaseConsent: UnaryMethod<RecordReleaseConsentRequest, NumberReleaseRequest> = unary(
    "RecordReleaseConsent", .permission(TelecomPermission.numbersManage),
    "Records the customer's consent to the non-target calls; the request then waits for approval.")
  public static let decideNumberRelease: UnaryMethod<DecideNumberReleaseRequest, NumberReleaseRequest> = unary(
    "DecideNumberRelease", .permission(TelecomPermission.numbersApproveRelease),
    "Approves a release request (the number becomes forced for sale) or rejects it.")
  public static let listNumberReleases: UnaryMethod<ListNumberReleasesRequest, ListNumberReleasesReply> = unary(
    "ListNumberReleases", .permission(TelecomPermission.numbersRead), "Release requests by state and number.")
  public static let findCustomerByNumber: UnaryMethod<FindCustomerByNumberRequest, FindCustomerByNumberReply> = unary(
    "FindCustomerByNumber", .permission(TelecomPermission.numbersRead),
    "The account and Billing customer a phone number belongs to.")
  public static let runNumberCycle: UnaryMethod<RunNumberCycleRequest, RunNumberCycleReply> = unary(
    "RunNumberCycle", .permission(TelecomPermission.numbersManage),
    "Runs the pool's nightly cycle now: rested Archive numbers to Free, unpaid reservations closed.")
  public static let exportNumbers: UnaryMethod<ExportNumbersRequest, ExportNumbersReply> = unary(
    "ExportNumbers", .permission(TelecomPermission.numbersRead),
    "Exports a search to XLSX in Downloads; free numbers only with an availability filter.")

  static let numberMethods: [any ContractMethod] = [
    importNumbers, searchNumbers, getNumber, changeNumberDetails, numberHistory, numberStatistics,
    importNonTargetStatistics,
    forceNumberSale, reserveNumber, requestNumberRelease, recordReleaseConsent, decideNumberRelease,
    listNumberReleases, findCustomerByNumber, runNumberCycle, exportNumbers,
  ]
}
