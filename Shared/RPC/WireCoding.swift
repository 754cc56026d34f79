public import GRPCCore
public import WireCodec

/// Plugs the wire codec into grpc-swift-2 as its serializer.
public struct WireSerializer<Message: WireMessage>: MessageSerializer {
  public init() {}

  @inlinable
  public func serialize<Bytes: GRPCContiguousBytes>(_ message: Message) throws -> Bytes {
    var writer = WireWriter()
    message.encodeWireFields(to: &writer)
    return writer.withUnsafeBytes { encoded in
      var bytes = Bytes(repeating: 0, count: encoded.count)
      bytes.withUnsafeMutableBytes { $0.copyMemory(from: encoded) }
      return bytes
    }
  }
}

/// Plugs the wire codec into grpc-swift-2 as its deserializer. A body that does not decode
/// ends the call with INVALID_ARGUMENT and reason `MALFORMED_MESSAGE`; one over the size
/// limit with RESOURCE_EXHAUSTED and reason `MESSAGE_TOO_LARGE`.
public struct WireDeserializer<Message: WireMessage>: MessageDeserializer {
  /// Fixed limits, or `nil` to use the serving call's ``RequestLimits/current``.
  public let limits: WireLimits?

  public init(limits: WireLimits? = nil) {
    self.limits = limits
  }

  @inlinable
  public func deserialize<Bytes: GRPCContiguousBytes>(_ serializedMessageBytes: Bytes) throws -> Message {
    let limits = self.limits ?? RequestLimits.current
    let result = serializedMessageBytes.withUnsafeBytes { raw in
      Result { () throws(WireDecodingError) -> Message in try Message(wireEncoded: raw, limits: limits) }
    }
    switch result {
    case .success(let message):
      return message
    case .failure(let error) where error.reason == .messageTooLarge:
      throw PlatformError.messageTooLarge(limit: limits.maxMessageBytes)
    case .failure(let error):
      throw PlatformError.malformedMessage(error)
    }
  }
}

/// The decoding limits of the call being served, set by the server's outermost interceptor
/// from its configuration, so that services need not pass them to every registration.
public enum RequestLimits {
  /// The serving call's limits (see ``CallScope``), or the defaults outside a call.
  public static var current: WireLimits { CallScope.current?.limits ?? .default }
}
