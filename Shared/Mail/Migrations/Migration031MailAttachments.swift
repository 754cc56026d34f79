import Storage

extension MailOutbox {
  /// A table of its own, not a column of mail_outbox: claiming due mail then never reads
  /// megabytes of files, and the deliverer loads them one mail at a time.
  static let v31MailAttachments = Migration(
    31, "create_mail_attachments",
    """
    CREATE TABLE mail_attachments (
      mail_id bigint NOT NULL REFERENCES mail_outbox (id) ON DELETE CASCADE,
      position integer NOT NULL CHECK (position >= 0),
      filename text NOT NULL,
      content_type text NOT NULL,
      content bytea NOT NULL,
      PRIMARY KEY (mail_id, position)
    )
    """
  )
}
