/// Immutable set of barring locks, answering "which lock, if any, stops this account calling this number?".
///
/// Global locks go in one `DigitTrie`, each account's locks in a trie of its own, found by one dictionary lookup
/// on the account id. A lookup walks at most two tries and keeps the longer match, because the most specific
/// lock is the one to cite; on equal length the account's lock is reported, as it is the one the customer can
/// act on. Several locks with the same scope and prefix are allowed (different reasons); the lowest id is
/// reported, so the answer does not depend on input order.
public struct CallLockSet: Sendable {
  /// One scope's locks: the trie over their distinct prefixes and the lock reported for each prefix.
  struct Scope: Sendable {
    let trie: DigitTrie
    let locks: [CallLockRule]

    init(_ scopeLocks: [CallLockRule]) {
      let sorted = scopeLocks.sorted { $0.prefix != $1.prefix ? $0.prefix < $1.prefix : $0.id < $1.id }
      var chosen: [CallLockRule] = []
      for lock in sorted where chosen.last?.prefix != lock.prefix {
        chosen.append(lock)
      }
      trie = DigitTrie(
        keys: chosen.map(\.prefix),
        payloads: chosen.indices.map { DigitTrie.Payload(start: UInt32($0), count: 1) })
      locks = chosen
    }

    /// The longest lock prefix of `number`, with its length.
    @inline(__always)
    func longest(_ number: DialedDigits) -> (lock: CallLockRule, length: Int)? {
      var result: (lock: CallLockRule, length: Int)?
      trie.forEachMatch(in: number) { index, _, length in
        result = (locks[index], length)
        return true
      }
      return result
    }
  }

  /// Largest number of locks accepted.
  public static var maximumLockCount: Int { DigitTrie.maximumKeyCount }

  let global: Scope
  let accountIndex: [String: Int]
  let accounts: [Scope]

  /// Builds the set; refuses duplicate ids.
  public init(_ locks: [CallLockRule]) throws(CallLockSetRefusal) {
    guard locks.count <= DigitTrie.maximumKeyCount else {
      throw .tooManyLocks(count: locks.count, limit: DigitTrie.maximumKeyCount)
    }
    var seen = Set<Int64>(minimumCapacity: locks.count)
    var globalLocks: [CallLockRule] = []
    var byAccount: [String: [CallLockRule]] = [:]
    for lock in locks {
      guard seen.insert(lock.id).inserted else { throw .duplicateID(lock.id) }
      switch lock.scope {
      case .global: globalLocks.append(lock)
      case .account(let account): byAccount[account, default: []].append(lock)
      }
    }
    global = Scope(globalLocks)
    var accountIndex: [String: Int] = [:]
    var accounts: [Scope] = []
    for (account, accountLocks) in byAccount {
      accountIndex[account] = accounts.count
      accounts.append(Scope(accountLocks))
    }
    self.accountIndex = accountIndex
    self.accounts = accounts
  }

  /// The most specific lock on `number` among global locks and `account`'s locks (`nil` account: global only).
  public func lock(for number: DialedDigits, account: String?) -> CallLockRule? {
    let globalMatch = global.longest(number)
    guard let account, let index = accountIndex[account], let accountMatch = accounts[index].longest(number) else {
      return globalMatch?.lock
    }
    guard let globalMatch else { return accountMatch.lock }
    return accountMatch.length >= globalMatch.length ? accountMatch.lock : globalMatch.lock
  }

  /// Bytes held by the tries and lock arrays (by capacity; account id strings counted by inline size only).
  public var approximateByteCount: Int {
    var total = global.trie.byteCount + global.locks.capacity * MemoryLayout<CallLockRule>.stride
    for scope in accounts {
      total += scope.trie.byteCount + scope.locks.capacity * MemoryLayout<CallLockRule>.stride
    }
    return total + accountIndex.capacity * (MemoryLayout<String>.stride + MemoryLayout<Int>.stride)
  }
}
