public import RPC
public import WireCodec

@WireMessage("A plan type of the catalogue.")
public struct PlanType: Sendable, Hashable {
  @Field(1, "Code, 1–40 of a–z, 0–9, - and _") public var code: String
  @Field(2, "Name, 1–100 characters") public var name: String
  @Field(3, "Monthly value") public var value: ExactDecimal
  @Field(4, "Currency: one Billing keeps accounts in (RUB, KZT, USD, EUR)") public var currency: String
  @Field(5, "Download speed, kbit/s, 1–100000000") public var downloadKbps: Int32
  @Field(6, "Upload speed, kbit/s, 1–100000000") public var uploadKbps: Int32
  @Field(7, "Franchise GB, 0–100000; 0 = none") public var franchiseGB: Int32
}

@WireMessage("Plan types; paged by code.")
public struct ListPlanTypesRequest: Sendable, Hashable {
  @Field(1, "Page: default 100, at most 1000") public var page: PageRequest
}

@WireMessage("A page of plan types.")
public struct ListPlanTypesReply: Sendable, Hashable {
  @Field(1, "Plan types") public var planTypes: [PlanType]
  @Field(2, "Token for the next page; empty on the last") public var nextPageToken: String
}

/// A login's own state (a plan's suspension and a debt block also refuse it at the RADIUS).
public enum LoginState: Int32, WireEnum, Sendable, CaseIterable {
  case unspecified = 0
  case active = 1
  /// Refused: its plan is not active, or Billing has blocked the plan's account.
  case refused = 2

  public static var wireFallback: LoginState { .unspecified }
}

@WireMessage("«Cadastrar Login de Radius» on a plan.")
public struct CreateLoginRequest: Sendable, Hashable {
  @Field(1, "Plan id") public var planID: String
  @Field(2, "Login, 1–64 characters; accents refused when the setting says so") public var login: String
  @Field(3, "Password, 8–64 characters; generated when empty") public var password: String
}

@WireMessage("A RADIUS login.")
public struct RadiusLoginInfo: Sendable, Hashable {
  @Field(1, "Login") public var login: String
  @Field(2, "Plan id") public var planID: String
  @Field(
    3, "Password: when just set or generated, or with isp.login_passwords.read («Ver Senha Login Radius»); else empty")
  public var password: String
  @Field(4, "What FreeRADIUS answers now") public var state: LoginState
  @Field(5, "Framed-IP-Address: the plan's first primary address; empty when none") public var framedIP: String
  @Field(6, "When created") public var createdAt: UTCTimestamp
}

@WireMessage("Change a login's password («Alterar a senha de autenticação»).")
public struct ChangeLoginPasswordRequest: Sendable, Hashable {
  @Field(1, "Login") public var login: String
  @Field(2, "New password, 8–64 characters; generated when empty") public var password: String
  @Field(3, "Why") public var reason: String
}

@WireMessage("An action on one login.")
public struct LoginActionRequest: Sendable, Hashable {
  @Field(1, "Login") public var login: String
  @Field(2, "Why, at most 500 characters") public var reason: String
}

@WireMessage("«Extrato por período das conexões»: a login's RADIUS sessions that overlap a period.")
public struct ConnectionExtractRequest: Sendable, Hashable {
  @Field(1, "Login") public var login: String
  @Field(2, "From (inclusive)") public var from: UTCTimestamp?
  @Field(3, "Until (exclusive); now when empty") public var until: UTCTimestamp?
  @Field(4, "Page: default 100, at most 1000") public var page: PageRequest
}

@WireMessage("One connection (a RADIUS accounting session).")
public struct ConnectionSession: Sendable, Hashable {
  @Field(1, "Acct-Session-Id") public var sessionID: String
  @Field(2, "Start") public var startedAt: UTCTimestamp?
  @Field(3, "Stop; empty while open") public var stoppedAt: UTCTimestamp?
  @Field(4, "Seconds connected, as the NAS last reported") public var seconds: Int64
  @Field(5, "MAC (Calling-Station-Id)") public var mac: String
  @Field(6, "Framed IP address") public var framedIP: String
  @Field(7, "NAS address") public var nasIP: String
  @Field(8, "Octets received from the subscriber (upload)") public var inputOctets: Int64
  @Field(9, "Octets sent to the subscriber (download)") public var outputOctets: Int64
  @Field(10, "Why it ended") public var terminateCause: String
}

@WireMessage("A page of connections, newest first, with the period's totals.")
public struct ConnectionExtract: Sendable, Hashable {
  @Field(1, "Sessions") public var sessions: [ConnectionSession]
  @Field(2, "Token for the next page; empty on the last") public var nextPageToken: String
  @Field(3, "Seconds over the whole period") public var totalSeconds: Int64
  @Field(4, "Upload octets over the whole period") public var totalInputOctets: Int64
  @Field(5, "Download octets over the whole period") public var totalOutputOctets: Int64
}

