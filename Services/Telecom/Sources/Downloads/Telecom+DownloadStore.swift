import NIOCore
import PostgresNIO
import RPC
import Storage
import WireCodec

#if canImport(FoundationEssentials)
  import FoundationEssentials
#else
  import Foundation
#endif

/// A `downloads` row without its bytes, as the list shows it.
struct DownloadRow: Sendable {
  static let columns = "d.id, d.file_name, d.content_type, d.size, d.created_at, d.expires_at, d.task_id, d.seq"
  typealias Row = (UUID, String, String, Int64, UTCTimestamp, UTCTimestamp, UUID, Int64)

  let id: UUID
  let fileName: String
  let contentType: String
  let size: Int64
  let createdAt: UTCTimestamp
  let expiresAt: UTCTimestamp
  let taskID: UUID
  let seq: Int64

  init(_ row: Row) {
    (self.id, self.fileName, self.contentType, self.size, self.createdAt, self.expiresAt, self.taskID, self.seq) = row
  }
}

/// The SQL of the Downloads list. A file past its expiry is as good as gone: it is neither
/// listed nor served, whether or not the cleanup job has deleted it yet.
extension Telecom {
  /// Stores the file an export task made, once per task: a task run again after a crash finds
  /// its file and gets its id back.
  func storeDownload(
    taskID: UUID, userID: String, organization: UUID?, fileName: String, contentType: String, bytes: [UInt8],
    on connection: PostgresConnection
  ) async throws -> UUID {
    let now = self.now
    let expires = now.adding(.seconds(Int64(self.settings.downloadsKeepDays) * 86_400))
    try await connection.query(
      """
      INSERT INTO downloads (id, user_id, organization_id, task_id, file_name, content_type, bytes, size, created_at,
                             expires_at)
      VALUES (\(UUID()), \(userID), \(organization), \(taskID), \(fileName), \(contentType), \(ByteBuffer(bytes: bytes)),
              \(Int64(bytes.count)), \(now), \(expires))
      ON CONFLICT (task_id) DO NOTHING
      """, logger: self.logger)
    let id = try await connection.query("SELECT id FROM downloads WHERE task_id = \(taskID)", logger: self.logger)
      .decode(UUID.self).collect().first
    guard let id else { throw TelecomError.downloadNotFound }
    return id
  }

  /// The user's files that have not expired, newest first.
  func downloads(of user: String, page: Page<Int64>, on connection: PostgresConnection) async throws -> [DownloadRow] {
    try await connection.query(
      """
      SELECT \(unescaped: DownloadRow.columns) FROM downloads d
      WHERE d.user_id = \(user) AND d.expires_at > \(self.now)
        AND (\(page.after)::bigint IS NULL OR d.seq < \(page.after))
      ORDER BY d.seq DESC LIMIT \(page.limit)
      """, logger: self.logger
    ).decode(DownloadRow.Row.self).collect().map(DownloadRow.init)
  }

  /// The user's file `id` and `length` of its bytes from `offset` (0-based); nil when the user
  /// has no such file or it has expired.
  func downloadPiece(
    _ id: UUID, of user: String, offset: Int32, length: Int32, on connection: PostgresConnection
  ) async throws -> (row: DownloadRow, bytes: ByteBuffer)? {
    let rows = try await connection.query(
      """
      SELECT \(unescaped: DownloadRow.columns), substring(d.bytes FROM \(offset) + 1 FOR \(length))
      FROM downloads d WHERE d.id = \(id) AND d.user_id = \(user) AND d.expires_at > \(self.now)
      """, logger: self.logger
    ).decode((UUID, String, String, Int64, UTCTimestamp, UTCTimestamp, UUID, Int64, ByteBuffer).self).collect()
    guard let row = rows.first else { return nil }
    return (DownloadRow((row.0, row.1, row.2, row.3, row.4, row.5, row.6, row.7)), row.8)
  }

  /// Deletes the user's file `id`; false when there was none.
  func removeDownload(_ id: UUID, of user: String, on connection: PostgresConnection) async throws -> Bool {
    try await connection.query(
      "DELETE FROM downloads WHERE id = \(id) AND user_id = \(user) RETURNING id", logger: self.logger
    ).decode(UUID.self).collect().isEmpty == false
  }

  /// Deletes up to `limit` expired files; returns how many.
  func deleteExpiredDownloads(limit: Int, on connection: PostgresConnection) async throws -> Int {
    try await connection.query(
      """
      DELETE FROM downloads WHERE id IN (
        SELECT id FROM downloads WHERE expires_at <= \(self.now) ORDER BY expires_at LIMIT \(limit)
        FOR UPDATE SKIP LOCKED)
      RETURNING id
      """, logger: self.logger
    ).decode(UUID.self).collect().count
  }
}
