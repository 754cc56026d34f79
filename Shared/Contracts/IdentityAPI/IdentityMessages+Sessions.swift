public import RPC
public import WireCodec

@WireMessage("Sign in with a login or e-mail and a password.")
public struct SignInRequest: Sendable, Hashable {
  @Field(1, "Login or e-mail") public var login: String
  @Field(2, "Password") public var password: String
  @Field(3, "Keep the session for the long refresh lifetime (30 days by default) instead of a browser session (12 h)")
  public var rememberMe: Bool
  @Field(4, "Client description shown in the session list, e.g. the browser") public var device: String
}

@WireMessage("Tokens for a session.")
public struct TokenPair: Sendable, Hashable {
  @Field(1, "Short-lived signed access token: send as 'authorization: Bearer …'") public var accessToken: String
  @Field(2, "When the access token expires") public var accessExpiresAt: UTCTimestamp
  @Field(3, "Opaque, single-use: exchange it with Refresh for a new pair; empty for service accounts") public
    var refreshToken: String
  @Field(4, "When the session ends unless refreshed") public var refreshExpiresAt: UTCTimestamp
  @Field(5, "The session's id") public var sessionID: String
}

@WireMessage("Exchange a refresh token for a new pair; the old one stops working.")
public struct RefreshRequest: Sendable, Hashable {
  @Field(1, "The refresh token of the last pair") public var refreshToken: String
}

@WireMessage("End the current session (the one the access token belongs to).")
public struct SignOutRequest: Sendable, Hashable {}

@WireMessage("My sessions, newest first.")
public struct ListSessionsRequest: Sendable, Hashable {
  @Field(1, "Page") public var page: PageRequest
}

@WireMessage("One sign-in session.")
public struct SessionInfo: Sendable, Hashable {
  @Field(1, "Session id") public var id: String
  @Field(2, "Client description given at sign-in") public var device: String
  @Field(3, "Signed in at") public var createdAt: UTCTimestamp
  @Field(4, "Last refreshed at") public var lastUsedAt: UTCTimestamp
  @Field(5, "Ends at unless refreshed") public var expiresAt: UTCTimestamp
  @Field(6, "Whether the calling access token belongs to it") public var current: Bool
}

@WireMessage("A page of sessions.")
public struct ListSessionsReply: Sendable, Hashable {
  @Field(1, "Sessions") public var sessions: [SessionInfo]
  @Field(2, "Token for the next page; empty on the last") public var nextPageToken: String
}

@WireMessage("End one of my sessions, or all of them.")
public struct RevokeSessionsRequest: Sendable, Hashable {
  @Field(1, "The session to end; empty for all") public var sessionID: String
  @Field(2, "With an empty session id: keep the calling session") public var keepCurrent: Bool
}

@WireMessage("How many sessions ended.")
public struct RevokeSessionsReply: Sendable, Hashable {
  @Field(1, "Sessions ended") public var revoked: UInt32
}

@WireMessage("Client credentials of a service account.")
public struct ServiceTokenRequest: Sendable, Hashable {
  @Field(1, "Client id") public var clientID: String
  @Field(2, "Client secret") public var clientSecret: String
}
