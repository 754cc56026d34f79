import Crypto
import TestSupport

@testable import Mail

/// Attachments the mail tests send, and what the SMTP sink must report for each.
enum AttachmentSamples {
  /// A PDF-looking file holding every byte value, and lines that would matter to SMTP if they
  /// were sent as they are (a lone dot, a bare CR, NUL): base64 must carry them unchanged.
  static let invoice = MailAttachment(
    filename: "Счёт NCR-0001.pdf", contentType: "application/pdf",
    content: Array("%PDF-1.7\n%âãÏÓ\n".utf8) + (0...255).map(UInt8.init) + Array("\r\n.\r\n\r\0\n".utf8)
      + (0...255).reversed().map(UInt8.init) + Array(repeating: 0x2E, count: 300) + Array("\n%%EOF\n".utf8))

  /// Text that must not be re-encoded: mixed line endings, no final newline.
  static let details = MailAttachment(
    filename: "details.csv", contentType: "text/csv",
    content: Array("номер;сумма\r\nNCR-0001;1250.00\nитого;1250.00".utf8))

  /// A name long enough for RFC 2231 continuation sections, and a long content type.
  static let reconciliation = MailAttachment(
    filename: "Акт сверки взаиморасчётов за период с 01.01.2026 по 31.03.2026 — ООО «Ромашка» 📄.xlsx",
    contentType: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    content: Array((0..<5000).map { UInt8(truncatingIfNeeded: $0 &* 31 &+ 7) }))

  static let empty = MailAttachment(filename: "empty.txt", contentType: "text/plain", content: [])

  static let all = [invoice, details, reconciliation, empty]

  static func sha256(_ bytes: [UInt8]) -> String {
    SHA256.hash(data: bytes).map { byte in
      let hex = String(byte, radix: 16)
      return byte < 16 ? "0" + hex : hex
    }.joined()
  }

  /// What the sink reports for `attachment` when it arrived intact.
  static func received(_ attachment: MailAttachment) -> ReceivedAttachment {
    ReceivedAttachment(
      filename: attachment.filename, contentType: attachment.contentType, size: attachment.content.count,
      sha256: self.sha256(attachment.content))
  }
}
