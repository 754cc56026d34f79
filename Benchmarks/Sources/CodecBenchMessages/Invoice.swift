package import WireCodec

#if canImport(FoundationEssentials)
  package import FoundationEssentials
#else
  package import Foundation
#endif

package enum InvoiceStatus: Int32, WireEnum {
  case unspecified = 0
  case issued = 1
  case paid = 2
  case overdue = 3

  package static var wireFallback: InvoiceStatus { .unspecified }
}

/// One line of an invoice: a service over a period.
@WireMessage("An invoice line")
package struct InvoiceLine: Sendable, Hashable {
  @Field(1) package var position: UInt32
  @Field(2) package var serviceCode: String
  @Field(3) package var description: String
  @Field(4) package var quantity: ExactDecimal
  @Field(5) package var unitPrice: ExactDecimal
  @Field(6) package var amount: ExactDecimal
  @Field(7) package var taxRate: ExactDecimal
  @Field(8) package var periodStart: CalendarDate
  @Field(9) package var periodEnd: CalendarDate
}

/// A customer's monthly invoice: the benchmark uses 50 lines.
@WireMessage("An invoice")
package struct Invoice: Sendable, Hashable {
  @Field(1) package var id: UUID
  @Field(2) package var number: String
  @Field(3) package var customerID: Int64
  @Field(4) package var accountNumber: String
  @Field(5) package var issuedOn: CalendarDate
  @Field(6) package var dueOn: CalendarDate
  @Field(7) package var currency: String
  @Field(8) package var lines: [InvoiceLine]
  @Field(9) package var subtotal: ExactDecimal
  @Field(10) package var tax: ExactDecimal
  @Field(11) package var total: ExactDecimal
  @Field(12) package var status: InvoiceStatus
  @Field(13) package var issuedAt: UTCTimestamp
}
