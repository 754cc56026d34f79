import Testing

@testable import Storage

@Suite("Lease bound")
struct LeaseBoundTests {
  static let now = ContinuousClock.now

  @Test("without a deadline a lease waits the acquire timeout")
  func noDeadline() {
    #expect(Database.leaseBound(acquireTimeout: .seconds(5), deadline: nil, now: Self.now) == .seconds(5))
  }

  @Test("a far deadline leaves the acquire timeout in charge")
  func farDeadline() {
    #expect(
      Database.leaseBound(acquireTimeout: .seconds(5), deadline: Self.now + .seconds(30), now: Self.now) == .seconds(5))
  }

  @Test(
    "a near deadline ends the wait a tenth (at most 100 ms) before it",
    arguments: [
      (Duration.seconds(3), Duration.milliseconds(2900)),
      (Duration.milliseconds(500), Duration.milliseconds(450)),
      (Duration.milliseconds(50), Duration.milliseconds(45)),
    ])
  func nearDeadline(left: Duration, bound: Duration) {
    #expect(Database.leaseBound(acquireTimeout: .seconds(5), deadline: Self.now + left, now: Self.now) == bound)
  }

  @Test("a passed deadline leaves no time to wait")
  func passedDeadline() {
    #expect(
      Database.leaseBound(acquireTimeout: .seconds(5), deadline: Self.now - .milliseconds(1), now: Self.now) == .zero)
  }
}
