/// Who a lock applies to: every subscriber, or one account (e.g. an account barred from premium numbers).
public enum CallLockScope: Hashable, Sendable {
  case global
  case account(String)
}

/// A barring rule: calls to numbers starting with `prefix` are refused within `scope`.
public struct CallLockRule: Hashable, Sendable {
  /// The lock's identifier in storage, reported back so the refusal can cite it.
  public let id: Int64
  public let scope: CallLockScope
  public let prefix: DialedDigits

  public init(id: Int64, scope: CallLockScope, prefix: DialedDigits) {
    self.id = id
    self.scope = scope
    self.prefix = prefix
  }
}
