public import Logging
public import NIOCore
public import NIOPosix
public import ServiceLifecycle
public import Storage

#if canImport(FoundationEssentials)
  import FoundationEssentials
#else
  import Foundation
#endif

/// Sends the outbox to the relay: a swift-service-lifecycle `Service` that, every poll interval,
/// claims due mails, sends them over one SMTP session, and records the outcome. A transient
/// failure schedules a retry with backoff; a 5xx rejection, or running out of attempts, marks
/// the mail failed. Delivery is at least once: a replica that dies after the relay accepted a
/// mail but before recording it sends the mail again after the lease (with the same Message-ID).
public final class MailDeliverer: Service, Sendable {
  public let outbox: MailOutbox
  let settings: MailSettings
  let policy: MailRetryPolicy
  let client: SMTPClient
  let clock: any MailClock
  let logger: Logger

  /// - Parameter clock: the time used for scheduling and the poll wait; tests pass their own.
  public init(
    database: Database, settings: MailSettings, logger: Logger, clock: any MailClock = SystemMailClock(),
    eventLoopGroup: any EventLoopGroup = MultiThreadedEventLoopGroup.singleton
  ) throws {
    self.outbox = MailOutbox(database: database)
    self.settings = settings
    self.policy = MailRetryPolicy(settings)
    self.client = try SMTPClient(settings: settings, eventLoopGroup: eventLoopGroup, logger: logger)
    self.clock = clock
    self.logger = logger
  }

  /// Delivers until graceful shutdown: a round in progress is finished, the wait is not.
  public func run() async throws {
    while !Task.isCancelled && !Task.isShuttingDownGracefully {
      do {
        _ = try await self.deliverDue()
      } catch {
        self.logger.warning("mail delivery round failed", metadata: ["error": "\(error)"])
      }
      do {
        try await cancelWhenGracefulShutdown { try await self.clock.sleep(for: self.settings.pollInterval) }
      } catch {
        return
      }
    }
  }

  /// One round: claims up to a batch of due mails and tries each once. Returns what happened.
  @discardableResult
  public func deliverDue() async throws -> MailDeliveryRound {
    let now = self.clock.now()
    let claimed = try await self.outbox.claimDue(
      now: now, leaseUntil: now + self.settings.lease, limit: self.settings.batchSize)
    var round = MailDeliveryRound()
    guard !claimed.isEmpty else { return round }
    var next = 0
    var connected = false
    do {
      try await self.client.withSession { session in
        connected = true
        while next < claimed.count {
          let mail = claimed[next]
          do {
            let attachments = mail.attachmentCount == 0 ? [] : try await self.outbox.attachments(of: mail.id)
            try await session.send(mail.message(from: self.settings.from, attachments: attachments))
            next += 1
            round.sent += 1
            try await self.outbox.markSent(mail.id, at: self.clock.now())
            self.logger.info("mail sent", metadata: ["mail-id": "\(mail.id)", "attempt": "\(mail.attempts)"])
          } catch let error as SMTPError where error.isPermanent {
            next += 1
            round.failed += 1
            try await self.outbox.markFailed(mail.id, at: self.clock.now(), error: error.message)
            self.logger.warning("mail rejected", metadata: ["mail-id": "\(mail.id)", "error": "\(error)"])
          }
        }
      }
    } catch {
      let reason = SMTPError.classify(error).message
      if !connected {
        // No session: the relay is unreachable or refused us, which every claimed mail shares.
        for mail in claimed { try await self.failAttempt(mail, reason: reason, round: &round) }
      } else if next < claimed.count {
        // The session broke: the mail in hand failed this attempt, the ones after it were not tried.
        try await self.failAttempt(claimed[next], reason: reason, round: &round)
        for mail in claimed.dropFirst(next + 1) {
          try await self.outbox.release(mail.id, at: self.clock.now())
        }
      }
    }
    return round
  }

  func failAttempt(_ mail: ClaimedMail, reason: String, round: inout MailDeliveryRound) async throws {
    let now = self.clock.now()
    if self.policy.isExhausted(afterAttempt: mail.attempts) {
      round.failed += 1
      try await self.outbox.markFailed(mail.id, at: now, error: reason)
      self.logger.error(
        "mail given up", metadata: ["mail-id": "\(mail.id)", "attempts": "\(mail.attempts)", "error": "\(reason)"])
    } else {
      round.retrying += 1
      try await self.outbox.scheduleRetry(
        mail.id, at: now + self.policy.delay(afterAttempt: mail.attempts), error: reason)
      self.logger.notice(
        "mail will be retried",
        metadata: ["mail-id": "\(mail.id)", "attempt": "\(mail.attempts)", "error": "\(reason)"])
    }
  }
}

/// What one ``MailDeliverer/deliverDue()`` round did.
public struct MailDeliveryRound: Sendable, Equatable {
  public var sent = 0
  /// Rejected permanently or out of attempts.
  public var failed = 0
  public var retrying = 0

  public init(sent: Int = 0, failed: Int = 0, retrying: Int = 0) {
    self.sent = sent
    self.failed = failed
    self.retrying = retrying
  }
}
