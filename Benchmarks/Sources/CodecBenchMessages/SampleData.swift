import WireCodec

#if canImport(FoundationEssentials)
  import FoundationEssentials
#else
  import Foundation
#endif

/// Deterministic sample data: the same seed gives the same messages on every run and
/// machine, so sizes are comparable between runs and instruction counts repeat.
package struct SampleData {
  var random: SplitMix64

  package init(seed: UInt64 = 0x4142_4F4E_454E_5421) {
    self.random = SplitMix64(seed: seed)
  }

  /// A CDR like the ones Telecom rates: Russian numbers, an IoT SIM, kopeck-exact charges.
  package mutating func callDetailRecord() -> CallDetailRecord {
    let duration = UInt32(self.random.next(below: 3_600))
    let billed = (duration + 59) / 60 * 60
    // 0.5000…4.4999 per minute.
    let rate = ExactDecimal(units: Int64(5_000 + self.random.next(below: 40_000)), scale: 4)
    let charge = ExactDecimal(units: rate.units * Int64(billed) / 60 / 100, scale: 2)
    return CallDetailRecord(
      id: self.uuid(),
      callingNumber: "+7916" + self.digits(7),
      calledNumber: (self.random.next(below: 4) == 0 ? "+44207" : "+7495") + self.digits(7),
      startedAt: UTCTimestamp(
        microsecondsSinceEpoch: 1_793_491_200_000_000 + Int64(self.random.next(below: 2_592_000_000_000))),
      durationSeconds: duration,
      billedSeconds: billed,
      direction: self.random.next(below: 3) == 0 ? .inbound : .outbound,
      simICCID: "8970199" + self.digits(12),
      trunk: "sip-trunk-" + self.digits(2),
      cellID: self.random.next(below: 1 << 28),
      rate: rate,
      charge: charge,
      currency: "RUB",
      tariffCode: "IOT-M2M-" + String(UnicodeScalar(UInt8(65 + self.random.next(below: 26)))),
      disconnectCause: [16, 16, 16, 17, 19, 31][Int(self.random.next(below: 6))]
    )
  }

  package mutating func cdrBatch(count: Int) -> CDRBatch {
    CDRBatch(
      batchID: self.uuid(),
      source: "msk-softswitch-02",
      createdAt: UTCTimestamp(microsecondsSinceEpoch: 1_796_083_200_123_456),
      records: (0..<count).map { _ in self.callDetailRecord() }
    )
  }

  /// An invoice whose lines mix Cyrillic and Latin descriptions, as real ones do.
  package mutating func invoice(lines count: Int) -> Invoice {
    let descriptions = [
      "Абонентская плата по тарифу «Бизнес»",
      "Mobile data, 5 GB package",
      "Исходящие вызовы на городские номера",
      "SMS to other networks",
      "Аренда выделенного IP-адреса",
      "Roaming data, EU zone",
    ]
    let periodStart = CalendarDate(year: 2026, month: 11, day: 1)!
    let periodEnd = CalendarDate(year: 2026, month: 11, day: 30)!
    var subtotal: Int64 = 0
    let lines = (0..<count).map { index -> InvoiceLine in
      let quantity = ExactDecimal(units: Int64(1 + self.random.next(below: 5_000)), scale: 3)
      let unitPrice = ExactDecimal(units: Int64(100 + self.random.next(below: 99_900)), scale: 2)
      let amount = ExactDecimal(units: quantity.units * unitPrice.units / 1_000, scale: 2)
      subtotal += amount.units
      return InvoiceLine(
        position: UInt32(index + 1),
        serviceCode: "SVC-" + self.digits(4),
        description: descriptions[Int(self.random.next(below: UInt64(descriptions.count)))],
        quantity: quantity,
        unitPrice: unitPrice,
        amount: amount,
        taxRate: ExactDecimal(units: 20, scale: 2),
        periodStart: periodStart,
        periodEnd: periodEnd
      )
    }
    let tax = subtotal * 20 / 100
    return Invoice(
      id: self.uuid(),
      number: "INV-2026-" + self.digits(6),
      customerID: Int64(self.random.next(below: 10_000_000)),
      accountNumber: "40702810" + self.digits(12),
      issuedOn: CalendarDate(year: 2026, month: 12, day: 1)!,
      dueOn: CalendarDate(year: 2026, month: 12, day: 8)!,
      currency: "RUB",
      lines: lines,
      subtotal: ExactDecimal(units: subtotal, scale: 2),
      tax: ExactDecimal(units: tax, scale: 2),
      total: ExactDecimal(units: subtotal + tax, scale: 2),
      status: .issued,
      issuedAt: UTCTimestamp(microsecondsSinceEpoch: 1_796_112_000_000_000)
    )
  }

  mutating func uuid() -> UUID {
    let a = self.random.next()
    let b = self.random.next()
    var bytes = (a, b)
    return withUnsafeBytes(of: &bytes) { UUID(uuid: $0.loadUnaligned(as: uuid_t.self)) }
  }

  mutating func digits(_ count: Int) -> String {
    String((0..<count).map { _ in Character(UnicodeScalar(UInt8(48 + self.random.next(below: 10)))) })
  }
}

/// Sebastiano Vigna's SplitMix64: tiny, fast, and the same on every platform.
struct SplitMix64 {
  var state: UInt64

  init(seed: UInt64) {
    self.state = seed
  }

  mutating func next() -> UInt64 {
    self.state &+= 0x9E37_79B9_7F4A_7C15
    var z = self.state
    z = (z ^ (z &>> 30)) &* 0xBF58_476D_1CE4_E5B9
    z = (z ^ (z &>> 27)) &* 0x94D0_49BB_1331_11EB
    return z ^ (z &>> 31)
  }

  mutating func next(below bound: UInt64) -> UInt64 {
    self.next() % bound
  }
}
