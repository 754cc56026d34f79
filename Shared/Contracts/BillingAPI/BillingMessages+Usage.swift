public import WireCodec

@WireMessage("One usage charge from another service (a call, a data session, a month of a plan).")
public struct UsageCharge: Sendable, Hashable {
  @Field(1, "The usage's id in the posting service; a usage is charged at most once") public var usageID: String
  @Field(2, "Account number") public var accountNumber: String
  @Field(3, "Amount, positive, stored as a debit") public var amount: ExactDecimal
  @Field(4, "Service code") public var serviceCode: String
  @Field(5, "Subscription id, if the usage belongs to one") public var subscriptionID: String
  @Field(6, "Usage date; the current day when empty") public var date: CalendarDate?
  @Field(7, "Comment") public var comment: String
}

@WireMessage("A batch of usage charges, posted all together or not at all.")
public struct PostChargesRequest: Sendable, Hashable {
  @Field(1, "At most 1000 charges; each usage id at most once in a batch") public var charges: [UsageCharge]
}

@WireMessage("What became of each charge, in request order.")
public struct PostChargesReply: Sendable, Hashable {
  @Field(1, "One posting per charge; replayed for usages charged before") public var postings: [PostingReply]
}
