import TestSupport
import Testing

@testable import TelecomRules

@Suite("CallLockSet")
struct LockSetTests {
  static func lock(_ id: Int64, _ scope: CallLockScope, _ prefix: String) throws -> CallLockRule {
    CallLockRule(id: id, scope: scope, prefix: try DialedDigits(prefix))
  }

  @Test("most specific lock wins; on equal length the account lock is reported")
  func specificity() throws {
    let set = try CallLockSet([
      Self.lock(1, .global, "7"),
      Self.lock(2, .account("a"), "79"),
      Self.lock(3, .global, "791"),
      Self.lock(4, .account("a"), "791"),
      Self.lock(5, .account("b"), "7912"),
    ])
    let number = try DialedDigits("79123456789")
    #expect(set.lock(for: number, account: "a")?.id == 4)  // tie at 791: account before global
    #expect(set.lock(for: number, account: "b")?.id == 5)
    #expect(set.lock(for: number, account: "c")?.id == 3)
    #expect(set.lock(for: number, account: nil)?.id == 3)
    #expect(set.lock(for: try DialedDigits("795"), account: "a")?.id == 2)
    #expect(set.lock(for: try DialedDigits("795"), account: "b")?.id == 1)
    #expect(set.lock(for: try DialedDigits("8"), account: "a") == nil)
  }

  @Test("same scope and prefix: the lowest id is reported, whatever the input order")
  func duplicatesPrefixes() throws {
    let locks = [try Self.lock(9, .global, "7"), try Self.lock(3, .global, "7"), try Self.lock(5, .global, "7")]
    for permutation in [locks, locks.reversed(), [locks[1], locks[0], locks[2]]] {
      #expect(try CallLockSet(permutation).lock(for: try DialedDigits("79"), account: nil)?.id == 3)
    }
  }

  @Test("duplicate ids are refused")
  func duplicateIDs() throws {
    #expect(throws: CallLockSetRefusal.duplicateID(1)) {
      try CallLockSet([Self.lock(1, .global, "7"), Self.lock(1, .account("a"), "8")])
    }
  }

  @Test("CallLockSet equals a brute-force scan (100,000 cases)")
  func againstBruteForce() async throws {
    var (random, seed) = SeededRandom.forProperty("CallLockSet.againstBruteForce")
    let accounts = ["a", "b", "c", "d", ""]
    var failures = 0
    for _ in 0..<200 {
      // Hands the thread back between tables: a synchronous loop of seconds would hold one of
      // the few threads Swift concurrency has, and every server the other tests run would stall.
      await Task.yield()
      let maxDigit = UInt8.random(in: 1...9, using: &random)
      var locks: [CallLockRule] = []
      for id in 0..<Int.random(in: 0...150, using: &random) {
        let prefix = try DialedDigits(
          random.digitText(count: Int.random(in: 1...20, using: &random), maxDigit: maxDigit))
        let scope: CallLockScope =
          Bool.random(using: &random) ? .global : .account(accounts.randomElement(using: &random)!)
        locks.append(CallLockRule(id: Int64(id) * 7 % 1_009, scope: scope, prefix: prefix))
      }
      // Force exact ties of length between global and account locks.
      for (index, lock) in locks.enumerated() where index % 5 == 0 {
        let scope: CallLockScope = lock.scope == .global ? .account(accounts.randomElement(using: &random)!) : .global
        locks.append(CallLockRule(id: 2_000 + Int64(index), scope: scope, prefix: lock.prefix))
      }
      locks.shuffle(using: &random)
      let set = try CallLockSet(locks)
      for _ in 0..<500 {
        let count = Int.random(in: 1...20, using: &random)
        var text = random.digitText(count: count, maxDigit: maxDigit)
        if let lock = locks.randomElement(using: &random), Bool.random(using: &random) {
          text = String((lock.prefix.description + text).prefix(max(count, lock.prefix.count)))
        }
        let number = try DialedDigits(text)
        let account = Int.random(in: 0..<8, using: &random) == 0 ? nil : accounts.randomElement(using: &random)!
        let expected = Reference.lock(locks, number, account: account)
        let actual = set.lock(for: number, account: account)
        if actual != expected {
          failures += 1
          if failures <= 5 {
            Issue.record(
              Comment(
                rawValue: "seed \(seed): \(number) \(String(describing: account)): "
                  + "\(String(describing: actual)) vs \(String(describing: expected))"))
          }
        }
      }
    }
    #expect(failures == 0, "seed \(seed)")
  }
}
