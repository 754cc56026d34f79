public import PostgresNIO

extension Database {
  /// Runs `body` in a transaction at `isolation`, committing if it returns and rolling back
  /// if it throws. A serialization failure or deadlock runs the whole body again, up to
  /// `attempts` times, before it reaches the caller as ABORTED; other database errors are
  /// mapped by ``StoreError/mapping(_:)``. `body` must therefore be safe to repeat: it may
  /// only change the database.
  @discardableResult
  public func transaction<Result: Sendable>(
    isolation: TransactionIsolation = .readCommitted,
    attempts: Int = 5,
    _ body: @escaping @Sendable (PostgresConnection) async throws -> Result
  ) async throws -> Result {
    var attempt = 1
    while true {
      do {
        return try await self.leasing { connection in
          try await connection.query(
            PostgresQuery(unsafeSQL: "BEGIN ISOLATION LEVEL \(isolation.rawValue)"), logger: self.logger)
          let result: Result
          do {
            result = try await body(connection)
          } catch {
            _ = try? await connection.query("ROLLBACK", logger: self.logger)
            throw error
          }
          try await connection.query("COMMIT", logger: self.logger)
          return result
        }
      } catch  where StoreError.isRetryable(error) && attempt < attempts {
        attempt += 1
        try await Task.sleep(for: .milliseconds(Int.random(in: 1...(10 * attempt))))
      } catch {
        throw StoreError.mapping(error, uniqueViolations: self.uniqueViolations)
      }
    }
  }
}

/// PostgreSQL transaction isolation levels.
public enum TransactionIsolation: String, Sendable {
  case readCommitted = "READ COMMITTED"
  case repeatableRead = "REPEATABLE READ"
  case serializable = "SERIALIZABLE"
}
