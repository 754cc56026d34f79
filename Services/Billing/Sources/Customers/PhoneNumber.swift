/// Contact phones in E.164 (`+74950000000`), so that a customer is found by a phone however it
/// was typed: `8 (495) 000-00-00`, `+7 495 000 00 00`, `7-495-0000000`, `4950000000`.
///
/// National formats are read as Russia's and Kazakhstan's shared numbering plan (+7): a trunk
/// prefix 8 or a bare 10-digit number means +7. International numbers need `+`, `00` or the
/// Russian/Kazakh international prefix `810`.
enum PhoneNumber {
  /// `text` in E.164, or `nil` when it is no phone number in any of the forms above.
  static func e164(_ text: String) -> String? {
    let trimmed = text.trimmingCharacters(in: " \t")
    let separators: Set<Character> = [" ", "-", "(", ")", ".", "\u{00A0}", "\t"]
    guard trimmed.allSatisfy({ $0.isASCII && ($0.isNumber || separators.contains($0) || $0 == "+") }) else {
      return nil
    }
    let plus = trimmed.hasPrefix("+")
    guard trimmed.dropFirst(plus ? 1 : 0).allSatisfy({ $0 != "+" }) else { return nil }
    let digits = String(trimmed.filter(\.isNumber))
    let international: String
    if plus {
      international = digits
    } else if digits.hasPrefix("00") {
      international = String(digits.dropFirst(2))
    } else if digits.hasPrefix("810"), digits.count > 11 {
      international = String(digits.dropFirst(3))
    } else if digits.count == 11, digits.first == "8" || digits.first == "7" {
      international = "7" + digits.dropFirst()
    } else if digits.count == 10 {
      international = "7" + digits
    } else {
      return nil
    }
    // E.164: a country code that does not start with 0, at most 15 digits in all.
    guard (8...15).contains(international.count), international.first != "0" else { return nil }
    return "+" + international
  }
}

extension String {
  fileprivate func trimmingCharacters(in set: String) -> String {
    String(self.drop { set.contains($0) }.reversed().drop { set.contains($0) }.reversed())
  }
}
