import Spreadsheets
import TelecomAPI
import WireCodec

/// A usage report as an XLSX workbook: the report sheet with the seed's columns (start, end,
/// number, ICCID, name, quantity, cost, country, operator) and what a reader needs beside them
/// (kind, unit, currency; the other party for calls and SMS; day and record count for days),
/// a totals sheet, and a sheet of the report's parameters. Times are the report time zone's
/// wall clock, shown as dates with times; costs exact decimals in the currency's units.
struct UsageReportWorkbook {
  let query: UsageReportQuery
  private(set) var rows: [[XLSXCell]] = []
  private(set) var tally = UsageReportTally()

  init(query: UsageReportQuery) {
    self.query = query
  }

  static let microsPerDay: Int64 = 86_400_000_000

  /// A wall-clock time as microseconds since 1970-01-01 00:00, as a date-time cell (to the
  /// second; sessions start and end on whole seconds anyway).
  static func dateTime(_ localMicros: Int64) -> XLSXCell {
    let days = localMicros >= 0 ? localMicros / Self.microsPerDay : (localMicros + 1) / Self.microsPerDay - 1
    let second = Int((localMicros - days * Self.microsPerDay) / 1_000_000)
    return .dateTime(CalendarDate(daysSinceEpoch: Int32(clamping: days)), secondOfDay: second)
  }

  /// Text, or an empty cell for none (a SIM without a name), so filters see blanks.
  static func text(_ value: String) -> XLSXCell {
    value.isEmpty ? .empty : .text(value)
  }

  static func kindName(_ kind: UsageKind) -> String {
    switch kind {
    case .data: "Данные"
    case .call: "Звонок"
    case .sms: "SMS"
    case .unspecified: ""
    }
  }

  static func unitName(_ kind: UsageKind) -> String {
    switch kind {
    case .data: "байт"
    case .call: "сек"
    case .sms: "шт"
    case .unspecified: ""
    }
  }

  var columns: [XLSXColumn] {
    var columns = [
      XLSXColumn("Дата начала", width: 19), XLSXColumn("Дата окончания", width: 19), XLSXColumn("Номер", width: 14),
      XLSXColumn("ICCID", width: 22), XLSXColumn("Название", width: 24), XLSXColumn("Количество", width: 14),
      XLSXColumn("Стоимость", width: 12), XLSXColumn("Страна", width: 8), XLSXColumn("Оператор", width: 20),
      XLSXColumn("Вид", width: 9), XLSXColumn("Единица", width: 8), XLSXColumn("Валюта", width: 8),
    ]
    switch self.query.template {
    case .callsAndSms: columns.append(XLSXColumn("Абонент", width: 14))
    case .days: columns += [XLSXColumn("День", width: 12), XLSXColumn("Записей", width: 10)]
    case .sessions, .unspecified: break
    }
    return columns
  }

  mutating func append(_ row: UsageReportRecord) {
    let kind = row.usageKind
    var cells: [XLSXCell] = [
      Self.dateTime(row.localStart), Self.dateTime(row.localEnd), Self.text(row.msisdn), .text(row.iccid),
      Self.text(row.name), .integer(row.quantity),
      .decimal(ReportMoney.decimal(row.costMinor, currency: row.currency).description), Self.text(row.country),
      Self.text(row.networkOperator), .text(Self.kindName(kind)), .text(Self.unitName(kind)), .text(row.currency),
    ]
    switch self.query.template {
    case .callsAndSms: cells.append(Self.text(row.peer))
    case .days: cells += [.date(row.day), .integer(row.records)]
    case .sessions, .unspecified: break
    }
    self.rows.append(cells)
    self.tally.add(row)
  }

  /// The workbook; `more` is how many rows of the report did not fit in the file.
  func workbook(more: Int64) -> XLSXWorkbook {
    let totals = self.tally.wire
    var summary = XLSXSheet(
      name: "Итого",
      columns: [
        XLSXColumn("Итого", width: 16), XLSXColumn("Записей", width: 10), XLSXColumn("Количество", width: 16),
        XLSXColumn("Единица", width: 8), XLSXColumn("Стоимость", width: 14), XLSXColumn("Валюта", width: 8),
      ])
    summary.append([.text("Всего"), .integer(Int64(clamping: totals.records)), .empty, .empty, .empty, .empty])
    for quantity in totals.quantities {
      summary.append([
        .text(Self.kindName(quantity.kind)), .integer(Int64(clamping: quantity.records)), .integer(quantity.quantity),
        .text(Self.unitName(quantity.kind)), .empty, .empty,
      ])
    }
    for cost in totals.costs {
      summary.append([
        .text("Стоимость"), .empty, .empty, .empty, .decimal(cost.cost.description), .text(cost.currency),
      ])
    }
    var parameters = XLSXSheet(
      name: "Параметры", columns: [XLSXColumn("Параметр", width: 16), XLSXColumn("Значение", width: 60)])
    parameters.append([.text("Отчёт"), .text(self.query.title)])
    parameters.append([.text("Период"), .text(self.query.period)])
    parameters.append([.text("Часовой пояс"), .text(self.query.timeZone)])
    parameters.append([
      .text("SIM-карты"), .text(self.query.iccids.isEmpty ? "все" : self.query.iccids.joined(separator: ", ")),
    ])
    parameters.append([.text("Строк"), .integer(Int64(self.rows.count))])
    if more > 0 {
      parameters.append([
        .text("Внимание"),
        .text("В файле первые \(self.rows.count) строк, ещё \(more) не поместились: сузьте период или выбор SIM-карт."),
      ])
    }
    return XLSXWorkbook(sheets: [
      XLSXSheet(name: self.query.title, columns: self.columns, rows: self.rows), summary, parameters,
    ])
  }
}
