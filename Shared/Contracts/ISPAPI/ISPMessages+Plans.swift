public import RPC
public import WireCodec

/// A plan's life.
public enum PlanStatus: Int32, WireEnum, Sendable, CaseIterable {
  case unspecified = 0
  case active = 1
  case suspended = 2
  /// «Suspensão Temporária», where the setting allows it.
  case temporarilySuspended = 3
  case cancelled = 4

  public static var wireFallback: PlanStatus { .unspecified }
}

/// A composition line's direction.
public enum AdjustmentKind: Int32, WireEnum, Sendable, CaseIterable {
  case unspecified = 0
  case discount = 1
  case surcharge = 2

  public static var wireFallback: AdjustmentKind { .unspecified }
}

@WireMessage("A plan's address: its own, or the customer's default («PADRÃO»).")
public struct PlanAddress: Sendable, Hashable {
  @Field(1, "The address") public var address: PostalAddress
  @Field(2, "True while it follows the customer's record («PADRÃO»)") public var isDefault: Bool
}

@WireMessage("The plan's contract.")
public struct PlanContract: Sendable, Hashable {
  @Field(1, "First day") public var startsOn: CalendarDate?
  @Field(2, "Last day; open-ended when empty") public var endsOn: CalendarDate?
  @Field(3, "Template name, at most 100 characters") public var template: String
  @Field(4, "Penalty for early termination, in the plan's currency (changing it needs isp.penalties.edit)") public
    var penalty: ExactDecimal
}

@WireMessage(
  "A composition line: a discount or surcharge of a value or a percent of the plan's value, optionally only in some months since the first activation (progressive discounts)."
)
public struct PlanAdjustment: Sendable, Hashable {
  @Field(1, "Discount or surcharge") public var kind: AdjustmentKind
  @Field(2, "Value in the plan's currency; or") public var amount: ExactDecimal
  @Field(3, "Percent of the plan's value, 0–100, up to 2 decimals") public var percent: ExactDecimal
  @Field(4, "Applied: the seed's flag; refused while neither value nor percent is given") public var applied: Bool
  @Field(5, "First month (1 = the month of first activation) it applies; 0 = from the start") public
    var fromMonth: Int32
  @Field(6, "Last month it applies; 0 = for ever") public var toMonth: Int32
  @Field(7, "Description, at most 200 characters") public var description: String
}

@WireMessage("«Informação de Cobrança».")
public struct PlanBilling: Sendable, Hashable {
  @Field(1, "Payment method («Forma Pagamento»), at most 50 characters") public var paymentMethod: String
  @Field(2, "Due day, 1–28 (changing it needs isp.due_days.edit)") public var dueDay: Int32
  @Field(3, "Last closing date: set by invoicing (changing it needs isp.closing_dates.edit)") public
    var lastClosingOn: CalendarDate?
  @Field(4, "Composition: discounts (isp.discounts.grant) and surcharges, at most 20") public
    var adjustments: [PlanAdjustment]
}

@WireMessage("An IP address given to a plan from an access point's pool.")
public struct AssignedAddress: Sendable, Hashable {
  @Field(1, "Id") public var id: Int64
  @Field(2, "Access point") public var accessPointID: Int64
  @Field(3, "Address, e.g. 100.64.0.10") public var address: String
  @Field(4, "Mask, e.g. 255.255.255.0") public var mask: String
  @Field(5, "Gateway") public var gateway: String
  @Field(6, "A secondary address") public var secondary: Bool
  @Field(7, "MAC address, AA:BB:CC:DD:EE:FF; empty when none") public var mac: String
  @Field(8, "Download speed, kbit/s") public var downloadKbps: Int32
  @Field(9, "Upload speed, kbit/s") public var uploadKbps: Int32
  @Field(10, "Options enabled («Opções»)") public var options: [String]
  @Field(11, "WPA2 key, generated when WPA2 was selected") public var wpa2Key: String
}

