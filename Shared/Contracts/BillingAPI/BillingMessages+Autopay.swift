public import WireCodec

@WireMessage(
  "Set up autopayment: when the balance falls below the threshold, the stored card is charged the top-up amount.")
public struct SetAutopayRequest: Sendable, Hashable {
  @Field(1, "Account number") public var accountNumber: String
  @Field(2, "On or off") public var enabled: Bool
  @Field(3, "Charge the card when the balance falls below this") public var threshold: ExactDecimal
  @Field(4, "How much to charge (positive)") public var amount: ExactDecimal
  @Field(5, "The payment gateway's token for the card (never a card number)") public var cardToken: String
}

@WireMessage("Read an account's autopayment set-up.")
public struct GetAutopayRequest: Sendable, Hashable {
  @Field(1, "Account number") public var accountNumber: String
}

/// What the gateway answered to one autopayment.
public enum AutopayOutcome: Int32, WireEnum, Sendable {
  case unspecified = 0
  case approved = 1
  case declined = 2
  case insufficientFunds = 3
  case failed = 4

  public static var wireFallback: AutopayOutcome { .unspecified }
}

@WireMessage("One autopayment attempt.")
public struct AutopayAttempt: Sendable, Hashable {
  @Field(1, "When") public var at: UTCTimestamp
  @Field(2, "Amount asked for") public var amount: ExactDecimal
  @Field(3, "Outcome") public var outcome: AutopayOutcome
  @Field(4, "The gateway's reference or reason") public var detail: String
  @Field(5, "The payment entry it credited, if approved") public var entryID: Int64
}

@WireMessage("An account's autopayment set-up and its latest attempts.")
public struct Autopay: Sendable, Hashable {
  @Field(1, "Account number") public var accountNumber: String
  @Field(2, "On or off") public var enabled: Bool
  @Field(3, "Threshold") public var threshold: ExactDecimal
  @Field(4, "Top-up amount") public var amount: ExactDecimal
  @Field(5, "Card token, masked to its last 4 characters") public var cardTokenHint: String
  @Field(6, "Why it was switched off by Billing, if it was") public var disabledReason: String
  @Field(7, "The latest attempts, newest first (at most 20)") public var attempts: [AutopayAttempt]
}
