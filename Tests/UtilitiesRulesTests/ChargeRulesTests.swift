import BillingRules
import TestSupport
import Testing
import UtilitiesRules
import WireCodec

/// The month close's rules: monthly consumption with estimates and true-up, charge lines with
/// VAT, tenge amounts, months, and the readings import file.
@Suite("Utilities: monthly consumption, charge lines, tenge, the import file")
struct ChargeRulesTests {
  let register = MeterRegister(digits: 8, decimals: 3)!
  let five = MeterRegister(digits: 5, decimals: 0)!

  @Test(
    "a reading bills what was used since the anchor; a month without one bills the average; the next reading trues it up"
  )
  func consumption() {
    // The first reading only sets the anchor.
    let first = MonthlyConsumption.month(
      reading: 100_000, anchor: nil, billedSinceAnchor: 0, history: [], register: self.register, estimationMonths: 3)
    #expect(
      first
        == MonthlyConsumption(units: 0, estimated: false, anchor: 100_000, billedSinceAnchor: 0, readingAnchored: true))
    let december = MonthlyConsumption.month(
      reading: 145_554, anchor: 100_000, billedSinceAnchor: 0, history: [], register: self.register,
      estimationMonths: 3)
    #expect(december.units == 45_554 && december.anchor == 145_554 && !december.estimated)
    let january = MonthlyConsumption.month(
      reading: nil, anchor: 145_554, billedSinceAnchor: 0, history: [45_554], register: self.register,
      estimationMonths: 3)
    #expect(january.units == 45_554 && january.estimated && january.billedSinceAnchor == 45_554)
    #expect(january.anchor == 145_554)
    let february = MonthlyConsumption.month(
      reading: 200_000, anchor: 145_554, billedSinceAnchor: 45_554, history: [45_554, 45_554],
      register: self.register, estimationMonths: 3)
    #expect(february.units == 8_892 && february.anchor == 200_000 && february.billedSinceAnchor == 0)
    // Estimates above what was used: nothing billed, the anchor and the excess kept for later.
    let over = MonthlyConsumption.month(
      reading: 150_000, anchor: 145_554, billedSinceAnchor: 45_554, history: [45_554], register: self.register,
      estimationMonths: 3)
    #expect(
      over
        == MonthlyConsumption(
          units: 0, estimated: false, anchor: 145_554, billedSinceAnchor: 45_554, readingAnchored: false))
    // The average of the last `estimationMonths` months, rounded down; none without history.
    #expect(
      MonthlyConsumption.month(
        reading: nil, anchor: 0, billedSinceAnchor: 0, history: [10, 11, 12, 1000], register: self.register,
        estimationMonths: 3
      ).units == 11)
    #expect(
      MonthlyConsumption.month(
        reading: nil, anchor: 0, billedSinceAnchor: 0, history: [], register: self.register, estimationMonths: 3
      ).units == 0)
    #expect(
      MonthlyConsumption.month(
        reading: nil, anchor: 0, billedSinceAnchor: 0, history: [50], register: self.register, estimationMonths: 0
      ).units == 0)
    // A turn-over on a 5-digit register: 99998 → 00003 used 5.
    #expect(
      MonthlyConsumption.month(
        reading: 3, anchor: 99_998, billedSinceAnchor: 0, history: [], register: self.five, estimationMonths: 3
      ).units == 5)
  }

  @Test(
    "over random months, what is billed in total never exceeds what the register shows was used by the last reading")
  func consumptionProperty() async {
    var random = SeededRandom.forTest("monthly consumption")
    for round in 0..<2_000 {
      if round % 200 == 0 { await Task.yield() }
      var register: Int64 = Int64.random(in: 0..<1_000_000, using: &random)
      var anchor: Int64? = register
      var billedSince: Int64 = 0
      var history: [Int64] = []
      var billed: Int64 = 0
      let start = register
      var lastRead = register
      for _ in 0..<24 {
        register += Int64.random(in: 0..<50_000, using: &random)
        let reads = Bool.random(using: &random)
        let month = MonthlyConsumption.month(
          reading: reads ? register : nil, anchor: anchor, billedSinceAnchor: billedSince, history: history,
          register: self.register, estimationMonths: 3)
        #expect(month.units >= 0)
        billed += month.units
        anchor = month.anchor
        billedSince = month.billedSinceAnchor
        history.insert(month.units, at: 0)
        if reads {
          lastRead = register
          // Caught up: billed is exactly what was used, or more only by estimates not yet used up.
          #expect(billed >= lastRead - start)
          #expect(month.readingAnchored ? billed == lastRead - start : billed > lastRead - start)
        }
      }
    }
  }

  @Test("net = litres × price rounded half-up to the tiyn; VAT half-up on the net; sum = net + VAT")
  func chargeLine() {
    let twelve = VatRate(hundredths: 1200)!
    let sixteen = VatRate(hundredths: 1600)!
    let water = ChargeLine.make(litres: 45_554, priceMinor: 19_702, rate: twelve)!
    #expect(water.vat.net == 897_505 && water.vat.vat == 107_701 && water.vat.gross == 1_005_206)
    let sewer = ChargeLine.make(litres: 55_554, priceMinor: 20_450, rate: sixteen)!
    #expect(sewer.vat.net == 1_136_079 && sewer.vat.vat == 181_773 && sewer.vat.gross == 1_317_852)
    // Half a tiyn rounds up: 1 litre at 5 tiyn per m³ is 0.005 tiyn → 0; 100 litres at 5 → 0.5 → 1.
    #expect(ChargeLine.make(litres: 1, priceMinor: 5, rate: twelve)?.vat.net == 0)
    #expect(ChargeLine.make(litres: 100, priceMinor: 5, rate: twelve)?.vat.net == 1)
    #expect(ChargeLine.make(litres: 0, priceMinor: 19_702, rate: twelve)?.vat.gross == 0)
    #expect(ChargeLine.make(litres: -1, priceMinor: 1, rate: twelve) == nil)
    #expect(ChargeLine.make(litres: .max, priceMinor: .max, rate: twelve) == nil)
  }

  @Test("over whole input ranges a charge line never traps, and net + VAT = sum whenever it is made")
  func chargeLineProperty() async {
    var random = SeededRandom.forTest("charge line")
    for round in 0..<50_000 {
      if round % 2_000 == 0 { await Task.yield() }
      let litres = Int64.random(in: Int64.min...Int64.max, using: &random) >> Int64.random(in: 0...63, using: &random)
      let price = Int64.random(in: Int64.min...Int64.max, using: &random) >> Int64.random(in: 0...63, using: &random)
      let rate = VatRate(hundredths: Int64.random(in: VatRate.range, using: &random))!
      if let line = ChargeLine.make(litres: litres, priceMinor: price, rate: rate) {
        #expect(line.vat.net + line.vat.vat == line.vat.gross)
        #expect(line.vat.net >= 0 && line.vat.vat >= 0)
      }
    }
  }

  @Test("tenge: two decimals at most, any scale the wire carries (0–18), never negative or above the bound")
  func tenge() async {
    #expect(Tenge.minor(ExactDecimal("197.02")!) == 19_702)
    #expect(Tenge.minor(ExactDecimal("204.5")!) == 20_450)
    #expect(Tenge.minor(ExactDecimal("204.500")!) == 20_450)
    #expect(Tenge.minor(ExactDecimal("0.001")!) == nil)
    #expect(Tenge.minor(ExactDecimal("-1")!) == nil)
    #expect(Tenge.minor(ExactDecimal("1000000.01")!) == nil)
    #expect(Tenge.minor(ExactDecimal(units: 1, scale: 18)) == nil)
    #expect(Tenge.minor(ExactDecimal(units: 0, scale: 18)) == 0)
    #expect(Tenge.minor(ExactDecimal(units: .max, scale: 0), maximum: .max) == nil)
    var random = SeededRandom.forTest("tenge")
    for round in 0..<100_000 {
      if round % 5_000 == 0 { await Task.yield() }
      let amount = ExactDecimal(
        units: Int64.random(in: Int64.min...Int64.max, using: &random),
        scale: UInt8.random(in: 0...ExactDecimal.maxScale, using: &random))
      if let minor = Tenge.minor(amount) { #expect((0...Tenge.maximumPriceMinor).contains(minor)) }
    }
  }

  @Test("months: the previous one by default, Russian names, bounds")
  func months() {
    #expect(BillingMonth.previous(toYear: 2026, month: 1) == BillingMonth(year: 2025, month: 12))
    #expect(BillingMonth.previous(toYear: 2019, month: 12)?.russianName == "Ноябрь")
    #expect(BillingMonth(year: 2025, month: 13) == nil && BillingMonth(year: 1999, month: 1) == nil)
    #expect(BillingMonth(year: 2025, month: 12)?.next == BillingMonth(year: 2026, month: 1))
    #expect(
      ChargeVolumes.litres(coldLitres: 45_554, hotLitres: 10_000).map { [$0.water, $0.sewer] } == [45_554, 55_554])
    #expect(ChargeVolumes.litres(coldLitres: .max, hotLitres: 1) == nil)
  }

  @Test("the import file: lines checked one by one, a repeated external id refused, separators and BOM")
  func importFile() {
    let file = ReadingImportFile(
      "\u{FEFF}account;factory;value;date;id\n00001;A;10;2025-12-01;x1\r\n00001,B,5,2025-12-02,x2\n\n"
        + "00001;A;10;2025-13-01;x3\n00001;A;10;2025-12-01;x1\n00001;A;10\n00001;A;10;2025-12-01;")
    #expect(file.lines.map(\.externalID) == ["x1", "x2"])
    #expect(file.lines.first?.readOn == CalendarDate(year: 2025, month: 12, day: 1))
    #expect(file.errors.map(\.line) == [5, 6, 7, 8])
    #expect(file.errors.map(\.reason) == ["DATE_INVALID", "EXTERNAL_ID_REPEATED", "LINE_MALFORMED", "LINE_MALFORMED"])
  }
}
