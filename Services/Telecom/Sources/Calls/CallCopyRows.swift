import NIOCore
import TelecomAPI
import TelecomRules
import WireCodec

/// A batch of rated calls as COPY rows: the records for `call_records` and, for those with a
/// charge, the charges for the batch's row of the outbox (`call_charge_batches`, through a
/// staging table), each in the order of its `columns`.
struct CallCopyRows {
  static let recordColumns = [
    "call_id", "started_at", "account_number", "caller", "dialed", "service", "place", "answered",
    "duration_seconds", "quantity", "status", "reason", "lock_id", "provider", "retail_minor", "retail_currency",
    "wholesale_minor", "wholesale_currency", "source", "delivery_status", "subscription_id", "received_at",
  ]
  static let chargeColumns = [
    "record_id", "account_number", "amount_minor", "currency", "created_at", "service_code", "comment",
  ]

  private(set) var records: CopyTextRows
  private(set) var charges: CopyTextRows
  private(set) var unrated = 0

  init(capacity: Int) {
    self.records = CopyTextRows(capacity: capacity * 200)
    self.charges = CopyTextRows(capacity: capacity * 120)
  }

  /// Every value is written straight into the buffers, without a String of its own per field:
  /// this runs for every stored call.
  mutating func append(_ rated: RatedCall, receivedAt: Int64) {
    let call = rated.call
    self.records.text(call.callID)
    self.records.timestamp(call.startedAt)
    self.records.text(call.accountNumber)
    self.records.text(call.caller)
    self.records.digits(call.dialed)
    self.records.plain(call.service.code)
    self.records.text(call.placeOfService)
    self.records.plain(call.answered ? "t" : "f")
    self.records.integer(call.durationSeconds)
    self.records.integer(call.quantity)
    self.records.plain(rated.isRated ? "rated" : "unrated")
    self.records.plain(rated.reason)
    if let lock = rated.lockID { self.records.text(lock) } else { self.records.null() }
    self.records.text(rated.provider)
    self.records.integer(rated.retailMinor)
    self.records.text(rated.retailCurrency)
    self.records.integer(rated.wholesaleMinor)
    self.records.text(rated.wholesaleCurrency)
    self.records.plain(call.source.rawValue)
    self.records.plain(call.deliveryStatus)
    self.records.text(call.subscriptionID)
    self.records.timestamp(receivedAt)
    self.records.endRow()
    if !rated.isRated { self.unrated += 1 }
    guard let amount = rated.retailMinor, amount > 0 else { return }
    self.charges.composed { row in
      row.writeRaw("call:")
      row.text(call.callID, separated: false)
      row.writeRaw("@")
      row.writeDigits(of: call.startedAt)
    }
    self.charges.text(call.accountNumber)
    self.charges.integer(amount)
    self.charges.text(rated.retailCurrency)
    self.charges.timestamp(receivedAt)
    self.charges.plain(call.service.code)
    self.charges.composed { row in
      row.writeRaw(call.service.code)
      row.writeRaw(" ")
      row.writeTimestamp(call.startedAt, fraction: false)
      row.writeRaw(" UTC to ")
      row.writeDigits(call.dialed)
      row.writeRaw(", ")
      row.writeDigits(of: call.quantity)
    }
    self.charges.endRow()
  }
}
