extension BusinessCalendar {
  /// What a year of the calendar rests on, from the strongest to the weakest.
  public enum Basis: Sendable, Hashable {
    /// Shipped data backed by an official act: a decree, a Minister of Labour order, or the
    /// ministry's published calendar.
    case decreed
    /// Shipped data computed from the law's rules because no official act was known; the
    /// year's transfers may still change.
    case derived
    /// No shipped data: weekends plus the law's fixed-date holidays and carry-over rule only.
    case fallbackOnly
  }

  /// What `year` rests on. Staff overrides do not change it: they correct days, not the basis.
  public func basis(of year: Int) -> Basis {
    switch self.shippedYears[year]?.basis {
    case .decreed: .decreed
    case .derived: .derived
    case nil: .fallbackOnly
    }
  }

  /// The acts and laws `year` rests on: the data file's `sources`, or for a year without data
  /// the laws behind the fallback rules (none for a country without rules).
  public func sources(of year: Int) -> [String] {
    self.shippedYears[year]?.sources ?? StatutoryHolidays.sources(of: self.country)
  }
}
