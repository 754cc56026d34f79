/// The words of a payment purpose that may name an invoice, an account or a contract.
///
/// Dates (`от 01.12.2023`, `2023-12-01`, `1 декабря 2023`), amounts (`1 200,00`, `4645.00 руб.`,
/// `сумма 4645`), percentages (`НДС 20%`) and years (`за 2023 год`, `2023 г.`) are blanked out
/// first: their digits must never be read as a contract number. What is left is split into
/// words at anything that is not a letter, a digit, `-` or `/`.
public enum PurposeText {
  /// Candidate references in `purpose`, each once, in order; at most 200 of at most 32
  /// characters.
  public static func references(in purpose: String) -> [String] {
    var text = purpose
    for pattern in self.noise {
      text = text.replacing(pattern) { match in String(repeating: " ", count: match.output.count) }
    }
    let words = text.split { !($0.isLetter || $0.isNumber || $0 == "-" || $0 == "/") }
    var seen = Set<String>()
    return words.map {
      String($0.drop { $0 == "-" || $0 == "/" }.reversed().drop { $0 == "-" || $0 == "/" }.reversed())
    }
    .filter { !$0.isEmpty && $0.count <= 32 && seen.insert($0).inserted }
    .prefix(200).map { $0 }
  }

  /// What is blanked out, in this order (a date before the amounts its parts look like).
  /// Literals, so the compiler checks every pattern; `\b` is the simple word boundary (a
  /// letter, digit or `_` on one side only), not Unicode's, which keeps `01.12.2023` one word.
  /// (Built per call: `Regex` is not `Sendable`, and a purpose is read once per bank line.)
  private static var noise: [Regex<Substring>] { Self.patterns.map { $0.wordBoundaryKind(.simple) } }

  private static var patterns: [Regex<Substring>] {
    [
      // 01.12.2023, 1/12/23, 01-12-2023 and ISO 2023-12-01.
      #/\b\d{1,2}[.\/-]\d{1,2}[.\/-](?:\d{4}|\d{2})(?!\d)/#,
      #/\b\d{4}-\d{2}-\d{2}(?!\d)/#,
      // 1 декабря 2023, декабрь 2023 г., 1 декабря.
      #/(?i)(?:\b\d{1,2}\s+)?(?:январ[яь]|феврал[яь]|марта?|апрел[яь]|ма[яй]|июн[яь]|июл[яь]|августа?|сентябр[яь]|октябр[яь]|ноябр[яь]|декабр[яь])(?:\s+\d{4}(?!\d)(?:\s*(?:г\.?|года?))?)?/#,
      // 2023 г., 2023 года, 2023-2024 гг., за 2023.
      #/(?i)\b(?:19|20)\d{2}(?:\s*[-–]\s*(?:19|20)\d{2})?\s*(?:гг?\.?|года?|год)(?!\p{L})/#,
      #/(?i)\bза\s+(?:19|20)\d{2}(?!\d)/#,
      // 20%, 12,5 %.
      #/\d+(?:[.,]\d+)?\s*%/#,
      // Amounts with a decimal part: 1 200,00 · 4645.00.
      #/\b\d{1,3}(?:[ \u{00A0}]\d{3})*[.,]\d{1,2}(?![\d\p{L}])/#,
      #/\b\d{4,}[.,]\d{1,2}(?![\d\p{L}])/#,
      // Amounts marked by a currency or a word: 4645 руб., 1 200 RUB, сумма 4645, Сумма 1200-00, НДС 774.
      #/(?i)\d[\d \u{00A0}]*\s*(?:руб(?:лей|ля|ль)?\.?|р\.|₽|rub\b|тенге|тг\.?|kzt\b|₸|eur\b|€|usd\b|\$|коп\.?)/#,
      #/(?i)(?:сумм[аеыу]|ндс|в\s+т\.\s*ч\.)\s*(?:ндс\s*)?[:=]?\s*\d[\d \u{00A0}]*(?:[.,-]\d{1,2})?/#,
    ]
  }
}
