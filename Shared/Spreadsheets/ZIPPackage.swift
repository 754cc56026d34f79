import Foundation
import ZIPFoundation

/// The ZIP container of an OOXML package, built in memory with ZIPFoundation.
enum ZIPPackage {
  /// 1980-01-01 00:00 UTC, the earliest DOS timestamp: a fixed date makes equal workbooks
  /// byte-identical (ZIPFoundation converts with `gmtime`, so the time zone does not matter).
  static let timestamp = Date(timeIntervalSince1970: 315_532_800)

  static func build(_ parts: [(path: String, bytes: [UInt8])]) throws(SpreadsheetError) -> [UInt8] {
    do {
      let archive = try Archive(accessMode: .create)
      for part in parts {
        let data = Data(part.bytes)
        try archive.addEntry(
          with: part.path, type: .file, uncompressedSize: Int64(data.count), modificationDate: self.timestamp,
          compressionMethod: .deflate,
          provider: { position, size in data.subdata(in: Int(position)..<(Int(position) + size)) })
      }
      guard let data = archive.data else { throw SpreadsheetError.archiveFailed(reason: "no in-memory data") }
      return [UInt8](data)
    } catch let error as SpreadsheetError {
      throw error
    } catch {
      throw .archiveFailed(reason: String(describing: error))
    }
  }
}
