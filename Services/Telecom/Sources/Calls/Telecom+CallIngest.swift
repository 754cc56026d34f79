import GRPCCore
import RPC
import TelecomAPI
import TelecomRules
import WireCodec

/// IngestCalls and ImportCallFile (docs/telecom.md, "Call records"): records are checked,
/// rated from the in-memory rating book and stored a batch at a time, each batch in one
/// transaction together with its charges' outbox rows; Billing is called later, outside it.
extension Telecom {
  static let maximumCallBatch = 10_000
  /// How far back a call may have started (400 days, in microseconds): older months may have
  /// been archived.
  static let oldestCall: Int64 = 400 * 86_400 * 1_000_000
  /// How far ahead of this server's clock a switch's may run (a day, in microseconds).
  static let newestCall: Int64 = 86_400 * 1_000_000
  /// Refused records or lines reported at most.
  static let reportedRefusals = 100

  func ingestCalls(_ batches: RPCAsyncSequence<CallRecordBatch, any Error>, caller: Caller) async throws
    -> IngestCallsReply
  {
    try caller.require(TelecomPermission.callsIngest)
    // Two batches in flight: while one is written to the database, the next is checked and
    // rated, so the CPU and the database work at once.
    return try await withThrowingTaskGroup(of: StoredCalls.self) { writes in
      var reply = IngestCallsReply()
      var writing = false
      for try await batch in batches {
        let calls: [IncomingCall]
        do throws(ValidationFailure) {
          calls = try self.checkedCalls(batch)
        } catch {
          if writing, let stored = try await writes.next() { reply.add(stored) }
          throw error.inBatch(Int(reply.batches) + 1, storedBefore: reply.batches)
        }
        try await self.ensureCallPartitions(for: calls)
        let prepared = self.prepareCalls(try await self.attributeIncomingCalls(calls))
        if writing, let stored = try await writes.next() { reply.add(stored) }
        writes.addTask { try await self.writeCalls(prepared) }
        writing = true
        reply.batches += 1
        reply.received += UInt64(calls.count)
      }
      if writing, let stored = try await writes.next() { reply.add(stored) }
      return reply
    }
  }

  func importCallFile(_ request: ImportCallFileRequest, caller: Caller) async throws -> IngestCallsReply {
    try caller.require(TelecomPermission.callsIngest)
    var checks = FieldChecks()
    if request.format == .unspecified { checks.add("format", "FORMAT_REQUIRED", "Choose the file's format.") }
    if request.service == .unspecified { checks.add("service", "SERVICE_REQUIRED", "Choose the billed service.") }
    Self.checkCode(request.placeOfService, field: "placeOfService", into: &checks)
    if !SwitchCallFile.utcOffsets.contains(request.utcOffsetMinutes) {
      checks.add("utcOffsetMinutes", "UTC_OFFSET_RANGE", "The switch's UTC offset is -720 to 840 minutes.")
    }
    try checks.check()
    let asterisk = request.format == .asteriskCSV
    let source: IncomingCall.Source = asterisk ? .asterisk : .freeswitch
    let file = SwitchCallFile(
      request.content, format: asterisk ? .asterisk : .freeswitch, utcOffsetMinutes: request.utcOffsetMinutes)
    var refusals = file.refusals.map {
      CallFileLineError(line: UInt32($0.line), reason: $0.reason, message: $0.message)
    }
    let window = self.callWindow
    for call in file.calls where !window.contains(call.startedAt.microsecondsSinceEpoch) {
      refusals.append(CallFileLineError(line: UInt32(call.line), reason: "START_RANGE", message: Self.startRange))
    }
    guard refusals.isEmpty else {
      refusals.sort { $0.line < $1.line }
      return IngestCallsReply(received: UInt64(file.calls.count), errors: Array(refusals.prefix(Self.reportedRefusals)))
    }
    var reply = IngestCallsReply(received: UInt64(file.calls.count))
    var start = 0
    while start < file.calls.count {
      let end = min(start + Self.maximumCallBatch, file.calls.count)
      let calls = file.calls[start..<end].map { call in
        IncomingCall(
          callID: call.callID, accountNumber: call.accountNumber, caller: call.caller, dialed: call.dialed,
          service: request.service, placeOfService: request.placeOfService,
          startedAt: call.startedAt.microsecondsSinceEpoch, answered: call.answered,
          durationSeconds: call.durationSeconds, quantity: call.billableSeconds, source: source)
      }
      reply.add(try await self.storeCalls(calls))
      reply.batches += 1
      start = end
    }
    return reply
  }

  static let startRange = "The call started more than 400 days ago or more than a day ahead of the server's clock."

  /// Starts a call may have, in microseconds since the epoch.
  var callWindow: ClosedRange<Int64> {
    let now = self.now.microsecondsSinceEpoch
    return (now - Self.oldestCall)...(now + Self.newestCall)
  }

