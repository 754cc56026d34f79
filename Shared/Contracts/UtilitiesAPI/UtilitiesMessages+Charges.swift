public import RPC
public import WireCodec

#if canImport(FoundationEssentials)
  public import FoundationEssentials
#else
  public import Foundation
#endif

/// The two services charged (the seed's «в/к»).
public enum UtilityService: Int32, WireEnum, Sendable, CaseIterable {
  case unspecified = 0
  /// «в»: water supply, on cold-water meters.
  case water = 1
  /// «к»: sewerage, on cold- and hot-water meters.
  case sewer = 2

  public static var wireFallback: UtilityService { .unspecified }
}

@WireMessage("A tariff group's price per m³ of one service, without VAT, from a date on.")
public struct SetTariffRequest: Sendable, Hashable {
  @Field(1, "Tariff group, 1–999") public var tariffGroup: Int32
  @Field(2, "Water or sewer") public var service: UtilityService
  @Field(3, "First day it applies") public var validFrom: CalendarDate?
  @Field(4, "Tenge per m³ without VAT, 2 decimals at most, e.g. 197.02") public var price: ExactDecimal
  @Field(5, "Why (the regulator's order)") public var reason: String
}

@WireMessage("A tariff.")
public struct WaterTariff: Sendable, Hashable {
  @Field(1, "Tariff group") public var tariffGroup: Int32
  @Field(2, "Service") public var service: UtilityService
  @Field(3, "First day") public var validFrom: CalendarDate
  @Field(4, "Tenge per m³ without VAT") public var price: ExactDecimal
  @Field(5, "Why") public var reason: String
  @Field(6, "Who set it") public var setBy: String
  @Field(7, "When") public var setAt: UTCTimestamp
}

@WireMessage("Tariffs, optionally of one group; paged.")
public struct ListTariffsRequest: Sendable, Hashable {
  @Field(1, "Only this group; 0 for all") public var tariffGroup: Int32
  @Field(2, "Page: default 100, at most 1000") public var page: PageRequest
}

@WireMessage("A page of tariffs, by group, service and date.")
public struct ListTariffsReply: Sendable, Hashable {
  @Field(1, "Tariffs") public var tariffs: [WaterTariff]
  @Field(2, "Token for the next page") public var nextPageToken: String
}

@WireMessage("Close a month: consumption per meter becomes charges per account and service, posted to Billing.")
public struct CloseMonthRequest: Sendable, Hashable {
  @Field(1, "Year") public var year: Int32
  @Field(2, "Month, 1–12; only a month that has ended") public var month: Int32
}

@WireMessage("What a month close did; a second close of the same month adds nothing.")
public struct CloseMonthReply: Sendable, Hashable {
  @Field(1, "Accounts charged by this run") public var accountsCharged: Int32
  @Field(2, "Accounts already charged for the month (by an earlier run)") public var accountsAlreadyClosed: Int32
  @Field(3, "Meters without a reading, estimated from their history") public var metersEstimated: Int32
  @Field(4, "Readings held for review, not billed") public var readingsHeld: Int32
  @Field(5, "Accounts not charged, with why (no tariff, VAT unknown)") public var failures: [CloseFailure]
  @Field(6, "Charges sent to Billing by now (the rest go as soon as Billing answers)") public var postedToBilling: Int32
}

@WireMessage("An account a month close could not charge.")
public struct CloseFailure: Sendable, Hashable {
  @Field(1, "Personal account") public var accountNumber: String
  @Field(2, "Reason code") public var reason: String
  @Field(3, "What is missing") public var message: String
}

@WireMessage("The seed's «Расшифровка начислений» of a contract for a month.")
public struct ChargeBreakdownRequest: Sendable, Hashable {
  @Field(1, "Contract number; a customer's own contract when empty") public var contractNumber: String
  @Field(2, "Year; with month 0, the previous month") public var year: Int32
  @Field(3, "Month 1–12; 0 for the previous month") public var month: Int32
}

@WireMessage("One row of the breakdown: an account's service.")
public struct BreakdownRow: Sendable, Hashable {
  @Field(1, "«№»: the account's position, on its first row only") public var position: Int32
  @Field(2, "«Лицевой счёт», on the first row only") public var accountNumber: String
  @Field(3, "«Получатель»") public var recipient: String
  @Field(4, "«Тар. гр.», on the first row only") public var tariffGroup: Int32
  @Field(5, "«в/к»") public var service: UtilityService
  @Field(6, "«М. куб»") public var cubicMetres: ExactDecimal
  @Field(7, "«Тариф», tenge per m³ without VAT") public var tariff: ExactDecimal
  @Field(8, "«НДС, %», on the first row only") public var vatPercent: ExactDecimal
  @Field(9, "«Сумма, тг»: with VAT") public var sum: ExactDecimal
  @Field(10, "The sum without VAT") public var net: ExactDecimal
  @Field(11, "The VAT in it") public var vat: ExactDecimal
  @Field(12, "The m³ include an estimate (no reading came)") public var estimated: Bool
}