@WireMessage("A customer's plan with its items.")
public struct Plan: Sendable, Hashable {
  @Field(1, "Id (UUID)") public var id: String
  @Field(2, "The plan's number for its customer, 1–999: the circuit name's last three digits") public
    var number: Int32
  @Field(3, "Billing customer id") public var customerID: String
  @Field(4, "Billing account number the plan is charged to") public var accountNumber: String
  @Field(5, "Plan type code") public var planType: String
  @Field(6, "Monthly value") public var value: ExactDecimal
  @Field(7, "Currency (the account's)") public var currency: String
  @Field(8, "«Referência do Plano»: tells the same plan at several addresses apart") public var reference: String
  @Field(9, "Installation address («PADRÃO-INSTALAÇÃO» by default)") public var installationAddress: PlanAddress
  @Field(10, "Billing address («PADRÃO» by default)") public var billingAddress: PlanAddress
  @Field(11, "Fiscal documents address («PADRÃO» by default)") public var fiscalAddress: PlanAddress
  @Field(12, "Franchise (data cap), GB; 0 = none") public var franchiseGB: Int32
  @Field(13, "First activation day") public var firstActivationOn: CalendarDate?
  @Field(14, "Contract") public var contract: PlanContract
  @Field(15, "Billing information") public var billing: PlanBilling
  @Field(16, "Status") public var status: PlanStatus
  @Field(17, "Circuit name; empty when none") public var circuit: String
  @Field(18, "Circuit notes") public var circuitNotes: String
  @Field(19, "Equipment linked (serial numbers)") public var equipment: [String]
  @Field(20, "RADIUS logins («Itens do Plano»)") public var logins: [String]
  @Field(21, "IP addresses") public var addresses: [AssignedAddress]
  @Field(22, "The plan this one replaced after «Mudar Plano»; empty otherwise") public var replacesPlanID: String
  @Field(23, "When added") public var createdAt: UTCTimestamp
  @Field(24, "Whether Billing has blocked the account for debt") public var debtBlocked: Bool
}

@WireMessage("Add a plan to a registered customer.")
public struct AddPlanRequest: Sendable, Hashable {
  @Field(1, "Billing customer id, registered here") public var customerID: String
  @Field(2, "Billing account of that customer the plan is charged to") public var accountNumber: String
  @Field(3, "Plan type code") public var planType: String
  @Field(4, "Value; the plan type's when zero (another value needs isp.plan_values.edit)") public
    var value: ExactDecimal
  @Field(5, "Reference, at most 100 characters") public var reference: String
  @Field(6, "Installation address; the customer's first when empty") public var installationAddress: PostalAddress?
  @Field(7, "Billing address; the customer's second (else first) when empty") public var billingAddress: PostalAddress?
  @Field(8, "Fiscal address; the customer's second (else first) when empty") public var fiscalAddress: PostalAddress?
  @Field(9, "Franchise GB, 0–100000; the plan type's when zero") public var franchiseGB: Int32
  @Field(10, "Contract") public var contract: PlanContract
  @Field(11, "Billing information") public var billing: PlanBilling
  @Field(12, "Messages in this language: empty or en, or pt (the manual's Portuguese)") public var language: String
  @Field(13, "A RADIUS login created with the plan (required when the setting says so)") public var login: String
  @Field(14, "Its password, 8–64 characters; generated when empty") public var password: String
}

@WireMessage("One plan.")
public struct GetPlanRequest: Sendable, Hashable {
  @Field(1, "Plan id") public var planID: String
}

@WireMessage("Plans by customer, circuit or status; paged by creation.")
public struct ListPlansRequest: Sendable, Hashable {
  @Field(1, "Only this customer's") public var customerID: String
  @Field(2, "Circuit name, or its beginning («pesquisar pelo circuito»), case-insensitive") public var circuit: String
  @Field(3, "Only this status") public var status: PlanStatus
  @Field(4, "Page: default 100, at most 1000") public var page: PageRequest
}

@WireMessage("A page of plans.")
public struct ListPlansReply: Sendable, Hashable {
  @Field(1, "Plans") public var plans: [Plan]
  @Field(2, "Token for the next page; empty on the last") public var nextPageToken: String
}

@WireMessage("Edit a plan's data; what is not set stays.")
public struct EditPlanRequest: Sendable, Hashable {
  @Field(1, "Plan id") public var planID: String
  @Field(2, "Set the reference to `reference`") public var setReference: Bool
  @Field(3, "Reference") public var reference: String
  @Field(4, "A new installation address") public var installationAddress: PostalAddress?
  @Field(5, "A new billing address") public var billingAddress: PostalAddress?
  @Field(6, "A new fiscal address") public var fiscalAddress: PostalAddress?
  @Field(7, "Back to the customer's defaults («PADRÃO») for all three addresses") public var defaultAddresses: Bool
  @Field(8, "Set the franchise to `franchiseGB`") public var setFranchise: Bool
  @Field(9, "Franchise GB, 0–100000") public var franchiseGB: Int32
  @Field(10, "Why, at most 500 characters") public var reason: String
}

@WireMessage("«Alterar Valor do Plano».")
public struct ChangePlanValueRequest: Sendable, Hashable {
  @Field(1, "Plan id") public var planID: String
  @Field(2, "New monthly value") public var value: ExactDecimal
  @Field(3, "Why") public var reason: String
}

@WireMessage(
  "«Mudar Plano»: the plan is cancelled and a new one of another type takes its logins and addresses, not its circuit.")
public struct ChangePlanRequest: Sendable, Hashable {
  @Field(1, "Plan id") public var planID: String
  @Field(2, "New plan type") public var planType: String
  @Field(3, "Value; the type's when zero (another needs isp.plan_values.edit)") public var value: ExactDecimal
  @Field(4, "Why") public var reason: String
}

