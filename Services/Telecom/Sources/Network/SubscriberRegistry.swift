/// The subscriber register of the mobile core (an HLR): which SIMs exist, and whether each may use the network.
protocol SubscriberRegistry: Sendable {
  /// Creates the subscriber with its MSISDN; creating one that exists with the same MSISDN succeeds (a retried call).
  func provision(imsi: String, msisdn: String) async throws(NetworkError)
  /// Switches the subscriber's circuit-switched and packet-switched access on or off (block / unblock).
  func setAccess(imsi: String, enabled: Bool) async throws(NetworkError)
  /// What the register holds for the subscriber.
  func subscriber(imsi: String) async throws(NetworkError) -> RegisteredSubscriber
  /// Deletes the subscriber (a SIM retired); deleting one that does not exist succeeds.
  func remove(imsi: String) async throws(NetworkError)
}

/// A subscriber as the register holds it.
struct RegisteredSubscriber: Sendable, Equatable {
  let imsi: String
  /// Nil while the subscriber has none.
  let msisdn: String?
  /// Circuit-switched access (calls, SMS) allowed: false while blocked.
  let csEnabled: Bool
  /// Packet-switched access (data) allowed: false while blocked.
  let psEnabled: Bool
  /// The VLR (MSC) the SIM last registered through, if any: where it is attached for calls.
  let vlrNumber: String?
  /// The SGSN the SIM last registered through, if any: where it is attached for data.
  let sgsnNumber: String?
}

/// The identities a register is asked about, checked before they go anywhere: they end up in
/// command text, so nothing but the digits the standards allow may pass.
enum SubscriberIdentity {
  /// An IMSI: 6 to 15 digits (3GPP TS 23.003; osmo-hlr's own bounds).
  static func checkIMSI(_ imsi: String) throws(NetworkError) {
    guard (6...15).contains(imsi.utf8.count), Self.isDigits(imsi) else {
      throw .refused("an IMSI is 6 to 15 digits")
    }
  }

  /// An MSISDN: 1 to 15 digits, without `+` (ITU-T E.164).
  static func checkMSISDN(_ msisdn: String) throws(NetworkError) {
    guard (1...15).contains(msisdn.utf8.count), Self.isDigits(msisdn) else {
      throw .refused("an MSISDN is 1 to 15 digits")
    }
  }

  private static func isDigits(_ text: String) -> Bool {
    text.utf8.allSatisfy { (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0) }
  }
}
