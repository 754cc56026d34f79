import TestSupport
import Testing

@testable import TelecomRules

@Suite("RetailPrice charge")
struct ChargeTests {
  @Test("per-minute call: 1.2345 RUB/min, 60/60, 61 s = 2 min = 2.469 RUB -> 2.47")
  func perMinute() throws {
    let price = try RetailPrice(pricePerUnit: 1_234_500, unitSize: 60, tariffication: .perMinute)
    let charge = try price.charge(forSeconds: 61)
    #expect(charge.billedUnits == 120)
    #expect(charge.exactMillionths == ExactMillionths(whole: 2_469_000, remainder: 0, denominator: 1))
    #expect(charge.minorUnits == 247)
    #expect(try price.charge(forSeconds: 0).minorUnits == 0)
  }

  @Test("per-second billing of a per-minute price keeps the exact fraction")
  func exactFraction() throws {
    let price = try RetailPrice(pricePerUnit: 1_000_000, unitSize: 60, tariffication: .perSecond, connectionFee: 7)
    let charge = try price.charge(forSeconds: 7)  // 7/60 RUB = 116_666 + 2/3 millionths, plus 7
    #expect(charge.exactMillionths.whole == 116_673)
    #expect(charge.exactMillionths.numerator == 2 && charge.exactMillionths.denominator == 3)
    #expect(charge.minorUnits == 12)  // 0.116673... -> 0.12
  }

  @Test("30/6, SMS and per-MB data")
  func otherKinds() throws {
    let call = try RetailPrice(pricePerUnit: 600_000, unitSize: 60, tariffication: .thirtyBySix)
    #expect(try call.charge(forSeconds: 31).exactMillionths.whole == 360_000)  // 36 s at 0.60/min
    let sms = try RetailPrice(pricePerUnit: 1_950_000, unitSize: 1, tariffication: .perMessage)
    #expect(try sms.charge(forUnits: 3).minorUnits == 585)
    let dataIncrements = try Tariffication(first: 100, next: 10)
    let data = try RetailPrice(pricePerUnit: 2_000_000, unitSize: 1024, tariffication: dataIncrements)
    let charge = try data.charge(forUnits: 101)  // 110 KB at 2 RUB/MB = 0.21484375 RUB
    #expect(charge.billedUnits == 110)
    #expect(charge.exactMillionths.whole == 214_843 && charge.exactMillionths.numerator == 3)
    #expect(charge.exactMillionths.denominator == 4)
    #expect(charge.minorUnits == 21)
  }

  @Test("round half up at exactly half a minor unit, for every exponent")
  func halfUp() throws {
    for exponent in 0...4 {
      var step: Int64 = 1
      for _ in 0..<(6 - exponent) { step *= 10 }
      let perUnit = try RetailPrice(pricePerUnit: 1, unitSize: 1, tariffication: .perMessage)
      func rounded(_ millionths: Int64) throws -> Int64 {
        try perUnit.charge(billedUnits: millionths, minorUnitExponent: exponent).minorUnits
      }
      #expect(try rounded(step / 2) == 1, "exponent \(exponent)")
      #expect(try rounded(step / 2 - 1) == 0, "exponent \(exponent)")
      #expect(try rounded(step + step / 2) == 2, "exponent \(exponent)")
      #expect(try rounded(step) == 1, "exponent \(exponent)")
    }
    // Exactly .5 kopeck: 0.005 RUB = 5_000 millionths.
    let fee = try RetailPrice(pricePerUnit: 0, unitSize: 1, tariffication: .perMessage, connectionFee: 5_000)
    #expect(try fee.charge(forUnits: 1).minorUnits == 1)
    // Just under half through a fraction: 4_999 + 2/3 millionths stays down.
    let fraction = try RetailPrice(pricePerUnit: 14_999, unitSize: 3, tariffication: .perMessage)
    let charge = try fraction.charge(forUnits: 1)
    #expect(charge.exactMillionths.whole == 4_999 && charge.minorUnits == 0)
  }