@WireMessage("Suspend a plan.")
public struct SuspendPlanRequest: Sendable, Hashable {
  @Field(1, "Plan id") public var planID: String
  @Field(2, "«Suspensão Temporária» (only when the setting allows it)") public var temporary: Bool
  @Field(3, "Why") public var reason: String
  @Field(4, "Messages in this language: empty or en, or pt") public var language: String
}

@WireMessage("A plan after a change of status, with the message the desk shows.")
public struct PlanStatusReply: Sendable, Hashable {
  @Field(1, "The plan") public var plan: Plan
  @Field(2, "E.g. «Plano suspenso com sucesso» in Portuguese") public var message: String
}

@WireMessage("An action on one plan.")
public struct PlanActionRequest: Sendable, Hashable {
  @Field(1, "Plan id") public var planID: String
  @Field(2, "Why, at most 500 characters") public var reason: String
}

@WireMessage("What cancelling a plan did.")
public struct CancelPlanReply: Sendable, Hashable {
  @Field(1, "The plan") public var plan: Plan
  @Field(2, "The customer was inactivated: it was their last plan and the setting says so") public
    var customerInactivated: Bool
}

@WireMessage("«Trocar Dono do Plano»: to an existing customer, or to one created in the same call.")
public struct TransferPlanRequest: Sendable, Hashable {
  @Field(1, "Plan id") public var planID: String
  @Field(2, "The new owner, registered here; or") public var toCustomerID: String
  @Field(3, "The new owner's Billing account (existing owner)") public var toAccountNumber: String
  @Field(4, "«Novo Cliente»: created in Billing and here") public var newCustomer: NewISPCustomer?
  @Field(5, "«Deseja Cancelar o Carnê Existente?»: reverse the old owner's charges of the plan from this month on")
  public var cancelReceivables: Bool
  @Field(6, "Why") public var reason: String
}

@WireMessage("What a transfer did.")
public struct TransferPlanReply: Sendable, Hashable {
  @Field(1, "The plan, now the new owner's") public var plan: Plan
  @Field(2, "The new owner") public var customer: ISPCustomer
  @Field(
    3, "How many of the old owner's charges are reversed in Billing: by this call, or by the poster if Billing was away"
  ) public var reversedCharges: Int32
}

@WireMessage("Set a plan's billing information.")
public struct SetPlanBillingRequest: Sendable, Hashable {
  @Field(1, "Plan id") public var planID: String
  @Field(2, "Billing information, replacing the current") public var billing: PlanBilling
  @Field(3, "Why") public var reason: String
  @Field(4, "Messages in this language: empty or en, or pt") public var language: String
}

@WireMessage("Set a plan's contract.")
public struct SetPlanContractRequest: Sendable, Hashable {
  @Field(1, "Plan id") public var planID: String
  @Field(2, "The contract, replacing the current") public var contract: PlanContract
  @Field(3, "Why") public var reason: String
}

@WireMessage("Link a piece of equipment to a plan, or unlink it.")
public struct PlanEquipmentRequest: Sendable, Hashable {
  @Field(1, "Plan id") public var planID: String
  @Field(2, "Serial number, 1–64 characters") public var serial: String
  @Field(3, "Why") public var reason: String
}

@WireMessage("A plan's history, newest first.")
public struct PlanHistoryRequest: Sendable, Hashable {
  @Field(1, "Plan id") public var planID: String
  @Field(2, "Page: default 100, at most 1000") public var page: PageRequest
}

@WireMessage("One change of a plan.")
public struct PlanHistoryEntry: Sendable, Hashable {
  @Field(1, "When") public var at: UTCTimestamp
  @Field(2, "Who: staff:<id>, customer:<id>, service:<id>, or billing for its feed") public var actor: String
  @Field(3, "What: added, edited, value, changed, suspended, …, login_deleted") public var action: String
  @Field(4, "Before") public var before: String
  @Field(5, "After") public var after: String
  @Field(6, "Why") public var reason: String
}

@WireMessage("A page of a plan's history.")
public struct PlanHistoryReply: Sendable, Hashable {
  @Field(1, "Entries") public var entries: [PlanHistoryEntry]
  @Field(2, "Token for the next page; empty on the last") public var nextPageToken: String
}

@WireMessage("A plan's life changed (ISP's event feed).")
public struct PlanEvent: Sendable, Hashable {
  @Field(1, "Plan id") public var planID: String
  @Field(2, "What happened: added, changed, status, deleted, owner") public var action: String
  @Field(3, "Billing customer id (the new owner's after a transfer)") public var customerID: String
  @Field(4, "Billing account number") public var accountNumber: String
  @Field(5, "Plan type") public var planType: String
  @Field(6, "Status now; cancelled also for a deleted plan") public var status: PlanStatus
  @Field(7, "When") public var at: UTCTimestamp
  @Field(8, "Who: staff:<id>, customer:<id>, service:<id>") public var actor: String
}
