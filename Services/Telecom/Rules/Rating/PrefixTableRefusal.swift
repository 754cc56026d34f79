/// Why a set of rows cannot become a `PrefixTable`. Price lists must be unambiguous: for any number and instant
/// there must be at most one row per prefix, otherwise the charge would depend on row order.
public enum PrefixTableRefusal: Error, Hashable, Sendable {
  /// A row whose validity is empty or inverted (`validTo <= validFrom`); it could never apply, so it is a data
  /// error rather than something to skip silently.
  case emptyValidity(prefix: DialedDigits, validFrom: Int64, validTo: Int64)
  /// Two rows of the same prefix are both valid at some instant; the `validFrom`s identify the two rows.
  case overlappingValidity(prefix: DialedDigits, firstValidFrom: Int64, secondValidFrom: Int64)
  /// More versions of one prefix than `PrefixTable.maximumVersionsPerPrefix`.
  case tooManyVersions(prefix: DialedDigits, limit: Int)
  /// More rows than the compact 32-bit indices allow.
  case tooManyEntries(count: Int, limit: Int)
}
