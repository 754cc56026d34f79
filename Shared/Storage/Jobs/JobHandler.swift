public import PostgresNIO
public import WireCodec

/// Runs the jobs of one kind, in one of two ways.
///
/// Usually (``init(kind:maxAttempts:run:)``) the handler runs inside a transaction that also
/// marks the job done, so database effects commit exactly once with it: if the worker dies,
/// the effects roll back and the job runs again elsewhere. Effects outside the database (a
/// mail, a card charge) must carry a unique key derived from the job so a repeat is recognised.
///
/// A handler that must wait on something remote (a card charge at a payment gateway) may not
/// hold a transaction — and its row locks — for that time: it is made with
/// ``init(kind:maxAttempts:outsideTransaction:)`` and gets a ``LeasedJob`` instead, opening
/// short transactions of its own (each proving the lease is still its worker's) and calling
/// out between them. Such a handler must be safe to run again from the top after a crash at
/// any point: it records what it is about to do before doing it, and finds that record on
/// its next run (docs/platform.md).
public struct JobHandler: Sendable {
  /// How the handler runs.
  public enum Body: Sendable {
    /// Inside the transaction that marks the job done.
    case inTransaction(@Sendable (_ job: Job, _ transaction: PostgresConnection) async throws -> Void)
    /// With no transaction open; the job is marked done after it returns, if the lease is
    /// still this worker's.
    case outsideTransaction(@Sendable (_ job: LeasedJob) async throws -> Void)
  }

  public let kind: String
  /// Runs before the job is marked failed for good.
  public let maxAttempts: Int
  public let body: Body

  public init(
    kind: String, maxAttempts: Int = 10,
    run: @escaping @Sendable (_ job: Job, _ transaction: PostgresConnection) async throws -> Void
  ) {
    precondition(maxAttempts >= 1, "a job needs at least one attempt")
    self.kind = kind
    self.maxAttempts = maxAttempts
    self.body = .inTransaction(run)
  }

  public init(
    kind: String, maxAttempts: Int = 10,
    outsideTransaction run: @escaping @Sendable (_ job: LeasedJob) async throws -> Void
  ) {
    precondition(maxAttempts >= 1, "a job needs at least one attempt")
    self.kind = kind
    self.maxAttempts = maxAttempts
    self.body = .outsideTransaction(run)
  }
}

/// A job enqueued by the runner itself on a schedule, once per slot: N replicas produce one
/// job per slot because the slot is the job's key.
public struct RecurringJob: Sendable {
  public let kind: String
  public let schedule: JobSchedule

  public init(kind: String, schedule: JobSchedule) {
    self.kind = kind
    self.schedule = schedule
  }
}

/// When a recurring job runs.
public enum JobSchedule: Sendable, Hashable {
  /// At every multiple of the interval since the epoch.
  case every(Duration)
  /// Once a day at `minuteOfDay` (0–1439) local time, `utcOffsetMinutes` from UTC.
  case daily(minuteOfDay: Int, utcOffsetMinutes: Int = 0)

  /// The latest slot that started at or before `now`: its start and the job key naming it.
  public func currentSlot(at now: UTCTimestamp) -> (start: UTCTimestamp, key: String) {
    switch self {
    case .every(let interval):
      let (seconds, attoseconds) = interval.components
      let step = max(1, seconds * 1_000_000 + attoseconds / 1_000_000_000_000)
      let micros = now.microsecondsSinceEpoch
      let start = UTCTimestamp(microsecondsSinceEpoch: micros - ((micros % step) + step) % step)
      return (start, start.description)
    case .daily(let minuteOfDay, let offset):
      let day: Int64 = 86_400_000_000
      let shift = Int64(offset) * 60_000_000
      let local = now.microsecondsSinceEpoch + shift
      var dayStart = local - ((local % day) + day) % day
      if local < dayStart + Int64(minuteOfDay) * 60_000_000 { dayStart -= day }
      let start = UTCTimestamp(microsecondsSinceEpoch: dayStart + Int64(minuteOfDay) * 60_000_000 - shift)
      let date = UTCTimestamp(microsecondsSinceEpoch: dayStart).description.prefix(10)
      return (start, String(date))
    }
  }
}
