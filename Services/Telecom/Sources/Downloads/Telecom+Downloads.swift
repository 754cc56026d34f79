import GRPCCore
import Logging
import NIOCore
import RPC
import Storage
import TelecomAPI
import WireCodec

#if canImport(FoundationEssentials)
  import FoundationEssentials
#else
  import Foundation
#endif

extension TelecomError {
  static let downloadNotFound = TelecomError(
    code: .notFound, reason: "DOWNLOAD_NOT_FOUND", message: "No such file in your Downloads; it may have expired.")
}

/// The Downloads page (docs/telecom.md, "Usage reports and downloads"): each user's exported
/// files until they expire, fetched over RPC a piece at a time. Files are the user's own:
/// another user's file answers DOWNLOAD_NOT_FOUND, as if it did not exist.
extension Telecom {
  /// The largest piece DownloadFile returns: 1 MiB, well inside the 4 MiB message limit.
  static let maximumDownloadPiece = 1024 * 1024
  static let downloadsCleanupJob = "telecom.downloads-cleanup"
  /// Expired files deleted per transaction of the cleanup job.
  static let downloadsCleanupBatch = 500

  func listDownloads(_ request: ListDownloadsRequest, caller: Caller) async throws -> ListDownloadsReply {
    let page = try Self.pages.page(of: request.page, by: Int64.self)
    let rows = try await self.database.withConnection { connection in
      try await self.downloads(of: caller.userID, page: page, on: connection)
    }
    let (shown, next) = page.cut(rows) { $0.seq }
    return ListDownloadsReply(downloads: shown.map(\.wire), nextPageToken: next)
  }

  func downloadFile(_ request: DownloadFileRequest, caller: Caller) async throws -> DownloadFileChunk {
    var checks = FieldChecks()
    let id = UUID(uuidString: request.id)
    if id == nil { checks.add("id", "INVALID", "A download id is a UUID.") }
    if request.length > Self.maximumDownloadPiece {
      checks.add("length", "TOO_LARGE", "A piece is at most \(Self.maximumDownloadPiece) bytes (1 MiB).")
    }
    // A file is a bytea, under 1 GB: an offset past Int32 is past every file's end.
    if request.offset > UInt64(Int32.max) { checks.add("offset", "BEYOND_END", "The offset is past the file's end.") }
    try checks.check()
    guard let id else { throw TelecomError.downloadNotFound }
    let length = request.length == 0 ? Self.maximumDownloadPiece : Int(request.length)
    let piece = try await self.database.withConnection { connection in
      try await self.downloadPiece(
        id, of: caller.userID, offset: Int32(request.offset), length: Int32(length), on: connection)
    }
    guard let (row, bytes) = piece else { throw TelecomError.downloadNotFound }
    guard request.offset <= UInt64(max(row.size, 0)) else {
      throw ValidationFailure([FieldViolation("offset", "BEYOND_END", "The file has \(row.size) bytes.")])
    }
    return DownloadFileChunk(
      fileName: row.fileName, contentType: row.contentType, totalSize: UInt64(max(row.size, 0)),
      offset: request.offset, bytes: Data(bytes.readableBytesView))
  }

  func deleteDownload(_ request: DeleteDownloadRequest, caller: Caller) async throws -> DeleteDownloadReply {
    guard let id = UUID(uuidString: request.id) else {
      throw ValidationFailure([FieldViolation("id", "INVALID", "A download id is a UUID.")])
    }
    let deleted = try await self.database.withConnection { connection in
      try await self.removeDownload(id, of: caller.userID, on: connection)
    }
    guard deleted else { throw TelecomError.downloadNotFound }
    return DeleteDownloadReply()
  }

  /// The recurring cleanup: deletes expired files in batches, each its own transaction, so a
  /// large backlog never holds one long transaction.
  func deleteExpiredDownloads() async throws {
    var deleted = 0
    while true {
      let batch = try await self.database.transaction { connection in
        try await self.deleteExpiredDownloads(limit: Self.downloadsCleanupBatch, on: connection)
      }
      deleted += batch
      guard batch == Self.downloadsCleanupBatch else { break }
    }
    if deleted > 0 { self.logger.info("expired downloads deleted", metadata: ["files": "\(deleted)"]) }
  }
}

extension DownloadRow {
  var wire: Download {
    Download(
      id: self.id.uuidString.lowercased(), fileName: self.fileName, contentType: self.contentType,
      size: UInt64(max(self.size, 0)), createdAt: self.createdAt, expiresAt: self.expiresAt,
      taskID: self.taskID.uuidString.lowercased())
  }
}
