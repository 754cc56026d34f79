/// Why a list of locks cannot become a `CallLockSet`.
public enum CallLockSetRefusal: Error, Hashable, Sendable {
  /// Two locks share an id, so a reported id would not identify one lock.
  case duplicateID(Int64)
  /// More locks than the compact 32-bit indices allow.
  case tooManyLocks(count: Int, limit: Int)
}
