public import RPC
public import WireCodec

/// Which water a meter measures (the seed's «Вода»: Хол / Гор).
public enum WaterKind: Int32, WireEnum, Sendable, CaseIterable {
  case unspecified = 0
  case cold = 1
  case hot = 2

  public static var wireFallback: WaterKind { .unspecified }
}

/// The seed's «Состояние водомера».
public enum MeterState: Int32, WireEnum, Sendable, CaseIterable {
  case unspecified = 0
  /// «Установлен».
  case installed = 1
  /// «Снят»: no readings are taken.
  case removed = 2

  public static var wireFallback: MeterState { .unspecified }
}

@WireMessage("Open a personal account on a Billing account: the contract is the account's customer.")
public struct CreateAccountRequest: Sendable, Hashable {
  @Field(1, "The Billing account's number, e.g. 00009177; its currency must be KZT") public var accountNumber: String
  @Field(2, "Tariff group, 1–999") public var tariffGroup: Int32
  @Field(3, "Recipient of the water supply charges («Получатель», в)") public var waterRecipient: String
  @Field(4, "Recipient of the sewerage charges («Получатель», к)") public var sewerRecipient: String
}

@WireMessage("A personal account of a contract.")
public struct UtilityAccount: Sendable, Hashable {
  @Field(1, "Personal account number (Billing's)") public var number: String
  @Field(2, "Contract number (the Billing customer's)") public var contractNumber: String
  @Field(3, "Payer: the customer's name") public var payer: String
  @Field(4, "Tariff group") public var tariffGroup: Int32
  @Field(5, "Recipient of water supply charges") public var waterRecipient: String
  @Field(6, "Recipient of sewerage charges") public var sewerRecipient: String
  @Field(7, "When it was opened") public var createdAt: UTCTimestamp
}

@WireMessage("Personal accounts, optionally of one contract; paged by number.")
public struct ListUtilityAccountsRequest: Sendable, Hashable {
  @Field(1, "Only this contract") public var contractNumber: String
  @Field(2, "Page: default 100, at most 1000") public var page: PageRequest
}

@WireMessage("A page of personal accounts.")
public struct ListUtilityAccountsReply: Sendable, Hashable {
  @Field(1, "Accounts, by number") public var accounts: [UtilityAccount]
  @Field(2, "Token for the next page; empty on the last") public var nextPageToken: String
}

@WireMessage("Install a meter on a personal account.")
public struct AddMeterRequest: Sendable, Hashable {
  @Field(1, "Personal account") public var accountNumber: String
  @Field(2, "Cold or hot water") public var water: WaterKind
  @Field(3, "Factory (serial) number; empty when the documents have not come yet") public var factoryNumber: String
  @Field(4, "Last verification (поверка) date") public var verifiedOn: CalendarDate?
  @Field(5, "Installation date") public var installedOn: CalendarDate?
  @Field(6, "Whole digits of the register, 4–10") public var digits: Int32
  @Field(7, "Decimals of the register, 0–3") public var decimals: Int32
  @Field(8, "A heat meter is installed («Установлен теплосчётчик»)") public var heatMeter: Bool
  @Field(9, "The register at installation, as printed (e.g. 00000145.554)") public var initialReading: String
  @Field(10, "Why (kept in the meter's history)") public var reason: String
}

@WireMessage("Change a meter's factory number, verification date or heat-meter flag.")
public struct ChangeMeterRequest: Sendable, Hashable {
  @Field(1, "Meter id") public var meterID: String
  @Field(2, "New factory number; empty keeps it") public var factoryNumber: String
  @Field(3, "New verification date; empty keeps it") public var verifiedOn: CalendarDate?
  @Field(4, "Set the heat-meter flag to heatMeter") public var setHeatMeter: Bool
  @Field(5, "The heat-meter flag, with setHeatMeter") public var heatMeter: Bool
  @Field(6, "Why (required)") public var reason: String
}

@WireMessage("Remove a meter: no readings are taken from it after.")
public struct RemoveMeterRequest: Sendable, Hashable {
  @Field(1, "Meter id") public var meterID: String
  @Field(2, "Removal date; today when empty") public var removedOn: CalendarDate?
  @Field(3, "Why (required)") public var reason: String
}

@WireMessage("A water meter.")
public struct Meter: Sendable, Hashable {
  @Field(1, "Meter id") public var id: String
  @Field(2, "Personal account") public var accountNumber: String
  @Field(3, "Cold or hot") public var water: WaterKind
  @Field(4, "Factory number; empty when missing") public var factoryNumber: String
  @Field(5, "Last verification date") public var verifiedOn: CalendarDate?
  @Field(6, "Next verification due: verifiedOn plus the water's interval (a setting)")
  public var verificationDue: CalendarDate?
  @Field(7, "Installed or removed") public var state: MeterState
  @Field(8, "Installation date") public var installedOn: CalendarDate?
  @Field(9, "Removal date") public var removedOn: CalendarDate?
  @Field(10, "Whole digits of the register") public var digits: Int32
  @Field(11, "Decimals of the register") public var decimals: Int32
  @Field(12, "A heat meter is installed") public var heatMeter: Bool
}

@WireMessage("A personal account's meters with their readings: the seed's «Показания приборов учёта».")
public struct MeterTableRequest: Sendable, Hashable {
  @Field(1, "Personal account") public var accountNumber: String
}

@WireMessage("One row of the meters table.")
public struct MeterTableRow: Sendable, Hashable {
  @Field(1, "The meter") public var meter: Meter
  @Field(2, "Date of the previous reading (before this month)") public var previousDate: CalendarDate?
  @Field(3, "Previous reading, as the register prints it") public var previousValue: String
  @Field(4, "Source of the previous reading") public var previousSource: ReadingSource
  @Field(5, "This month's reading, editable until the month is closed") public var currentValue: String
  @Field(6, "When this month's reading was given") public var submittedOn: CalendarDate?
  @Field(7, "Source of this month's reading") public var currentSource: ReadingSource
  @Field(8, "Status of this month's reading") public var currentStatus: ReadingStatus
}

@WireMessage("The meters table with the notices the cabinet shows under it.")
public struct MeterTable: Sendable, Hashable {
  @Field(1, "Personal account") public var accountNumber: String
  @Field(2, "Rows: installed meters first") public var rows: [MeterTableRow]
  @Field(3, "«Установлен теплосчётчик: Да» when any meter has a heat meter") public var heatMeter: Bool
  @Field(4, "Notices: the heat printout request, «Ваши показания в обработке!», the check reminder")
  public var notices: [String]
}

@WireMessage("A meter's history of changes.")
public struct MeterHistoryRequest: Sendable, Hashable {
  @Field(1, "Meter id") public var meterID: String
  @Field(2, "Page: default 100, at most 1000") public var page: PageRequest
}

@WireMessage("One change of a meter: who, when, what and why.")
public struct MeterChange: Sendable, Hashable {
  @Field(1, "Change id") public var id: Int64
  @Field(2, "What changed: added, changed, removed") public var action: String
  @Field(3, "The fields before, as JSON-like text") public var before: String
  @Field(4, "The fields after") public var after: String
  @Field(5, "Why") public var reason: String
  @Field(6, "Who") public var changedBy: String
  @Field(7, "When") public var changedAt: UTCTimestamp
}

@WireMessage("A page of a meter's history, oldest first.")
public struct MeterHistoryReply: Sendable, Hashable {
  @Field(1, "Changes") public var changes: [MeterChange]
  @Field(2, "Token for the next page") public var nextPageToken: String
}
