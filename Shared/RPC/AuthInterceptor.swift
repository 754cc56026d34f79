public import GRPCCore

/// Enforces each method's ``Access`` rule before its handler runs, and makes the verified
/// ``Caller`` available to the handler through `Caller.current`.
///
/// Methods missing from the rule table need a token: a method added without a rule is
/// closed, not open.
public struct AuthInterceptor: ServerInterceptor {
  let verifier: AccessTokenVerifier?
  let rules: [MethodDescriptor: Access]

  /// - Parameter verifier: `nil` when no key set is configured: then only public methods can
  ///   be called, and every other call is UNAUTHENTICATED.
  public init(verifier: AccessTokenVerifier?, contracts: [ServiceContract]) {
    self.verifier = verifier
    var rules: [MethodDescriptor: Access] = [:]
    for contract in contracts {
      for method in contract.methods { rules[method.descriptor] = method.access }
    }
    self.rules = rules
  }

  public func intercept<Input: Sendable, Output: Sendable>(
    request: StreamingServerRequest<Input>,
    context: ServerContext,
    next: @Sendable (StreamingServerRequest<Input>, ServerContext) async throws -> StreamingServerResponse<Output>
  ) async throws -> StreamingServerResponse<Output> {
    let access = self.rules[context.descriptor] ?? .authenticated
    if access == .public {
      return try await next(request, context)
    }
    guard let token = Self.bearerToken(in: request.metadata) else { throw PlatformError.missingToken }
    guard let verifier = self.verifier else {
      throw PlatformError.invalidToken("this server has no keys configured to verify tokens")
    }
    let caller = try await verifier.verify(token)
    if case .permission(let permission) = access {
      try caller.require(permission)
    }
    return try await Caller.$current.withValue(caller) {
      try await next(request, context)
    }
  }

  static func bearerToken(in metadata: Metadata) -> String? {
    for value in metadata[stringValues: "authorization"] {
      if let token = self.bearerToken(in: value) { return token }
    }
    return nil
  }

  /// The token of one `authorization` value: after a case-insensitive `Bearer ` and any more
  /// spaces. Tokens are ASCII, and an ASCII value is read byte by byte — this runs for every
  /// call, and the Character-by-Character reading below (kept for any other value, and the
  /// definition `Tests/RPCTests/BearerTokenTests.swift` holds the fast one to) was 1.5 % of a
  /// server's CPU under load (docs/BENCHMARKS.md §12).
  static func bearerToken(in value: String) -> String? {
    let prefix = "bearer "
    let bytes = value.utf8
    guard bytes.allSatisfy({ $0 < 0x80 }) else {
      guard value.count > prefix.count, value.lowercased().hasPrefix(prefix) else { return nil }
      return String(value.dropFirst(prefix.count).drop { $0 == " " })
    }
    guard bytes.count > prefix.utf8.count else { return nil }
    var index = bytes.startIndex
    for expected in prefix.utf8 {
      let byte = bytes[index]
      // ASCII letters differ from their capitals by bit 5 alone; the space must be a space.
      guard byte == expected || (expected != 0x20 && byte | 0x20 == expected) else { return nil }
      index = bytes.index(after: index)
    }
    while index < bytes.endIndex, bytes[index] == 0x20 { index = bytes.index(after: index) }
    return String(value[index...])
  }
}
