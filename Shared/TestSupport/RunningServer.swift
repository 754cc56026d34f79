public import GRPCCore
public import RPC
public import Testing

/// A test's handle on a server it started: typed calls over real gRPC on loopback, and the
/// refusals they end with.
public protocol RunningServer: Sendable {
  /// The server's gRPC port on 127.0.0.1.
  var port: Int { get }
}

extension RunningServer {
  /// Calls `method` with `token` as the bearer token (none when `nil`). Tests that pile many
  /// calls onto one row lock pass a longer `timeout`: they check correctness, not latency, and
  /// the whole suite shares two cores.
  public func call<Request, Reply>(
    _ method: UnaryMethod<Request, Reply>, _ request: Request, token: String? = nil, timeout: Duration = .seconds(30)
  ) async throws -> Reply {
    try await withWireClient(ClientSettings(host: "127.0.0.1", port: self.port, token: token)) { client in
      try await client.call(method, request, timeout: timeout)
    }
  }

  /// Calls client-streaming `method` with `requests` as its stream, one message each.
  public func upload<Request, Reply>(
    _ method: ClientStreamingMethod<Request, Reply>, _ requests: [Request], token: String? = nil,
    timeout: Duration = .seconds(120)
  ) async throws -> Reply {
    try await withWireClient(ClientSettings(host: "127.0.0.1", port: self.port, token: token)) { client in
      try await client.upload(method, timeout: timeout) { writer in try await writer.write(contentsOf: requests) }
    }
  }

  /// The RPC error `body` ends with; records an issue if it succeeds or fails otherwise.
  public func refusal(_ body: () async throws -> Void, sourceLocation: SourceLocation = #_sourceLocation) async
    -> RPCError?
  {
    do {
      try await body()
      Issue.record("expected a refusal", sourceLocation: sourceLocation)
      return nil
    } catch let error as RPCError {
      return error
    } catch {
      Issue.record("unexpected error \(error)", sourceLocation: sourceLocation)
      return nil
    }
  }
}
