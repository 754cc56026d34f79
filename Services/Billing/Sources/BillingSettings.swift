public import Settings

/// Billing's own settings. Keys under `abonent.billing.` (environment `ABONENT_BILLING_…`);
/// docs/billing.md lists them.
public struct BillingSettings: Sendable {
  /// `cycleMinuteOfDay` (default 60, i.e. 01:00): when the nightly cycle runs, in minutes after
  /// local midnight.
  public var cycleMinuteOfDay: Int
  /// `cycleUTCOffsetMinutes` (default 180, Moscow): the local time zone of the cycle, and so
  /// which calendar day it runs for.
  public var cycleUTCOffsetMinutes: Int
  /// `nightlyCycle` (default true): whether this replica schedules the nightly cycle. Off for a
  /// replica that only serves calls, or for a measurement that runs chosen days itself
  /// (RunDailyCycle); any replica with it on runs each night's cycle once for all.
  public var nightlyCycle: Bool
  /// `invoiceSeries` (default `NCR`): monthly invoices are numbered `<series>-0001`, `-0002`, …
  public var invoiceSeries: String
  /// `invoiceSeriesStart` (default 1): the first number of the automatic invoice series. An
  /// operator importing legacy invoices `NCR-0001` … `NCR-0134` sets 135; hand-given numbers
  /// inside the automatic series are accepted only below it (IssueInvoice).
  public var invoiceSeriesStart: Int
  /// `invoicingBatchSize` (default 500, 1–5000): how many accounts month-end invoices in one
  /// transaction. Larger batches mean fewer round trips; each batch holds its accounts' rows
  /// locked (postings to them wait) until it commits.
  public var invoicingBatchSize: Int
  /// `invoicingWorkers` (default 2, 1–16): how many batches one replica invoices at once, each
  /// on its own range of the accounts. With more than one, numbers follow account order within
  /// a batch and the order batches commit in across them (as with two replicas).
  public var invoicingWorkers: Int
  /// `correctionSeries` (default `UKD`): corrections (УКД) are numbered `<series>-0001`, …
  public var correctionSeries: String
  /// `actSeries` (default `ACT`): acts of services rendered are numbered `<series>-0001`, …
  public var actSeries: String
  /// `sellerName` and `sellerDetails` (details lines separated by `|`): the operator as the
  /// invoices name it.
  public var sellerName: String
  public var sellerDetails: [String]
  /// `fontRegular` and `fontBold` (default DejaVu Sans from Debian's fonts-dejavu-core): the
  /// TrueType fonts embedded in PDF documents.
  public var fontRegular: String
  public var fontBold: String
  /// `maxAmount` (default 10^12, at most 10^12) and `maxAmountByCurrency` (`CODE=bound,…`, in
  /// major units): the largest amount one request may carry; see ``AmountLimits``.
  var amountLimits: AmountLimits
  /// `valueDateDaysAhead` (default 1) and `valueDateDaysBack` (default 1095): the window around
  /// today that a payment's or charge's date must fall in (DATE_IN_FUTURE, DATE_TOO_OLD). One day
  /// ahead lets a bank in a time zone east of Billing's date a payment "tomorrow".
  public var valueDateDaysAhead: Int
  public var valueDateDaysBack: Int

  public init(_ reader: SettingsReader) throws(ConfigurationError) {
    self.cycleMinuteOfDay = try reader.int("abonent.billing.cycleMinuteOfDay", default: 60, in: 0...1439)
    self.cycleUTCOffsetMinutes = try reader.int("abonent.billing.cycleUTCOffsetMinutes", default: 180, in: -720...840)
    self.nightlyCycle = try reader.bool("abonent.billing.nightlyCycle", default: true)
    self.invoiceSeries = reader.string("abonent.billing.invoiceSeries", default: "NCR")
    self.invoiceSeriesStart = try reader.int("abonent.billing.invoiceSeriesStart", default: 1, in: 1...99_999_999)
    self.invoicingBatchSize = try reader.int("abonent.billing.invoicingBatchSize", default: 500, in: 1...5000)
    self.invoicingWorkers = try reader.int("abonent.billing.invoicingWorkers", default: 2, in: 1...16)
    self.correctionSeries = reader.string("abonent.billing.correctionSeries", default: "UKD")
    self.actSeries = reader.string("abonent.billing.actSeries", default: "ACT")
    self.sellerName = reader.string("abonent.billing.sellerName", default: "Оператор связи")
    self.sellerDetails = reader.string("abonent.billing.sellerDetails", default: "").split(separator: "|").map(
      String.init)
    self.fontRegular = reader.string(
      "abonent.billing.fontRegular", default: "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")
    self.fontBold = reader.string(
      "abonent.billing.fontBold", default: "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf")
    self.amountLimits = try AmountLimits(reader)
    self.valueDateDaysAhead = try reader.int("abonent.billing.valueDateDaysAhead", default: 1, in: 0...366)
    self.valueDateDaysBack = try reader.int("abonent.billing.valueDateDaysBack", default: 1095, in: 0...36_600)
    for (series, key, variable) in [
      (self.invoiceSeries, "invoiceSeries", "INVOICE_SERIES"),
      (self.correctionSeries, "correctionSeries", "CORRECTION_SERIES"),
      (self.actSeries, "actSeries", "ACT_SERIES"),
    ]
    where series.isEmpty || series.count > 16
      || !series.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "-" || $0 == "/" })
    {
      throw ConfigurationError(
        message: "abonent.billing.\(key) (ABONENT_BILLING_\(variable)): 1–16 letters, digits, '-' or '/'")
    }
    guard Set([self.invoiceSeries, self.correctionSeries, self.actSeries]).count == 3 else {
      throw ConfigurationError(message: "abonent.billing.invoiceSeries, correctionSeries and actSeries must all differ")
    }
  }
}
