import CodecBenchMessages
import Foundation
import WireCodec

// The JSON side of the comparison: Codable structs with the protobuf messages' flat shape
// (money as units + scale, timestamps as microseconds, dates as day numbers), so JSON is
// measured on plain numbers and strings, its cheapest form, not on our text forms of them.

struct JSONCallDetailRecord: Codable, Equatable {
  var id: UUID
  var callingNumber: String
  var calledNumber: String
  var startedAtMicros: Int64
  var durationSeconds: UInt32
  var billedSeconds: UInt32
  var direction: Int32
  var simICCID: String
  var trunk: String
  var cellID: UInt64
  var rateUnits: Int64
  var rateScale: UInt8
  var chargeUnits: Int64
  var chargeScale: UInt8
  var currency: String
  var tariffCode: String
  var disconnectCause: Int32
}

struct JSONCDRBatch: Codable, Equatable {
  var batchID: UUID
  var source: String
  var createdAtMicros: Int64
  var records: [JSONCallDetailRecord]
}

struct JSONInvoiceLine: Codable, Equatable {
  var position: UInt32
  var serviceCode: String
  var description: String
  var quantityUnits: Int64
  var quantityScale: UInt8
  var unitPriceUnits: Int64
  var unitPriceScale: UInt8
  var amountUnits: Int64
  var amountScale: UInt8
  var taxRateUnits: Int64
  var taxRateScale: UInt8
  var periodStartDays: Int32
  var periodEndDays: Int32
}

struct JSONInvoice: Codable, Equatable {
  var id: UUID
  var number: String
  var customerID: Int64
  var accountNumber: String
  var issuedOnDays: Int32
  var dueOnDays: Int32
  var currency: String
  var lines: [JSONInvoiceLine]
  var subtotalUnits: Int64
  var subtotalScale: UInt8
  var taxUnits: Int64
  var taxScale: UInt8
  var totalUnits: Int64
  var totalScale: UInt8
  var status: Int32
  var issuedAtMicros: Int64
}

extension JSONCallDetailRecord {
  init(_ r: CallDetailRecord) {
    self.init(
      id: r.id, callingNumber: r.callingNumber, calledNumber: r.calledNumber,
      startedAtMicros: r.startedAt.microsecondsSinceEpoch, durationSeconds: r.durationSeconds,
      billedSeconds: r.billedSeconds, direction: r.direction.rawValue, simICCID: r.simICCID,
      trunk: r.trunk, cellID: r.cellID, rateUnits: r.rate.units, rateScale: r.rate.scale,
      chargeUnits: r.charge.units, chargeScale: r.charge.scale, currency: r.currency,
      tariffCode: r.tariffCode, disconnectCause: r.disconnectCause
    )
  }
}

extension JSONCDRBatch {
  init(_ b: CDRBatch) {
    self.init(
      batchID: b.batchID, source: b.source, createdAtMicros: b.createdAt.microsecondsSinceEpoch,
      records: b.records.map(JSONCallDetailRecord.init)
    )
  }
}

extension JSONInvoiceLine {
  init(_ l: InvoiceLine) {
    self.init(
      position: l.position, serviceCode: l.serviceCode, description: l.description,
      quantityUnits: l.quantity.units, quantityScale: l.quantity.scale,
      unitPriceUnits: l.unitPrice.units, unitPriceScale: l.unitPrice.scale,
      amountUnits: l.amount.units, amountScale: l.amount.scale,
      taxRateUnits: l.taxRate.units, taxRateScale: l.taxRate.scale,
      periodStartDays: l.periodStart.daysSinceEpoch, periodEndDays: l.periodEnd.daysSinceEpoch
    )
  }
}

extension JSONInvoice {
  init(_ i: Invoice) {
    self.init(
      id: i.id, number: i.number, customerID: i.customerID, accountNumber: i.accountNumber,
      issuedOnDays: i.issuedOn.daysSinceEpoch, dueOnDays: i.dueOn.daysSinceEpoch, currency: i.currency,
      lines: i.lines.map(JSONInvoiceLine.init),
      subtotalUnits: i.subtotal.units, subtotalScale: i.subtotal.scale,
      taxUnits: i.tax.units, taxScale: i.tax.scale, totalUnits: i.total.units, totalScale: i.total.scale,
      status: i.status.rawValue, issuedAtMicros: i.issuedAt.microsecondsSinceEpoch
    )
  }
}
