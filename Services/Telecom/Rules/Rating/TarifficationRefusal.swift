/// Why a quantity cannot be billed under a `Tariffication`.
public enum TarifficationRefusal: Error, Hashable, Sendable {
  /// Increments must be at least one unit; a zero step would bill nothing or divide by zero.
  case nonPositiveIncrement(first: Int64, next: Int64)
  /// The quantity is negative or above the bound for its kind (`Tariffication.maximumDurationSeconds` or
  /// `Tariffication.maximumUnitCount`); such input is a bug or an attack upstream, not a real session.
  case quantityOutOfRange(quantity: Int64, limit: Int64)
  /// The billed quantity does not fit in `Int64` (only possible with absurd increments).
  case overflow
}
