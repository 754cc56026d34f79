/// Which band of a progressive commission scale an account's monthly base falls in (seed
/// 003, "Комиссии партнёров"): the bands are ranges by their lower bound, the first starting
/// at 0; a base belongs to the last band whose lower bound it reaches. A base below the first
/// bound — more discounts than charges — is in the first band (and earns nothing, being
/// negative).
public enum CommissionBands {
  /// The index of the band `baseMinor` falls in, given the bands' lower bounds in minor units,
  /// increasing; nil when there are no bands.
  public static func band(for baseMinor: Int64, lowerBounds: [Int64]) -> Int? {
    guard !lowerBounds.isEmpty else { return nil }
    return lowerBounds.lastIndex { $0 <= baseMinor } ?? 0
  }
}
