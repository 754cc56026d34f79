/// Bounds enforced while decoding untrusted input, so that no input can make the decoder
/// use more memory or stack than the caller agreed to.
public struct WireLimits: Sendable, Hashable {
  /// Largest accepted input, in bytes.
  public var maxMessageBytes: Int
  /// Deepest accepted nesting of messages (the top-level message is depth 0).
  public var maxDepth: Int
  /// Most elements accepted across all repeated and map fields of one message tree.
  public var maxElements: Int

  public init(maxMessageBytes: Int, maxDepth: Int, maxElements: Int) {
    self.maxMessageBytes = maxMessageBytes
    self.maxDepth = maxDepth
    self.maxElements = maxElements
  }

  /// 4 MiB (gRPC's default request limit), depth 64, one million elements.
  public static let `default` = WireLimits(
    maxMessageBytes: 4 * 1024 * 1024,
    maxDepth: 64,
    maxElements: 1_000_000
  )
}
