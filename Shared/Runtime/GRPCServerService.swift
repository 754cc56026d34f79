public import GRPCCore
public import ServiceLifecycle

/// Runs a `GRPCServer` as a service of the service group: on graceful shutdown it stops
/// accepting calls and lets in-flight ones finish.
public struct GRPCServerService<Transport: ServerTransport>: Service {
  public let server: GRPCServer<Transport>

  public init(server: GRPCServer<Transport>) {
    self.server = server
  }

  public func run() async throws {
    try await withGracefulShutdownHandler {
      try await self.server.serve()
    } onGracefulShutdown: {
      self.server.beginGracefulShutdown()
    }
  }
}
