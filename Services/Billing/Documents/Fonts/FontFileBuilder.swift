/// Writes an sfnt (TrueType) file from its tables: directory, checksums, alignment.
enum FontFileBuilder {
  static func build(tables unsorted: [(tag: String, data: [UInt8])]) -> [UInt8] {
    let tables = unsorted.sorted { $0.tag < $1.tag }  // the directory must be sorted by tag
    let count = tables.count
    var power = 1
    var log2 = 0
    while power * 2 <= count {
      power *= 2
      log2 += 1
    }
    var file: [UInt8] = []
    file.appendUInt32(0x0001_0000)
    file.appendUInt16(UInt16(count))
    file.appendUInt16(UInt16(power * 16))
    file.appendUInt16(UInt16(log2))
    file.appendUInt16(UInt16(count * 16 - power * 16))
    var offset = 12 + 16 * count
    var headOffset: Int?
    for table in tables {
      file.append(contentsOf: Array(table.tag.utf8.prefix(4)))
      file.appendUInt32(self.checksum(table.data))
      file.appendUInt32(UInt32(offset))
      file.appendUInt32(UInt32(table.data.count))
      if table.tag == "head" { headOffset = offset }
      offset += (table.data.count + 3) / 4 * 4
    }
    for table in tables {
      file.append(contentsOf: table.data)
      file.padToFourBytes()
    }
    if let headOffset {
      file.setUInt32(0xB1B0_AFBA &- self.checksum(file), at: headOffset + 8)
    }
    return file
  }

  /// The sum of big-endian 32-bit words, the last one zero-padded.
  static func checksum(_ data: [UInt8]) -> UInt32 {
    var sum: UInt32 = 0
    var index = 0
    while index < data.count {
      var word: UInt32 = 0
      for byte in 0..<4 {
        word = word << 8 | UInt32(index + byte < data.count ? data[index + byte] : 0)
      }
      sum = sum &+ word
      index += 4
    }
    return sum
  }
}
