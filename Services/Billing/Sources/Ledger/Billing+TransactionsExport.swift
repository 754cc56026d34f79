import BillingAPI
import BillingDocuments
import PostgresNIO
import RPC
import Spreadsheets
import Storage
import WireCodec

extension Billing {
  /// The filtered transactions of an account as a workbook, oldest first; at most 5000 rows.
  func exportTransactions(_ request: ListTransactionsRequest, caller: Caller) async throws -> Document {
    var everything = request
    everything.order = .oldestFirst
    everything.page = PageRequest(size: 5000)
    let listed = try await self.listTransactions(everything, caller: caller)
    guard listed.nextPageToken.isEmpty else { throw BillingError.exportTooLarge }
    let columns = [
      XLSXColumn("№", width: 10), XLSXColumn("Дата", width: 12), XLSXColumn("Вид", width: 14),
      XLSXColumn("Сумма", width: 14),
      XLSXColumn("Валюта", width: 8), XLSXColumn("Услуга", width: 16), XLSXColumn("Назначение", width: 40),
      XLSXColumn("Плательщик", width: 24),
      XLSXColumn("Источник", width: 14), XLSXColumn("Сторнирует", width: 10), XLSXColumn("Проведено (UTC)", width: 20),
    ]
    let rows: [[XLSXCell]] = try listed.entries.map { entry in
      [
        .integer(entry.id), .date(try Self.documentDate(entry.date)), .text(entry.kind.russianName),
        .decimal(entry.amount.description),
        .text(entry.currency), .text(entry.serviceCode), .text(entry.purpose), .text(entry.payer), .text(entry.source),
        entry.reversesEntryID == 0 ? .empty : .integer(entry.reversesEntryID), .text(entry.postedAt.description),
      ]
    }
    return try self.workbook(
      XLSXSheet(name: "Операции \(request.accountNumber)", columns: columns, rows: rows),
      fileName: "transactions-\(request.accountNumber).xlsx")
  }
}

extension EntryKind {
  /// The kind as the operators' documents name it.
  var russianName: String {
    switch self {
    case .payment: "Платёж"
    case .topUp: "Пополнение"
    case .charge: "Списание"
    case .discount: "Скидка"
    case .reversal: "Сторно"
    case .adjustment: "Корректировка кредита"
    case .correction: "Корректировка"
    case .unspecified: ""
    }
  }
}
