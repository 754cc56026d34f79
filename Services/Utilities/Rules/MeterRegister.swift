/// A water meter's register: how many whole digits and decimals it shows (the seed's
/// `00000145.554` is 8 and 3). Readings are kept as whole register units — thousandths of a
/// cubic metre for 3 decimals — so consumption is exact integer arithmetic.
public struct MeterRegister: Sendable, Hashable {
  public let digits: Int
  public let decimals: Int

  public static let digitRange = 4...10
  public static let decimalRange = 0...3

  public init?(digits: Int, decimals: Int) {
    guard Self.digitRange.contains(digits), Self.decimalRange.contains(decimals) else { return nil }
    self.digits = digits
    self.decimals = decimals
  }

  /// Register units in one cubic metre.
  public var unitsPerCubicMetre: Int64 { [1, 10, 100, 1_000][self.decimals] }

  /// How many units the register counts before it turns over to zero (10^digits m³).
  public var capacity: Int64 {
    var capacity: Int64 = 1
    for _ in 0..<self.digits { capacity *= 10 }
    return capacity * self.unitsPerCubicMetre
  }

  /// A reading as typed or printed: digits with at most one `.` or `,`, leading zeros allowed,
  /// no more whole digits or decimals than the register has. Nil otherwise.
  public func units(of text: String) -> Int64? {
    let parts = text.split(separator: text.contains(",") ? "," : ".", omittingEmptySubsequences: false)
    guard (1...2).contains(parts.count), let whole = parts.first, !whole.isEmpty, whole.count <= self.digits + 6,
      whole.utf8.allSatisfy({ (0x30...0x39).contains($0) })
    else { return nil }
    let fraction = parts.count == 2 ? parts[1] : ""
    guard fraction.count <= self.decimals, parts.count == 1 || !fraction.isEmpty,
      fraction.utf8.allSatisfy({ (0x30...0x39).contains($0) })
    else { return nil }
    // Leading zeros are the register's own (`00000145`); the value itself must fit.
    let significant = whole.drop { $0 == "0" }
    guard significant.count <= self.digits, let wholeValue = Int64(significant.isEmpty ? "0" : String(significant))
    else { return nil }
    let padded = fraction + String(repeating: "0", count: self.decimals - fraction.count)
    let fractionValue = padded.isEmpty ? 0 : Int64(padded) ?? 0
    return wholeValue * self.unitsPerCubicMetre + fractionValue
  }

  /// `units` as the register shows it: `00000145.554`.
  public func text(of units: Int64) -> String {
    let whole = String(units / self.unitsPerCubicMetre)
    var text = String(repeating: "0", count: max(0, self.digits - whole.count)) + whole
    if self.decimals > 0 {
      let fraction = String(units % self.unitsPerCubicMetre)
      text += "." + String(repeating: "0", count: self.decimals - fraction.count) + fraction
    }
    return text
  }
}
