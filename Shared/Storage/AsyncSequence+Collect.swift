extension AsyncSequence {
  /// Every element, in order: for query results known to be small (a store applies a LIMIT).
  public func collect() async throws -> [Element] {
    var elements: [Element] = []
    for try await element in self { elements.append(element) }
    return elements
  }
}
