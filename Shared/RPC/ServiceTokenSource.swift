public import Logging

#if canImport(FoundationEssentials)
  public import FoundationEssentials
#else
  public import Foundation
#endif

/// Where a service's outgoing calls get their bearer token: its service account's token from
/// Identity (``RenewingTokenSource``), or, in Identity itself, a token it signs.
public protocol ServiceTokenSource: Sendable {
  /// A token valid for at least a little longer; may wait for a renewal.
  func token() async throws -> String
}

/// An access token and when it stops being accepted.
public struct IssuedToken: Sendable, Hashable {
  public var token: String
  public var expiresAt: Date

  public init(token: String, expiresAt: Date) {
    self.token = token
    self.expiresAt = expiresAt
  }
}

/// Keeps one token for all calls and renews it before it expires: from `renewalShare` (80 %)
/// of its lifetime on, the next caller starts a renewal in the background and still gets the
/// current token, so calls do not wait for Identity while the token is good. Only one renewal
/// runs at a time, however many calls arrive together; callers wait only when there is no
/// token yet or it has expired. A renewal that fails keeps the current token while it is
/// valid and is tried again by the next caller.
public actor RenewingTokenSource: ServiceTokenSource {
  let fetch: @Sendable () async throws -> IssuedToken
  let renewalShare: Double
  let logger: Logger
  var current: (token: IssuedToken, renewAt: Date)?
  var renewal: Task<IssuedToken, any Error>?
  /// How many tokens were fetched; for tests and logs.
  public private(set) var fetches = 0

  public init(renewalShare: Double = 0.8, logger: Logger, fetch: @escaping @Sendable () async throws -> IssuedToken) {
    precondition(renewalShare > 0 && renewalShare < 1, "renew somewhere inside the token's lifetime")
    self.fetch = fetch
    self.renewalShare = renewalShare
    self.logger = logger
  }

  public func token() async throws -> String {
    let now = Date()
    if let current = self.current, now < current.token.expiresAt {
      if now >= current.renewAt, self.renewal == nil {
        // Renewed in the background: the current token is still good.
        _ = self.startRenewal()
      }
      return current.token.token
    }
    return try await (self.renewal ?? self.startRenewal()).value.token
  }

  /// Starts the one renewal; when it ends, it replaces the token (or logs why it could not).
  func startRenewal() -> Task<IssuedToken, any Error> {
    let started = Date()
    let task = Task { try await self.fetch() }
    self.renewal = task
    Task { await self.finish(task, started: started) }
    return task
  }

  func finish(_ task: Task<IssuedToken, any Error>, started: Date) async {
    do {
      let issued = try await task.value
      self.fetches += 1
      let lifetime = max(0, issued.expiresAt.timeIntervalSince(started))
      self.current = (issued, started.addingTimeInterval(lifetime * self.renewalShare))
    } catch {
      self.logger.warning("could not renew the service token", metadata: ["error": "\(error)"])
    }
    self.renewal = nil
  }
}

/// A token source that always answers the same token: tests, and tools given one by hand.
public struct FixedTokenSource: ServiceTokenSource {
  let value: String

  public init(_ token: String) {
    self.value = token
  }

  public func token() async throws -> String { self.value }
}
