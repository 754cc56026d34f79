import GRPCCore
public import WireCodec

@WireMessage("Which page of a list to return.")
public struct PageRequest: Sendable, Hashable {
  @Field(1, "Items per page; 0 for the method's default; larger than the method's maximum is refused") public var size:
    UInt32
  @Field(2, "The next_page_token of the previous page; empty for the first page") public var token: String
}

/// How a list method pages: its default and maximum page size, and a cursor that is the
/// last item's sort key, so pages stay stable while rows are added.
public struct PageRules: Sendable {
  public let defaultSize: Int
  public let maximumSize: Int

  public init(defaultSize: Int, maximumSize: Int) {
    self.defaultSize = defaultSize
    self.maximumSize = maximumSize
  }

  /// The page size to use for `request`, or INVALID_ARGUMENT when it is too large.
  public func size(of request: PageRequest) throws(PlatformError) -> Int {
    if request.size == 0 { return self.defaultSize }
    guard request.size <= self.maximumSize else {
      throw PlatformError(
        code: .invalidArgument, reason: "PAGE_TOO_LARGE",
        message: "A page holds at most \(self.maximumSize) items; \(request.size) were asked for.")
    }
    return Int(request.size)
  }

  /// The cursor in `request`: an integer (e.g. the last id seen), or INVALID_ARGUMENT.
  public func cursor(of request: PageRequest) throws(PlatformError) -> Int64? {
    guard !request.token.isEmpty else { return nil }
    guard let value = Int64(request.token) else {
      throw PlatformError(
        code: .invalidArgument, reason: "PAGE_TOKEN_INVALID", message: "The page token is not one this list gave out.")
    }
    return value
  }
}
