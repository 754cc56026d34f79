public import RPC

/// The public contract of the Utilities service: what callers import to talk to it.
/// Reasons of the refusals and the permissions are listed in docs/utilities.md.
public enum UtilitiesContract {
  public static let serviceName = "abonent.utilities.Utilities"
  /// The documented default gRPC port (docs/configuration.md).
  public static let defaultPort = 7404

  static func unary<Request, Reply>(_ name: String, _ access: Access, _ doc: String) -> UnaryMethod<Request, Reply> {
    UnaryMethod(service: serviceName, name: name, access: access, doc: doc)
  }

  // Accounts and meters.
  public static let createAccount: UnaryMethod<CreateAccountRequest, UtilityAccount> = unary(
    "CreateAccount", .permission(UtilitiesPermission.accountsManage),
    "Opens a personal account on a KZT account of Billing, whose customer is the contract; idempotent by number.")
  public static let listAccounts: UnaryMethod<ListUtilityAccountsRequest, ListUtilityAccountsReply> = unary(
    "ListAccounts", .permission(UtilitiesPermission.metersRead),
    "Personal accounts by number, optionally of one contract (customers: their own); paged.")
  public static let addMeter: UnaryMethod<AddMeterRequest, Meter> = unary(
    "AddMeter", .permission(UtilitiesPermission.metersManage),
    "Installs a meter on an account, with its register and first reading; kept in its history.")
  public static let changeMeter: UnaryMethod<ChangeMeterRequest, Meter> = unary(
    "ChangeMeter", .permission(UtilitiesPermission.metersManage),
    "Sets a meter's factory number, verification date or heat-meter flag, with a reason; kept in its history.")
  public static let removeMeter: UnaryMethod<RemoveMeterRequest, Meter> = unary(
    "RemoveMeter", .permission(UtilitiesPermission.metersManage),
    "Marks a meter removed («Снят»): it takes no readings after; kept in its history.")
  public static let meterTable: UnaryMethod<MeterTableRequest, MeterTable> = unary(
    "MeterTable", .permission(UtilitiesPermission.metersRead),
    "The seed's meters table of an account: previous and current readings, sources, states, notices.")
  public static let meterHistory: UnaryMethod<MeterHistoryRequest, MeterHistoryReply> = unary(
    "MeterHistory", .permission(UtilitiesPermission.metersRead), "Who changed a meter, when, how and why; paged.")

  // Readings.
  public static let submitReadings: UnaryMethod<SubmitReadingsRequest, SubmitReadingsReply> = unary(
    "SubmitReadings", .permission(UtilitiesPermission.readingsSubmit),
    "«Передать показания»: this month's readings, validated; all registered or none, with the seed's refusals.")
  public static let importReadings: UnaryMethod<ImportReadingsRequest, ImportReadingsReply> = unary(
    "ImportReadings", .permission(UtilitiesPermission.readingsImport),
    "Inspectors' or other systems' readings from CSV; all lines or none; idempotent by external id.")
  public static let reviewReading: UnaryMethod<ReviewReadingRequest, Reading> = unary(
    "ReviewReading", .permission(UtilitiesPermission.readingsReview),
    "Accepts a held reading for billing, or rejects it, with a comment.")
  public static let listReadings: UnaryMethod<ListReadingsRequest, ListReadingsReply> = unary(
    "ListReadings", .permission(UtilitiesPermission.metersRead), "An account's readings, newest first; paged.")

  // Tariffs and charges.
  public static let setTariff: UnaryMethod<SetTariffRequest, WaterTariff> = unary(
    "SetTariff", .permission(UtilitiesPermission.tariffsManage),
    "Sets a tariff group's price per m³ of water or sewer from a date; a month already closed keeps its prices.")
  public static let listTariffs: UnaryMethod<ListTariffsRequest, ListTariffsReply> = unary(
    "ListTariffs", .permission(UtilitiesPermission.metersRead), "Tariffs with who set them; paged.")
  public static let closeMonth: UnaryMethod<CloseMonthRequest, CloseMonthReply> = unary(
    "CloseMonth", .permission(UtilitiesPermission.chargesPost),
    "Charges a month's consumption per account and service with VAT, and posts it to Billing once.")
  public static let chargeBreakdown: UnaryMethod<ChargeBreakdownRequest, ChargeBreakdown> = unary(
    "ChargeBreakdown", .permission(UtilitiesPermission.chargesRead),
    "«Расшифровка начислений» of a contract for a month (default the previous one).")
  public static let chargeBreakdownPDF: UnaryMethod<ChargeBreakdownRequest, UtilitiesDocument> = unary(
    "ChargeBreakdownPDF", .permission(UtilitiesPermission.chargesRead), "The breakdown as PDF («Скачать отчет»).")
  public static let sendChargeBreakdown: UnaryMethod<SendChargeBreakdownRequest, SendReply> = unary(
    "SendChargeBreakdown", .permission(UtilitiesPermission.chargesRead),
    "Mails the breakdown's PDF («Отправить отчет на почту»).")

  // Settlements and notices.
  public static let settlementState: UnaryMethod<SettlementStateRequest, SettlementState> = unary(
    "SettlementState", .permission(UtilitiesPermission.chargesRead),
    "«Состояние взаиморасчетов»: each account's balance in Billing.")
  public static let reconciliation: UnaryMethod<ReconciliationRequest, Reconciliation> = unary(
    "Reconciliation", .permission(UtilitiesPermission.chargesRead),
    "«Сверка взаиморасчетов»: Billing's statement of an account for a period.")
  public static let reconciliationPDF: UnaryMethod<ReconciliationRequest, UtilitiesDocument> = unary(
    "ReconciliationPDF", .permission(UtilitiesPermission.chargesRead), "The reconciliation statement as PDF.")
  public static let getInvoiceNotice: UnaryMethod<InvoiceNoticeRequest, InvoiceNotice> = unary(
    "GetInvoiceNotice", .permission(UtilitiesPermission.chargesRead),
    "Whether a contract gets its monthly charges by e-mail, and where.")
  public static let setInvoiceNotice: UnaryMethod<SetInvoiceNoticeRequest, InvoiceNotice> = unary(
    "SetInvoiceNotice", .permission(UtilitiesPermission.noticesManage),
    "«Редактирование подписки»: the monthly charges by e-mail on or off.")

  public static let contract = ServiceContract(
    name: serviceName,
    doc: "Water meters, readings, charges and settlements of a water utility's legal entities.",
    methods: [
      createAccount, listAccounts, addMeter, changeMeter, removeMeter, meterTable, meterHistory, submitReadings,
      importReadings, reviewReading, listReadings, setTariff, listTariffs, closeMonth, chargeBreakdown,
      chargeBreakdownPDF, sendChargeBreakdown, settlementState, reconciliation, reconciliationPDF, getInvoiceNotice,
      setInvoiceNotice,
    ] + refusedChargeMethods
  )
}
