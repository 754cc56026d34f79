public import RPC
public import WireCodec

/// Where a correction document (УКД) stands.
public enum CorrectionStatus: Int32, WireEnum, Sendable {
  case unspecified = 0
  /// Not sent to the customer yet: it can be amended or deleted.
  case draft = 1
  /// Sent to the customer: frozen. Change it with a new correction.
  case sent = 2
  /// Deleted before it was sent; its write-offs are reversed.
  case deleted = 3

  public static var wireFallback: CorrectionStatus { .unspecified }
}

@WireMessage("A new amount for one line (service) of the corrected document.")
public struct CorrectionLineChange: Sendable, Hashable {
  @Field(1, "The line's service code") public var serviceCode: String
  @Field(2, "The line's amount after the correction, zero or more") public var amount: ExactDecimal
}

@WireMessage("Correct lines of an invoice, or of its latest correction.")
public struct CreateCorrectionRequest: Sendable, Hashable {
  @Field(1, "The invoice number, or the number of its latest correction") public var correctedNumber: String
  @Field(2, "The lines that change, each once") public var lines: [CorrectionLineChange]
  @Field(3, "«Do not create write-off»: staff post per-product write-offs themselves") public var manualWriteOffs: Bool
  @Field(4, "Why the amounts change, printed on the document") public var reason: String
}

@WireMessage("New lines for a correction not yet sent; its write-offs are redone.")
public struct AmendCorrectionRequest: Sendable, Hashable {
  @Field(1, "Correction number") public var number: String
  @Field(2, "The lines that change, each once, replacing the earlier ones") public var lines: [CorrectionLineChange]
  @Field(3, "Why the amounts change") public var reason: String
}

@WireMessage("One correction, by number.")
public struct CorrectionRequest: Sendable, Hashable {
  @Field(1, "Correction number") public var number: String
}

@WireMessage("A write-off posted by staff for a line of a correction made with «do not create write-off».")
public struct PostCorrectionWriteOffRequest: Sendable, Hashable {
  @Field(1, "Correction number") public var number: String
  @Field(2, "The corrected line's service code") public var lineServiceCode: String
  @Field(3, "The product the write-off is posted to (may differ from the line's)") public var serviceCode: String
  @Field(4, "Its share of the line's difference, with the difference's sign: −5.00 of a −10.00 line") public var amount:
    ExactDecimal
  @Field(5, "Idempotency key") public var idempotencyKey: String
}

@WireMessage("One corrected line.")
public struct CorrectionItem: Sendable, Hashable {
  @Field(1, "Service code") public var serviceCode: String
  @Field(2, "Description") public var description: String
  @Field(3, "Amount before") public var before: ExactDecimal
  @Field(4, "Amount after") public var after: ExactDecimal
  @Field(5, "After minus before") public var difference: ExactDecimal
  @Field(6, "Write-offs posted for it so far (not reversed), with the difference's sign") public var writtenOff:
    ExactDecimal
  @Field(7, "VAT rate in percent: the corrected invoice line's, in force on its date of supply") public var vatRate:
    ExactDecimal
  @Field(8, "Before: amount without VAT") public var netBefore: ExactDecimal
  @Field(9, "Before: VAT") public var vatBefore: ExactDecimal
  @Field(10, "After: amount without VAT") public var netAfter: ExactDecimal
  @Field(11, "After: VAT") public var vatAfter: ExactDecimal
  @Field(12, "Difference of the amounts without VAT") public var netDifference: ExactDecimal
  @Field(13, "Difference of the VAT") public var vatDifference: ExactDecimal
}

@WireMessage("A ledger entry that writes off part of a correction line.")
public struct CorrectionWriteOff: Sendable, Hashable {
  @Field(1, "The line's service code") public var lineServiceCode: String
  @Field(2, "Ledger entry id") public var entryID: Int64
  @Field(3, "The product it was posted to") public var serviceCode: String
  @Field(4, "The write-off, with the difference's sign (the ledger entry has the opposite sign)") public var amount:
    ExactDecimal
  @Field(5, "Reversed (the correction was amended or deleted)") public var reversed: Bool
}

@WireMessage("A correction document (УКД, credit or debit note).")
public struct Correction: Sendable, Hashable {
  @Field(1, "Correction number") public var number: String
  @Field(2, "Account number") public var accountNumber: String
  @Field(3, "The invoice the chain of corrections starts from") public var invoiceNumber: String
  @Field(4, "The document it corrects: the invoice or the previous correction") public var correctedNumber: String
  @Field(5, "Issue date") public var date: CalendarDate
  @Field(6, "Draft, sent or deleted") public var status: CorrectionStatus
  @Field(7, "Write-offs are posted by staff") public var manualWriteOffs: Bool
  @Field(8, "Reason") public var reason: String
  @Field(9, "Corrected lines") public var lines: [CorrectionItem]
  @Field(10, "Write-offs, reversed ones included") public var writeOffs: [CorrectionWriteOff]
  @Field(11, "Total of the corrected document before") public var totalBefore: ExactDecimal
  @Field(12, "Total after") public var totalAfter: ExactDecimal
  @Field(13, "After minus before") public var difference: ExactDecimal
  @Field(14, "Currency") public var currency: String
  @Field(15, "When it was sent to the customer") public var sentAt: UTCTimestamp?
  @Field(16, "The correction that corrects this one, if any") public var correctedBy: String
  @Field(17, "The corrected lines before, per VAT rate") public var vatTotalsBefore: [VatTotal]
  @Field(18, "The corrected lines after, per VAT rate") public var vatTotalsAfter: [VatTotal]
  @Field(19, "After minus before, per VAT rate") public var vatTotalsDifference: [VatTotal]
}

@WireMessage("An account's corrections, newest first, optionally of a period.")
public struct ListCorrectionsRequest: Sendable, Hashable {
  @Field(1, "Account number") public var accountNumber: String
  @Field(2, "Issued on or after") public var from: CalendarDate?
  @Field(3, "Issued on or before") public var to: CalendarDate?
  @Field(4, "Include deleted drafts") public var includeDeleted: Bool
  @Field(5, "Page: default 100, at most 5000") public var page: PageRequest
}

@WireMessage("A page of corrections.")
public struct ListCorrectionsReply: Sendable, Hashable {
  @Field(1, "Corrections") public var corrections: [Correction]
  @Field(2, "Token for the next page; empty on the last") public var nextPageToken: String
}
