public import RPC
public import WireCodec

@WireMessage("The daily cycle's failed items: open ones (not yet processed by a later run), or all.")
public struct ListCycleFailuresRequest: Sendable, Hashable {
  @Field(1, "Also list failures a later run has resolved") public var includeResolved: Bool
  @Field(2, "Only this step: activation, monthly-charge, invoicing, collections, postpaid-credit; empty for all") public
    var step: String
  @Field(3, "Page: default 100, at most 5000") public var page: PageRequest
}

@WireMessage(
  "One item of the daily cycle that failed: it was skipped, the others were processed, and later runs retry it.")
public struct CycleFailure: Sendable, Hashable {
  @Field(1, "Failure id (the page order)") public var id: Int64
  @Field(2, "The step: activation, monthly-charge, invoicing, collections, postpaid-credit") public var step: String
  @Field(3, "The item: an account id, or a subscription id for activation and monthly charges") public var itemID:
    String
  @Field(4, "The account it concerns") public var accountNumber: String
  @Field(5, "The day the cycle ran for when it first failed") public var date: CalendarDate
  @Field(6, "Stable reason, e.g. TOTAL_OUT_OF_RANGE, DATABASE_ERROR") public var reason: String
  @Field(7, "What went wrong, for operations") public var message: String
  @Field(8, "How many runs failed on it") public var attempts: Int32
  @Field(9, "First failure") public var firstFailedAt: UTCTimestamp
  @Field(10, "Latest failure") public var lastFailedAt: UTCTimestamp
  @Field(11, "When a later run processed it; empty while open") public var resolvedAt: UTCTimestamp?
}

@WireMessage("A page of failed items, oldest first.")
public struct ListCycleFailuresReply: Sendable, Hashable {
  @Field(1, "Failures") public var failures: [CycleFailure]
  @Field(2, "Token for the next page; empty on the last") public var nextPageToken: String
}
