extension EventFeedConsumer {
  static let v11EventFeedCursors = Migration(
    11, "platform: event feed cursors", "CREATE TABLE event_cursors (feed text PRIMARY KEY, position bigint NOT NULL)")
}
