/// Big-endian appends for building font tables, the mirror of `FontBytes`.
extension Array where Element == UInt8 {
  mutating func appendUInt16(_ value: UInt16) {
    self.append(UInt8(value >> 8))
    self.append(UInt8(truncatingIfNeeded: value))
  }

  mutating func appendUInt32(_ value: UInt32) {
    for shift in stride(from: 24, through: 0, by: -8) {
      self.append(UInt8(truncatingIfNeeded: value >> UInt32(shift)))
    }
  }

  mutating func setUInt16(_ value: UInt16, at offset: Int) {
    self[offset] = UInt8(value >> 8)
    self[offset + 1] = UInt8(truncatingIfNeeded: value)
  }

  mutating func setUInt32(_ value: UInt32, at offset: Int) {
    for index in 0..<4 {
      self[offset + index] = UInt8(truncatingIfNeeded: value >> UInt32(24 - 8 * index))
    }
  }

  mutating func padToFourBytes() {
    while self.count % 4 != 0 { self.append(0) }
  }
}
