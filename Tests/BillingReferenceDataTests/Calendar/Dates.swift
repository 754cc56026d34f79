import Testing
import WireCodec

/// `YYYY-MM-DD` in a test, failing the test (not crashing it) on a typo.
func day(_ iso: String, sourceLocation: SourceLocation = #_sourceLocation) throws -> CalendarDate {
  try #require(CalendarDate(iso8601: iso), "bad test date \(iso)", sourceLocation: sourceLocation)
}
