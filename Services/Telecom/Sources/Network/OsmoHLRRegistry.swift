/// The subscriber register over the CTRL interface of Osmocom's HLR (osmo-hlr 1.5): the
/// `subscriber.*` variables of its `src/ctrl.c`. osmo-hlr tells errors apart only by their text,
/// so the few texts this relies on are named below; any other error is `.refused` with its text.
struct OsmoHLRRegistry: SubscriberRegistry {
  let control: OsmoControlClient

  /// The error texts of osmo-hlr 1.5 that mean something here.
  enum Reply {
    static let noSuchSubscriber = "No such subscriber."
    static let alreadyExists = "Subscriber already exists."
    static let doesNotExist = "Subscriber doesn't exist."
  }

  func provision(imsi: String, msisdn: String) async throws(NetworkError) {
    try SubscriberIdentity.checkIMSI(imsi)
    try SubscriberIdentity.checkMSISDN(msisdn)
    let created: Bool
    // Replies with the new subscriber's id; creates it with CS and PS access on.
    switch try await self.control.set("subscriber.create", to: imsi) {
    case .value: created = true
    case .error(Reply.alreadyExists): created = false
    case .error(let text): throw .refused(text)
    }
    if !created {
      // A retry: done if the number is already set, and not taken over if another one is.
      switch try await self.control.get(Self.variable(imsi, "msisdn")) {
      case .value(msisdn): return
      case .value("none"): break
      case .value: throw .refused("the subscriber exists with another MSISDN")
      case .error(Reply.noSuchSubscriber): throw .refused("the subscriber was deleted while it was being created")
      case .error(let text): throw .refused(text)
      }
    }
    guard case .error(let text) = try await self.control.set(Self.variable(imsi, "msisdn"), to: msisdn) else {
      return
    }
    // osmo-hlr says only "Update MSISDN failed" when the number is another subscriber's
    // (a UNIQUE column): say which, and do not leave behind a subscriber without a number.
    if created { _ = try? await self.control.set("subscriber.delete", to: imsi) }
    if case .value = try await self.control.get("subscriber.by-msisdn-\(msisdn).info") {
      throw .refused("MSISDN \(msisdn) belongs to another subscriber")
    }
    throw .refused(text)
  }

  func setAccess(imsi: String, enabled: Bool) async throws(NetworkError) {
    try SubscriberIdentity.checkIMSI(imsi)
    for domain in ["cs-enabled", "ps-enabled"] {
      guard case .error(let text) = try await self.control.set(Self.variable(imsi, domain), to: enabled ? "1" : "0")
      else { continue }
      // Setting this for an unknown IMSI fails with a generic "An error has occurred.": ask.
      if case .error(Reply.noSuchSubscriber) = try await self.control.get(Self.variable(imsi, "info")) {
        throw .unknownSubscriber
      }
      throw .refused(text)
    }
  }

  func subscriber(imsi: String) async throws(NetworkError) -> RegisteredSubscriber {
    try SubscriberIdentity.checkIMSI(imsi)
    switch try await self.control.get(Self.variable(imsi, "info")) {
    case .value(let info): return try Self.parseInfo(info)
    case .error(Reply.noSuchSubscriber): throw .unknownSubscriber
    case .error(let text): throw .refused(text)
    }
  }

  func remove(imsi: String) async throws(NetworkError) {
    try SubscriberIdentity.checkIMSI(imsi)
    switch try await self.control.set("subscriber.delete", to: imsi) {
    case .value, .error(Reply.doesNotExist): return
    case .error(let text): throw .refused(text)
    }
  }

  static func variable(_ imsi: String, _ name: String) -> String {
    "subscriber.by-imsi-\(imsi).\(name)"
  }

  /// `info` is one `name<TAB>value` line per field, led by a line break; fields with an empty
  /// value (msisdn, vlr_number, sgsn_number while unset) are left out.
  static func parseInfo(_ info: String) throws(NetworkError) -> RegisteredSubscriber {
    var fields: [Substring: Substring] = [:]
    for line in info.split(separator: "\n") {
      let parts = line.split(separator: "\t", maxSplits: 1, omittingEmptySubsequences: false)
      if parts.count == 2 { fields[parts[0]] = parts[1] }
    }
    guard let imsi = fields["imsi"], let cs = fields["nam_cs"], let ps = fields["nam_ps"] else {
      throw .refused("the subscriber's info lacks imsi, nam_cs or nam_ps")
    }
    return RegisteredSubscriber(
      imsi: String(imsi), msisdn: fields["msisdn"].map(String.init), csEnabled: cs == "1", psEnabled: ps == "1",
      vlrNumber: fields["vlr_number"].map(String.init), sgsnNumber: fields["sgsn_number"].map(String.init))
  }
}