@WireMessage("What the NAS answered to «Fechar Conexão Atual» (an RFC 5176 Disconnect-Request).")
public struct CloseConnectionReply: Sendable, Hashable {
  @Field(1, "Disconnect-ACK (true) or Disconnect-NAK") public var acknowledged: Bool
  @Field(2, "The NAK's Error-Cause (RFC 5176 §3.5), e.g. 503 Session Context Not Found; 0 when none") public
    var errorCause: Int32
  @Field(3, "The NAS asked, host:port") public var nas: String
  @Field(4, "The session named in the request") public var sessionID: String
}

@WireMessage("An access point with its IP pool.")
public struct AccessPoint: Sendable, Hashable {
  @Field(1, "Id") public var id: Int64
  @Field(2, "Name, 1–100 characters") public var name: String
  @Field(3, "The pool, CIDR, e.g. 100.64.0.0/24 (/8 to /30)") public var network: String
  @Field(4, "Gateway, inside the pool; never handed out") public var gateway: String
  @Field(5, "Mask of the pool") public var mask: String
  @Field(6, "NAS for Disconnect-Requests, host:port (RFC 5176 port 3799 usually)") public var nasAddress: String
  @Field(7, "Addresses in use") public var used: Int64
  @Field(8, "Addresses that may be handed out (hosts less the gateway)") public var capacity: Int64
}

@WireMessage("Create an access point.")
public struct CreateAccessPointRequest: Sendable, Hashable {
  @Field(1, "Name") public var name: String
  @Field(2, "The pool, CIDR") public var network: String
  @Field(3, "Gateway") public var gateway: String
  @Field(4, "NAS for Disconnect-Requests, IPv4 host:port; empty when none") public var nasAddress: String
  @Field(5, "The NAS's shared secret, 1–128 characters (secret: never shown again)") public var nasSecret: String
}

@WireMessage("Access points; paged by id.")
public struct ListAccessPointsRequest: Sendable, Hashable {
  @Field(1, "Page: default 100, at most 1000") public var page: PageRequest
}

@WireMessage("A page of access points.")
public struct ListAccessPointsReply: Sendable, Hashable {
  @Field(1, "Access points") public var accessPoints: [AccessPoint]
  @Field(2, "Token for the next page; empty on the last") public var nextPageToken: String
}

@WireMessage("«Novo IP»: an address of the access point's pool for a plan.")
public struct AssignAddressRequest: Sendable, Hashable {
  @Field(1, "Plan id") public var planID: String
  @Field(2, "Access point") public var accessPointID: Int64
  @Field(3, "The address wanted; the next free one when empty («IP Secundário Automático»)") public
    var address: String
  @Field(4, "A secondary address") public var secondary: Bool
  @Field(5, "MAC address: six hexadecimal pairs («Formato do MAC é Inválido» otherwise); empty when none") public
    var mac: String
  @Field(6, "Download kbit/s, 0–100000000; the plan type's when 0") public var downloadKbps: Int32
  @Field(7, "Upload kbit/s, 0–100000000; the plan type's when 0") public var uploadKbps: Int32
  @Field(8, "Options, at most 20 of 1–50 characters") public var options: [String]
  @Field(9, "WPA2: a strong key is generated") public var wpa2: Bool
  @Field(10, "Messages in this language: empty or en, or pt") public var language: String
}

@WireMessage("Release an address.")
public struct ReleaseAddressRequest: Sendable, Hashable {
  @Field(1, "Address id") public var addressID: Int64
  @Field(2, "Why") public var reason: String
}

@WireMessage("«Cadastrar Novo Circuito» or edit it.")
public struct SetCircuitRequest: Sendable, Hashable {
  @Field(1, "Plan id") public var planID: String
  @Field(2, "Name, 3–40 printable characters, unique; the generated one when empty (CCC000123-001)") public
    var name: String
  @Field(3, "Notes («Observações»), at most 500 characters") public var notes: String
}

@WireMessage("Post a month's plan charges to Billing.")
public struct ChargePlansRequest: Sendable, Hashable {
  @Field(1, "Any day of the month; its first day is the period") public var month: CalendarDate?
}

@WireMessage("What a charge run did.")
public struct ChargePlansReply: Sendable, Hashable {
  @Field(1, "Charges recorded by this call (plans active in the month and not charged before)") public
    var recorded: Int32
  @Field(2, "Charges of the month Billing has taken") public var posted: Int32
  @Field(3, "Charges still to post (Billing away): posted again by the next call or the poster") public
    var pending: Int32
  @Field(4, "Charges Billing refused, with their reason in the log") public var refused: Int32
}