  /// A stream batch's records as calls to rate, or every refused field (the first hundred).
  func checkedCalls(_ batch: CallRecordBatch) throws(ValidationFailure) -> [IncomingCall] {
    guard (1...Self.maximumCallBatch).contains(batch.records.count) else {
      throw ValidationFailure([
        FieldViolation("records", "BATCH_SIZE", "A batch holds 1 to \(Self.maximumCallBatch) records.")
      ])
    }
    let window = self.callWindow
    var violations: [FieldViolation] = []
    var calls: [IncomingCall] = []
    calls.reserveCapacity(batch.records.count)
    for (index, record) in batch.records.enumerated() where violations.count < Self.reportedRefusals {
      switch Self.checkedCall(record, window: window) {
      case .call(let call): calls.append(call)
      case .refused(let violation): violations.append(violation.at(index))
      }
    }
    try ValidationFailure.check(violations)
    return calls
  }

  /// A record checked: the call to rate, or its first refused field.
  enum CheckedCall {
    case call(IncomingCall)
    case refused(FieldViolation)
  }

  static func checkedCall(_ record: CallDetailRecord, window: ClosedRange<Int64>) -> CheckedCall {
    func refuse(_ field: String, _ reason: String, _ message: String) -> CheckedCall {
      .refused(FieldViolation(field, reason, message))
    }
    guard (1...SwitchCallFile.maximumCallID).contains(record.callID.utf8.count) else {
      return refuse("callID", "CALL_ID_FORMAT", "The call id is 1 to \(SwitchCallFile.maximumCallID) characters.")
    }
    guard record.accountNumber.utf8.count <= SwitchCallFile.maximumAccountNumber,
      !record.accountNumber.isEmpty || record.service == .incomingCall
    else {
      return refuse(
        "accountNumber", "ACCOUNT_FORMAT",
        "The account number is 1 to 32 characters; only an incoming call (CALL_IN) may leave it empty.")
    }
    guard record.caller.utf8.count <= SwitchCallFile.maximumCaller else {
      return refuse("caller", "CALLER_FORMAT", "The caller is at most \(SwitchCallFile.maximumCaller) characters.")
    }
    guard let dialed = try? DialedDigits(dialedNumber: record.dialedNumber) else {
      return refuse("dialedNumber", "NUMBER_FORMAT", "A number is 1 to 20 digits, optionally after a +.")
    }
    guard record.service != .unspecified else {
      return refuse("service", "SERVICE_REQUIRED", "Choose the billed service.")
    }
    var place = FieldChecks()
    Self.checkCode(record.placeOfService, field: "placeOfService", into: &place)
    if let violation = place.violations.first { return .refused(violation) }
    guard window.contains(record.startedAt.microsecondsSinceEpoch) else {
      return refuse("startedAt", "START_RANGE", Self.startRange)
    }
    if record.service == .sms {
      guard record.deliveryStatus != .unspecified else {
        return refuse("deliveryStatus", "DELIVERY_STATUS_REQUIRED", "An SMS record says what became of the message.")
      }
      guard record.subscriptionID.utf8.count <= 64 else {
        return refuse("subscriptionID", "SUBSCRIPTION_FORMAT", "A subscription id is at most 64 characters.")
      }
    } else if record.deliveryStatus != .unspecified || !record.subscriptionID.isEmpty {
      return refuse(
        "deliveryStatus", "SMS_ONLY", "A delivery status and a subscription belong to SMS records only.")
    }
    let limit = record.service.isTimed ? Tariffication.maximumDurationSeconds : Tariffication.maximumUnitCount
    guard record.quantity <= UInt64(limit), record.answered || record.quantity == 0 else {
      return refuse(
        "quantity", "QUANTITY_RANGE", "The quantity is 0 to \(limit), and 0 when the call was not answered.")
    }
    guard Int64(record.durationSeconds) <= Tariffication.maximumDurationSeconds else {
      return refuse(
        "durationSeconds", "DURATION_RANGE", "The duration is at most \(Tariffication.maximumDurationSeconds) seconds.")
    }
    return .call(
      IncomingCall(
        callID: record.callID, accountNumber: record.accountNumber, caller: record.caller, dialed: dialed,
        service: record.service, placeOfService: record.placeOfService,
        startedAt: record.startedAt.microsecondsSinceEpoch, answered: record.answered,
        durationSeconds: Int64(record.durationSeconds), quantity: Int64(record.quantity), source: .stream,
        deliveryStatus: record.deliveryStatus.code, subscriptionID: record.subscriptionID))
  }
}

extension IngestCallsReply {
  mutating func add(_ stored: StoredCalls) {
    self.stored += UInt64(stored.stored)
    self.charged += UInt64(stored.charged)
    self.unrated += UInt64(stored.unrated)
    let (seconds, attoseconds) = stored.rating.components
    self.ratingMicroseconds += UInt64(seconds) * 1_000_000 + UInt64(attoseconds / 1_000_000_000_000)
  }
}

extension FieldViolation {
  /// The same refusal, of `records[index]`.
  func at(_ index: Int) -> FieldViolation {
    FieldViolation("records[\(index)].\(self.field)", self.reason, self.message)
  }
}

extension ValidationFailure {
  /// The refusal of the `number`th batch of a stream, saying what earlier batches stored.
  func inBatch(_ number: Int, storedBefore batches: UInt32) -> ValidationFailure {
    var violations = self.violations
    violations.insert(
      FieldViolation(
        "batch", "BATCH_REFUSED",
        "Batch \(number) was refused and stored nothing; the \(batches) before it were stored. Send it again fixed."),
      at: 0)
    return ValidationFailure(violations)
  }
}
