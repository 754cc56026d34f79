public import PostgresNIO

extension PostgresRowSequence {
  /// The first row, decoded, or `nil` when there is none: for queries that return one row
  /// (`SELECT … WHERE id = …`, `RETURNING …`). Rows after the first are not read.
  public func one<Column: PostgresDecodable & Sendable>(
    _ type: Column.Type, file: String = #fileID, line: Int = #line
  ) async throws -> Column? {
    for try await row in self {
      return try row.decode(Column.self, file: file, line: line)
    }
    return nil
  }

  /// ``one(_:file:line:)`` for a row of several columns.
  public func one<each Column: PostgresDecodable & Sendable>(
    _ columnTypes: (repeat each Column).Type, file: String = #fileID, line: Int = #line
  ) async throws -> (repeat each Column)? {
    for try await row in self {
      return try row.decode(columnTypes, file: file, line: line)
    }
    return nil
  }
}
