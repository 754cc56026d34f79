public import GRPCCore
import WireCodec

/// Serves `abonent.platform.Platform` (Describe and Ping) for the contracts of one server.
public struct PlatformService: RegistrableRPCService {
  let describeReply: DescribeReply

  /// - Parameter contracts: the server's own contracts; the platform contract is added.
  public init(serving contracts: [ServiceContract]) {
    self.describeReply = DescribeReply(describing: [PlatformContract.contract] + contracts)
  }

  public func registerMethods<Transport: ServerTransport>(with router: inout RPCRouter<Transport>) {
    let reply = self.describeReply
    router.register(PlatformContract.describe) { _, _ in reply }
    router.register(PlatformContract.ping) { request, _ in
      if request.delayMillis > 0 {
        try await Task.sleep(for: .milliseconds(min(request.delayMillis, 10_000)))
      }
      return PingReply(text: request.text, serverTime: .now)
    }
  }
}
