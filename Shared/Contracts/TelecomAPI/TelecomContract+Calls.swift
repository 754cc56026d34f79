public import RPC

extension TelecomContract {
  static func clientStreaming<Request, Reply>(
    _ name: String, _ access: Access, _ doc: String
  ) -> ClientStreamingMethod<Request, Reply> {
    ClientStreamingMethod(service: serviceName, name: name, access: access, doc: doc)
  }

  // Call detail records.
  public static let ingestCalls: ClientStreamingMethod<CallRecordBatch, IngestCallsReply> = clientStreaming(
    "IngestCalls", .permission(TelecomPermission.callsIngest),
    "Stores a stream of CDR batches, rated as they arrive; each batch all or nothing, a record sent again stores "
      + "nothing new; the charges go to Billing.")
  public static let importCallFile: UnaryMethod<ImportCallFileRequest, IngestCallsReply> = unary(
    "ImportCallFile", .permission(TelecomPermission.callsIngest),
    "Stores an Asterisk or FreeSWITCH CDR file, every line or none, with per-line errors; a file imported again "
      + "stores and charges nothing new.")

  public static let searchCalls: UnaryMethod<SearchCallsRequest, SearchCallsReply> = unary(
    "SearchCalls", .permission(TelecomPermission.callsRead),
    "An account's call records of one billed service, current (the last 60 minutes) or archive, by dialed "
      + "number, newest first, paged.")

  public static let exportCalls: UnaryMethod<ExportCallsRequest, ExportCallsReply> = unary(
    "ExportCalls", .permission(TelecomPermission.callsRead),
    "Exports a call search to XLSX in the caller's Downloads through a task, and mails the address when it is "
      + "ready.")

  public static let smsStatistics: UnaryMethod<SmsStatisticsRequest, SmsStatisticsReply> = unary(
    "SmsStatistics", .permission(TelecomPermission.callsRead),
    "An SMS subscription's messages over up to 93 days: counts per day and delivery status, and the messages, "
      + "paged.")

  static let callMethods: [any ContractMethod] = [ingestCalls, importCallFile, searchCalls, exportCalls, smsStatistics]
}
