public import RPC
public import WireCodec

@WireMessage("Register a partner (agent); customers name it in their `agent` field.")
public struct CreateAgentRequest: Sendable, Hashable {
  @Field(1, "Code, as customers' `agent` field holds it") public var code: String
  @Field(2, "Name") public var name: String
}

@WireMessage("A partner earning commissions on its customers' spending.")
public struct Agent: Sendable, Hashable {
  @Field(1, "Code") public var code: String
  @Field(2, "Name") public var name: String
}

@WireMessage("One band of a progressive scale: from this amount up, this percent.")
public struct CommissionBand: Sendable, Hashable {
  @Field(1, "Start of the range, in the scale's currency («Начало диапазона»)") public var from: ExactDecimal
  @Field(2, "Percent of the whole base once it reaches the range, at most 2 decimals") public var percent: ExactDecimal
}

@WireMessage("Create a progressive percent scale (a commission template).")
public struct CreateCommissionScaleRequest: Sendable, Hashable {
  @Field(1, "Template description («Шаблон»)") public var description: String
  @Field(2, "Algorithm description («Алгоритм»)") public var algorithm: String
  @Field(3, "Commission type («Тип комиссии»)") public var commissionType: String
  @Field(4, "Currency of the ranges and of the accounts it applies to") public var currency: String
  @Field(5, "Bands, the first starting at 0, starts increasing") public var bands: [CommissionBand]
}

@WireMessage("A progressive percent scale.")
public struct CommissionScale: Sendable, Hashable {
  @Field(1, "Scale id") public var id: Int64
  @Field(2, "Template description") public var description: String
  @Field(3, "Algorithm description") public var algorithm: String
  @Field(4, "Commission type") public var commissionType: String
  @Field(5, "Currency") public var currency: String
  @Field(6, "Bands") public var bands: [CommissionBand]
}

@WireMessage("Bind a scale to an agent from a month on; later months keep it until the next binding.")
public struct BindCommissionScaleRequest: Sendable, Hashable {
  @Field(1, "Agent code") public var agentCode: String
  @Field(2, "Scale id") public var scaleID: Int64
  @Field(3, "First day of the first month it applies to") public var fromMonth: CalendarDate
}

@WireMessage("One agent's scale bindings.")
public struct AgentScaleHistoryRequest: Sendable, Hashable {
  @Field(1, "Agent code") public var agentCode: String
}

@WireMessage("A scale bound to an agent from a month.")
public struct ScaleBinding: Sendable, Hashable {
  @Field(1, "First month it applies to") public var fromMonth: CalendarDate
  @Field(2, "Last month it applied to; empty while current") public var toMonth: CalendarDate?
  @Field(3, "The scale") public var scale: CommissionScale
  @Field(4, "Who bound it") public var boundBy: String
  @Field(5, "When") public var boundAt: UTCTimestamp
}

@WireMessage("An agent's scale bindings by month, oldest first.")
public struct AgentScaleHistory: Sendable, Hashable {
  @Field(1, "Agent") public var agent: Agent
  @Field(2, "Bindings") public var bindings: [ScaleBinding]
}

@WireMessage("An agent's commissions over a period of months.")
public struct CommissionReportRequest: Sendable, Hashable {
  @Field(1, "Agent code") public var agentCode: String
  @Field(2, "First month (its 1st day)") public var fromMonth: CalendarDate
  @Field(3, "Last month (its 1st day); at most 24 months in all") public var toMonth: CalendarDate
  @Field(4, "Leave out rows whose commission is zero") public var hideZero: Bool
  @Field(5, "Page: default 100, at most 5000") public var page: PageRequest
}

@WireMessage("One row of the commission report: one account in one month.")
public struct CommissionRow: Sendable, Hashable {
  @Field(1, "Month the commission is for (its 1st day)") public var month: CalendarDate
  @Field(2, "Commission type") public var commissionType: String
  @Field(3, "Client") public var client: String
  @Field(4, "Personal account") public var accountNumber: String
  @Field(5, "Commission, rounded half-up to minor units") public var commission: ExactDecimal
  @Field(6, "Algorithm") public var algorithm: String
  @Field(7, "Percent applied") public var percent: ExactDecimal
  @Field(8, "Base: the account's charges less discounts and corrections in the month") public var base: ExactDecimal
  @Field(9, "Template") public var template: String
  @Field(10, "Range: the start of the band the base reached") public var rangeFrom: ExactDecimal
  @Field(11, "Currency") public var currency: String
}

@WireMessage("A page of the commission report, oldest month first, with the total of every row of the period.")
public struct CommissionReport: Sendable, Hashable {
  @Field(1, "Rows") public var rows: [CommissionRow]
  @Field(2, "Token for the next page; empty on the last") public var nextPageToken: String
  @Field(3, "Total commission of the period (all pages)") public var total: ExactDecimal
}
