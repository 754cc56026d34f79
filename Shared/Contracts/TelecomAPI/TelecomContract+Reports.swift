public import RPC

extension TelecomContract {
  // Usage reports and the Downloads list (docs/telecom.md, "Usage reports and downloads").
  public static let usageReport: UnaryMethod<UsageReportRequest, UsageReportReply> = unary(
    "UsageReport", .permission(TelecomPermission.reportsRead),
    "A usage report by one of the three templates over chosen SIMs and days, paged, with the whole report's totals "
      + "(customers: their organization's usage only).")
  public static let exportUsageReport: UnaryMethod<ExportUsageReportRequest, ExportUsageReportReply> = unary(
    "ExportUsageReport", .permission(TelecomPermission.reportsRead),
    "Queues the report as an XLSX file: a task that puts it in the caller's Downloads and mails the given address.")
  public static let listDownloads: UnaryMethod<ListDownloadsRequest, ListDownloadsReply> = unary(
    "ListDownloads", .authenticated,
    "The caller's files, newest first, paged, each with when it expires.")
  public static let downloadFile: UnaryMethod<DownloadFileRequest, DownloadFileChunk> = unary(
    "DownloadFile", .authenticated,
    "A piece (at most 1 MiB) of one of the caller's files, with its size, type and name.")
  public static let deleteDownload: UnaryMethod<DeleteDownloadRequest, DeleteDownloadReply> = unary(
    "DeleteDownload", .authenticated, "Deletes one of the caller's files.")

  static let reportMethods: [any ContractMethod] = [
    usageReport, exportUsageReport, listDownloads, downloadFile, deleteDownload,
  ]
}
