@testable import TelecomRules

/// Brute-force answers for the property tests: scan every row, no cleverness.
enum Reference {
  static func isValid<Value>(_ entry: PrefixTableEntry<Value>, at instant: Int64) -> Bool {
    entry.validFrom <= instant && (entry.validTo.map { instant < $0 } ?? true)
  }

  /// All valid matching rows, longest prefix first.
  static func allMatches<Value>(
    _ entries: [PrefixTableEntry<Value>], _ number: DialedDigits, at instant: Int64
  ) -> [PrefixTableEntry<Value>] {
    entries.filter { isValid($0, at: instant) && number.hasPrefix($0.prefix) }
      .sorted { $0.prefix.count > $1.prefix.count }
  }

  static func longestMatch<Value>(
    _ entries: [PrefixTableEntry<Value>], _ number: DialedDigits, at instant: Int64
  ) -> PrefixTableEntry<Value>? {
    var best: PrefixTableEntry<Value>?
    for entry in entries where isValid(entry, at: instant) && number.hasPrefix(entry.prefix) {
      if best == nil || entry.prefix.count > best!.prefix.count { best = entry }
    }
    return best
  }

  /// Longest prefix wins; on a tie the account lock wins; among equals the lowest id.
  static func lock(_ locks: [CallLockRule], _ number: DialedDigits, account: String?) -> CallLockRule? {
    func rank(_ lock: CallLockRule) -> (Int, Int, Int64) {
      (lock.prefix.count, lock.scope == .global ? 0 : 1, -lock.id)
    }
    return locks.filter { lock in
      guard number.hasPrefix(lock.prefix) else { return false }
      switch lock.scope {
      case .global: return true
      case .account(let owner): return owner == account
      }
    }.max { rank($0) < rank($1) }
  }
}
