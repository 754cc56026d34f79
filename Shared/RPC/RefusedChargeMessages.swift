public import WireCodec

// The refused-charge methods every service that posts charges to Billing offers alike
// (Telecom, Utilities, ISP: docs/platform.md, "Charges Billing refused"): their charges Billing
// refused, listed and sent again by staff, each repost kept.

@WireMessage("Charges Billing refused, oldest refusal first.")
public struct ListRefusedChargesRequest: Sendable, Hashable {
  @Field(1, "Only charges to this account; empty for all") public var accountNumber: String
  @Field(2, "Page: 100 by default, at most 1,000") public var page: PageRequest
}

@WireMessage("A charge Billing refused: it waits, charged to nobody, until staff send it again.")
public struct RefusedCharge: Sendable, Hashable {
  @Field(1, "The usage id Billing knows it by (each service's page says how it is made)") public var usageID: String
  @Field(2, "The account it was posted to") public var accountNumber: String
  @Field(3, "Amount, two decimals, in the account's currency") public var amount: ExactDecimal
  @Field(4, "Currency, ISO 4217") public var currency: String
  @Field(5, "Billing's service code it is posted under") public var serviceCode: String
  @Field(6, "The comment the charge carries") public var comment: String
  @Field(7, "Billing's reason, as it gave it") public var reason: String
  @Field(8, "When Billing refused it") public var refusedAt: UTCTimestamp
  @Field(9, "PostCharges rounds it was in") public var attempts: UInt32
}

@WireMessage("A page of refused charges.")
public struct ListRefusedChargesReply: Sendable, Hashable {
  @Field(1, "Charges") public var charges: [RefusedCharge]
  @Field(2, "Token for the next page; empty on the last") public var nextPageToken: String
}

@WireMessage("Send refused charges to Billing again, all or none.")
public struct RepostChargesRequest: Sendable, Hashable {
  @Field(1, "Usage ids of refused charges, 1 to 1,000, no repeats") public var usageIDs: [String]
  @Field(
    2,
    "Post them to this account instead (same currency; Billing must know it and it must not be closed); "
      + "empty to keep each one's account")
  public var accountNumber: String
  @Field(3, "Why, for the history (required, at most 500 characters)") public var note: String
}

@WireMessage("The charges are pending again: the charge poster sends them within its next rounds.")
public struct RepostChargesReply: Sendable, Hashable {
  @Field(1, "Charges made pending again") public var reposted: UInt32
}

@WireMessage("The reposts of refused charges, oldest first.")
public struct ListChargeRepostsRequest: Sendable, Hashable {
  @Field(1, "Only this charge; empty for all") public var usageID: String
  @Field(2, "Only reposts from or to this account; empty for all") public var accountNumber: String
  @Field(3, "Page: 100 by default, at most 1,000") public var page: PageRequest
}

@WireMessage("One refused charge sent again.")
public struct ChargeRepost: Sendable, Hashable {
  @Field(1, "The charge's usage id") public var usageID: String
  @Field(2, "Who sent it again") public var actor: String
  @Field(3, "When") public var at: UTCTimestamp
  @Field(4, "The note given") public var note: String
  @Field(5, "Billing's reason for the refusal it answered") public var refusal: String
  @Field(6, "The account it had been posted to") public var fromAccount: String
  @Field(7, "The account it was sent to (the same unless staff moved it)") public var toAccount: String
}

@WireMessage("A page of reposts.")
public struct ListChargeRepostsReply: Sendable, Hashable {
  @Field(1, "Reposts") public var reposts: [ChargeRepost]
  @Field(2, "Token for the next page; empty on the last") public var nextPageToken: String
}