@WireMessage("«Расшифровка по получателям»: year, month, contract, payer, rows, total.")
public struct ChargeBreakdown: Sendable, Hashable {
  @Field(1, "Year") public var year: Int32
  @Field(2, "Month") public var month: Int32
  @Field(3, "Month's name, e.g. Ноябрь") public var monthName: String
  @Field(4, "Contract number") public var contractNumber: String
  @Field(5, "Payer") public var payer: String
  @Field(6, "Rows: per account, water then sewer") public var rows: [BreakdownRow]
  @Field(7, "«Итог»: the sum of the rows") public var total: ExactDecimal
  @Field(8, "False when the month is not closed yet: the rows are then empty") public var closed: Bool
}

@WireMessage("A rendered document.")
public struct UtilitiesDocument: Sendable, Hashable {
  @Field(1, "File name") public var fileName: String
  @Field(2, "Media type") public var mediaType: String
  @Field(3, "The file") public var content: Data
}

@WireMessage("Send the breakdown's PDF by e-mail.")
public struct SendChargeBreakdownRequest: Sendable, Hashable {
  @Field(1, "Which breakdown") public var breakdown: ChargeBreakdownRequest
  @Field(2, "To this address; the contract's notice address when empty") public var email: String
}

@WireMessage("The mail is queued.")
public struct SendReply: Sendable, Hashable {
  @Field(1, "The address it goes to") public var email: String
}

@WireMessage("«Состояние взаиморасчетов»: the balance of each account of a contract, from Billing.")
public struct SettlementStateRequest: Sendable, Hashable {
  @Field(1, "Contract number; a customer's own when empty") public var contractNumber: String
}

@WireMessage("One account's balance.")
public struct AccountSettlement: Sendable, Hashable {
  @Field(1, "Personal account") public var accountNumber: String
  @Field(2, "Balance in Billing; negative is a debt") public var balance: ExactDecimal
  @Field(3, "Currency") public var currency: String
}

@WireMessage("A contract's balances.")
public struct SettlementState: Sendable, Hashable {
  @Field(1, "Contract number") public var contractNumber: String
  @Field(2, "Payer") public var payer: String
  @Field(3, "Per account") public var accounts: [AccountSettlement]
  @Field(4, "The contract's total") public var total: ExactDecimal
}

@WireMessage("«Сверка взаиморасчетов»: a reconciliation statement of an account for a period.")
public struct ReconciliationRequest: Sendable, Hashable {
  @Field(1, "Personal account") public var accountNumber: String
  @Field(2, "First day") public var from: CalendarDate?
  @Field(3, "Last day; today when empty") public var to: CalendarDate?
}

@WireMessage("One line of the statement.")
public struct ReconciliationLine: Sendable, Hashable {
  @Field(1, "Value date") public var date: CalendarDate
  @Field(2, "What: the charge's or payment's text") public var description: String
  @Field(3, "Charged (debit)") public var charged: ExactDecimal
  @Field(4, "Paid (credit)") public var paid: ExactDecimal
  @Field(5, "Balance after") public var balanceAfter: ExactDecimal
}

@WireMessage("The statement: opening balance, charges and payments by date, closing balance.")
public struct Reconciliation: Sendable, Hashable {
  @Field(1, "Personal account") public var accountNumber: String
  @Field(2, "Contract number") public var contractNumber: String
  @Field(3, "Payer") public var payer: String
  @Field(4, "First day") public var from: CalendarDate
  @Field(5, "Last day") public var to: CalendarDate
  @Field(6, "Opening balance; negative is a debt") public var openingBalance: ExactDecimal
  @Field(7, "Lines by date") public var lines: [ReconciliationLine]
  @Field(8, "Total charged") public var totalCharged: ExactDecimal
  @Field(9, "Total paid") public var totalPaid: ExactDecimal
  @Field(10, "Closing balance") public var closingBalance: ExactDecimal
  @Field(11, "Currency") public var currency: String
}

@WireMessage("A contract's subscription to the monthly invoice notice («Получать счёт-извещение на email»).")
public struct InvoiceNoticeRequest: Sendable, Hashable {
  @Field(1, "Contract number; a customer's own when empty") public var contractNumber: String
}

@WireMessage("Subscribe or unsubscribe («Редактирование подписки»).")
public struct SetInvoiceNoticeRequest: Sendable, Hashable {
  @Field(1, "Contract number; a customer's own when empty") public var contractNumber: String
  @Field(2, "Send the monthly charges by e-mail") public var enabled: Bool
  @Field(3, "The address; required when enabled") public var email: String
}

@WireMessage("The subscription as it is.")
public struct InvoiceNotice: Sendable, Hashable {
  @Field(1, "Contract number") public var contractNumber: String
  @Field(2, "Subscribed") public var enabled: Bool
  @Field(3, "Address") public var email: String
  @Field(4, "Who changed it last") public var changedBy: String
  @Field(5, "When") public var changedAt: UTCTimestamp?
}
