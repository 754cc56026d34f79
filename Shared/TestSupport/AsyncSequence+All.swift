extension AsyncSequence {
  /// Every element, in order (for small query results in tests).
  public func all() async throws -> [Element] {
    var elements: [Element] = []
    for try await element in self { elements.append(element) }
    return elements
  }
}