  @Test("invalid rows and parameters are refused")
  func refusals() throws {
    #expect(throws: ChargeRefusal.negativePrice(-1)) {
      try RetailPrice(pricePerUnit: -1, unitSize: 60, tariffication: .perMinute)
    }
    #expect(throws: ChargeRefusal.nonPositiveUnitSize(0)) {
      try RetailPrice(pricePerUnit: 1, unitSize: 0, tariffication: .perMinute)
    }
    #expect(throws: ChargeRefusal.negativeConnectionFee(Int64.min)) {
      try RetailPrice(pricePerUnit: 1, unitSize: 60, tariffication: .perMinute, connectionFee: Int64.min)
    }
    let price = try RetailPrice(pricePerUnit: 1, unitSize: 60, tariffication: .perMinute)
    #expect(throws: ChargeRefusal.minorUnitExponentOutOfRange(5)) {
      try price.charge(forSeconds: 1, minorUnitExponent: 5)
    }
    #expect(throws: ChargeRefusal.minorUnitExponentOutOfRange(-1)) {
      try price.charge(forSeconds: 1, minorUnitExponent: -1)
    }
    #expect(throws: ChargeRefusal.tariffication(.quantityOutOfRange(quantity: -5, limit: 10_000_000))) {
      try price.charge(forSeconds: -5)
    }
    let expensive = try RetailPrice(pricePerUnit: Int64.max, unitSize: 1, tariffication: .perSecond)
    #expect(throws: ChargeRefusal.overflow) { try expensive.charge(forSeconds: 2) }
    let feeOnly = try RetailPrice(pricePerUnit: 1, unitSize: 1, tariffication: .perSecond, connectionFee: Int64.max)
    #expect(throws: ChargeRefusal.overflow) { try feeOnly.charge(forSeconds: 1) }
    #expect(try feeOnly.charge(forSeconds: 0).exactMillionths.whole == Int64.max)
  }

  @Test("random extreme values over the whole Int64 range never trap and agree with 128-bit arithmetic")
  func extremes() throws {
    var (random, seed) = SeededRandom.forProperty("RetailPrice.extremes")
    for _ in 0..<100_000 {
      let pricePerUnit = random.extremeInt64()
      let unitSize = random.extremeInt64()
      let connectionFee = Bool.random(using: &random) ? 0 : random.extremeInt64()
      let billedUnits = random.extremeInt64()
      let exponent = Int.random(in: -1...5, using: &random)
      let price: RetailPrice
      do {
        price = try RetailPrice(
          pricePerUnit: pricePerUnit, unitSize: unitSize, tariffication: .perSecond,
          connectionFee: connectionFee)
      } catch {
        #expect(pricePerUnit < 0 || unitSize < 1 || connectionFee < 0, "seed \(seed)")
        continue
      }
      // Reference: N / D exactly, in 128 bits (fee * D + price * billed fits: both terms < 2^126).
      let denominator = UInt128(unitSize)
      let numerator = UInt128(connectionFee) * denominator + UInt128(pricePerUnit) * UInt128(max(billedUnits, 0))
      let whole = numerator / denominator
      do {
        let charge = try price.charge(billedUnits: billedUnits, minorUnitExponent: exponent)
        var step: UInt128 = 1
        for _ in 0..<(6 - exponent) { step *= 10 }
        let expectedMinor = (2 * numerator + denominator * step) / (2 * denominator * step)
        #expect(UInt128(charge.exactMillionths.whole) == whole, "seed \(seed)")
        let fraction = charge.exactMillionths
        #expect(
          UInt128(fraction.numerator) * denominator == (numerator % denominator) * UInt128(fraction.denominator),
          "seed \(seed)")
        #expect(UInt128(charge.minorUnits) == expectedMinor, "seed \(seed)")
      } catch .minorUnitExponentOutOfRange {
        #expect(!(0...4).contains(exponent), "seed \(seed)")
      } catch .tariffication {
        #expect(billedUnits < 0, "seed \(seed)")
      } catch .overflow {
        #expect(whole > UInt128(Int64.max) && (0...4).contains(exponent) && billedUnits >= 0, "seed \(seed)")
      } catch {
        Issue.record("unexpected \(error), seed \(seed)")
      }
    }
  }
}
