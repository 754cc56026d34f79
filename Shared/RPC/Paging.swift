import GRPCCore
public import WireCodec

@WireMessage("Which page of a list to return.")
public struct PageRequest: Sendable, Hashable {
  @Field(1, "Items per page; 0 for the method's default; larger than the method's maximum is refused") public var size:
    UInt32
  @Field(2, "The next_page_token of the previous page; empty for the first page") public var token: String
}

/// How a list method pages: its default and maximum page size, and a keyset cursor — the last
/// item's sort key — so pages stay stable while rows are added or removed (an offset would skip
/// or repeat rows). Every list uses it the same way:
///
/// ```swift
/// let page = try Self.pages.page(of: request.page, by: Int64.self)
/// let rows = … WHERE (\(page.after)::bigint IS NULL OR id > \(page.after)) ORDER BY id LIMIT \(page.limit)
/// let (items, next) = page.cut(rows) { $0.id }
/// ```
public struct PageRules: Sendable {
  public let defaultSize: Int
  public let maximumSize: Int

  public init(defaultSize: Int, maximumSize: Int) {
    self.defaultSize = defaultSize
    self.maximumSize = maximumSize
  }

  /// The page `request` asks for, keyed by `Key`: its size (INVALID_ARGUMENT / PAGE_TOO_LARGE
  /// above the maximum) and the key it starts after (INVALID_ARGUMENT / PAGE_TOKEN_INVALID for a
  /// token this list did not hand out).
  public func page<Key: PageKey>(of request: PageRequest, by key: Key.Type) throws(PlatformError) -> Page<Key> {
    let size = try self.size(of: request)
    guard !request.token.isEmpty else { return Page(size: size, after: nil) }
    guard let after = Key(token: request.token) else { throw Self.invalidToken }
    return Page(size: size, after: after)
  }

  /// The page size to use for `request`, or INVALID_ARGUMENT when it is too large.
  private func size(of request: PageRequest) throws(PlatformError) -> Int {
    if request.size == 0 { return self.defaultSize }
    guard request.size <= self.maximumSize else {
      throw PlatformError(
        code: .invalidArgument, reason: "PAGE_TOO_LARGE",
        message: "A page holds at most \(self.maximumSize) items; \(request.size) were asked for.")
    }
    return Int(request.size)
  }

  public static let invalidToken = PlatformError(
    code: .invalidArgument, reason: "PAGE_TOKEN_INVALID", message: "The page token is not one this list gave out.")
}

/// One page of a list: how many items, and the sort key of the last item of the page before.
public struct Page<Key: PageKey>: Sendable {
  public let size: Int
  /// `nil` on the first page.
  public let after: Key?

  public init(size: Int, after: Key?) {
    self.size = size
    self.after = after
  }

  /// What to ask the store for: one row more than the page, to learn whether another follows.
  public var limit: Int { self.size + 1 }

  /// The page's rows out of the (at most ``limit``) fetched, and the token of the next page
  /// (the last row's key; empty when this is the last page).
  public func cut<Row>(_ rows: [Row], key: (Row) -> Key) -> (rows: ArraySlice<Row>, nextPageToken: String) {
    let page = rows.prefix(self.size)
    guard rows.count > self.size, let last = page.last else { return (page, "") }
    return (page, key(last).token)
  }
}

/// A sort key as a page token carries it. Tokens are opaque to callers; the text form keeps them
/// readable in logs.
public protocol PageKey: Sendable {
  /// `nil` for text this key never produces.
  init?(token: String)
  var token: String { get }
}

extension Int64: PageKey {
  public init?(token: String) { self.init(token) }
  public var token: String { String(self) }
}

extension String: PageKey {
  /// Never a key with a NUL: no stored text holds one, and PostgreSQL refuses it as a parameter
  /// (a hand-made token with one was an INTERNAL error, not PAGE_TOKEN_INVALID).
  public init?(token: String) {
    guard !token.utf8.contains(0) else { return nil }
    self = token
  }
  public var token: String { self }
}

extension CalendarDate: PageKey {
  public init?(token: String) { self.init(iso8601: token) }
  public var token: String { self.description }
}

extension UTCTimestamp: PageKey {
  public init?(token: String) {
    guard let micros = Int64(token) else { return nil }
    self.init(microsecondsSinceEpoch: micros)
  }
  public var token: String { String(self.microsecondsSinceEpoch) }
}

/// A key of two parts, for lists sorted by a value that repeats (a date, a status) and then by a
/// unique one: `2026-05-01_5f0c…`. The first part's token never holds `_`.
public struct PageKeyPair<First: PageKey, Second: PageKey>: PageKey {
  public let first: First
  public let second: Second

  public init(_ first: First, _ second: Second) {
    self.first = first
    self.second = second
  }

  public init?(token: String) {
    guard let split = token.firstIndex(of: "_"), let first = First(token: String(token[..<split])),
      let second = Second(token: String(token[token.index(after: split)...]))
    else { return nil }
    self.init(first, second)
  }

  public var token: String { "\(self.first.token)_\(self.second.token)" }
}
