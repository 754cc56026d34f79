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
      let prefix = "bearer "
      if value.count > prefix.count, value.lowercased().hasPrefix(prefix) {
        return String(value.dropFirst(prefix.count).drop { $0 == " " })
      }
    }
    return nil
  }
}
