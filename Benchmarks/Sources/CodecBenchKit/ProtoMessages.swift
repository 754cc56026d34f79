import CodecBenchMessages
import CodecBenchProto
import Foundation
import WireCodec

// Conversions from our messages to the generated protobuf ones, done once before timing.

typealias ProtoCallDetailRecord = Abonent_Bench_CallDetailRecord
typealias ProtoCDRBatch = Abonent_Bench_CdrBatch
typealias ProtoInvoiceLine = Abonent_Bench_InvoiceLine
typealias ProtoInvoice = Abonent_Bench_Invoice

extension UUID {
  var data: Data { withUnsafeBytes(of: self.uuid) { Data($0) } }
}

extension ProtoCallDetailRecord {
  init(_ r: CallDetailRecord) {
    self.init()
    self.id = r.id.data
    self.callingNumber = r.callingNumber
    self.calledNumber = r.calledNumber
    self.startedAtMicros = r.startedAt.microsecondsSinceEpoch
    self.durationSeconds = r.durationSeconds
    self.billedSeconds = r.billedSeconds
    self.direction = Abonent_Bench_CallDirection(rawValue: Int(r.direction.rawValue)) ?? .unspecified
    self.simIccid = r.simICCID
    self.trunk = r.trunk
    self.cellID = r.cellID
    self.rateUnits = r.rate.units
    self.rateScale = UInt32(r.rate.scale)
    self.chargeUnits = r.charge.units
    self.chargeScale = UInt32(r.charge.scale)
    self.currency = r.currency
    self.tariffCode = r.tariffCode
    self.disconnectCause = r.disconnectCause
  }
}

extension ProtoCDRBatch {
  init(_ b: CDRBatch) {
    self.init()
    self.batchID = b.batchID.data
    self.source = b.source
    self.createdAtMicros = b.createdAt.microsecondsSinceEpoch
    self.records = b.records.map(ProtoCallDetailRecord.init)
  }
}

extension ProtoInvoiceLine {
  init(_ l: InvoiceLine) {
    self.init()
    self.position = l.position
    self.serviceCode = l.serviceCode
    self.description_p = l.description
    self.quantityUnits = l.quantity.units
    self.quantityScale = UInt32(l.quantity.scale)
    self.unitPriceUnits = l.unitPrice.units
    self.unitPriceScale = UInt32(l.unitPrice.scale)
    self.amountUnits = l.amount.units
    self.amountScale = UInt32(l.amount.scale)
    self.taxRateUnits = l.taxRate.units
    self.taxRateScale = UInt32(l.taxRate.scale)
    self.periodStartDays = l.periodStart.daysSinceEpoch
    self.periodEndDays = l.periodEnd.daysSinceEpoch
  }
}

extension ProtoInvoice {
  init(_ i: Invoice) {
    self.init()
    self.id = i.id.data
    self.number = i.number
    self.customerID = i.customerID
    self.accountNumber = i.accountNumber
    self.issuedOnDays = i.issuedOn.daysSinceEpoch
    self.dueOnDays = i.dueOn.daysSinceEpoch
    self.currency = i.currency
    self.lines = i.lines.map(ProtoInvoiceLine.init)
    self.subtotalUnits = i.subtotal.units
    self.subtotalScale = UInt32(i.subtotal.scale)
    self.taxUnits = i.tax.units
    self.taxScale = UInt32(i.tax.scale)
    self.totalUnits = i.total.units
    self.totalScale = UInt32(i.total.scale)
    self.status = Abonent_Bench_InvoiceStatus(rawValue: Int(i.status.rawValue)) ?? .unspecified
    self.issuedAtMicros = i.issuedAt.microsecondsSinceEpoch
  }
}
