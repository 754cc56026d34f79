import Storage

extension TelecomMigrations {
  /// Providers, rating plans, versioned price lists and call locks with their history
  /// (docs/telecom.md, "Rating and call locks"). Rating reads these once into memory and again
  /// when a list or lock changes; no CDR or call decision queries them.
  static let v108Rating = Migration(
    108,
    "Price lists and call locks",
    """
    CREATE TABLE providers (
      code text PRIMARY KEY,
      name text NOT NULL,
      incoming_service text NOT NULL DEFAULT '',
      created_by text NOT NULL,
      created_at timestamptz NOT NULL
    )
    """,
    """
    CREATE TABLE rating_plans (
      code text PRIMARY KEY,
      name text NOT NULL,
      currency text NOT NULL CHECK (currency ~ '^[A-Z]{3}$'),
      created_by text NOT NULL,
      created_at timestamptz NOT NULL
    )
    """,
    """
    CREATE TABLE account_rating_plans (
      account_number text PRIMARY KEY,
      rating_plan text NOT NULL REFERENCES rating_plans (code),
      set_by text NOT NULL,
      set_at timestamptz NOT NULL
    )
    """,
    """
    CREATE TABLE price_lists (
      id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
      provider text NOT NULL REFERENCES providers (code),
      kind text NOT NULL CHECK (kind IN ('retail', 'wholesale')),
      rating_plan text NOT NULL DEFAULT '',
      service text NOT NULL,
      place_of_service text NOT NULL,
      currency text NOT NULL,
      current_version integer NOT NULL DEFAULT 0,
      CHECK ((kind = 'retail') = (rating_plan <> '')),
      UNIQUE (provider, kind, rating_plan, service, place_of_service)
    )
    """,
    // One row per imported version: who replaced the list and when. The rows of old versions
    // are deleted as the next one becomes current (a version is replaced whole, never edited).
    """
    CREATE TABLE price_list_versions (
      price_list_id bigint NOT NULL REFERENCES price_lists (id),
      version integer NOT NULL,
      row_count integer NOT NULL,
      imported_by text NOT NULL,
      imported_at timestamptz NOT NULL,
      PRIMARY KEY (price_list_id, version)
    )
    """,
    """
    CREATE TABLE price_rows (
      price_list_id bigint NOT NULL REFERENCES price_lists (id),
      version integer NOT NULL,
      prefix text NOT NULL CHECK (prefix ~ '^[0-9]{1,20}$'),
      price_micros bigint NOT NULL CHECK (price_micros >= 0),
      unit integer NOT NULL CHECK (unit > 0),
      first_increment integer NOT NULL CHECK (first_increment > 0),
      next_increment integer NOT NULL CHECK (next_increment > 0),
      connection_fee_micros bigint NOT NULL CHECK (connection_fee_micros >= 0),
      valid_from timestamptz NOT NULL,
      valid_to timestamptz,
      CHECK (valid_to IS NULL OR valid_to > valid_from)
    )
    """,
    """
    CREATE INDEX price_rows_by_version ON price_rows (price_list_id, version)
    """,
    """
    CREATE TABLE call_locks (
      id uuid PRIMARY KEY,
      account_number text NOT NULL DEFAULT '',
      prefix text NOT NULL CHECK (prefix ~ '^[0-9]{1,20}$'),
      provider text NOT NULL REFERENCES providers (code),
      reason text NOT NULL,
      created_by text NOT NULL,
      created_at timestamptz NOT NULL,
      changed_by text NOT NULL DEFAULT '',
      changed_at timestamptz,
      deleted_by text NOT NULL DEFAULT '',
      deleted_at timestamptz
    )
    """,
    """
    CREATE UNIQUE INDEX call_locks_one_per_prefix ON call_locks (account_number, prefix) WHERE deleted_at IS NULL
    """,
    """
    CREATE TABLE call_lock_history (
      lock_id uuid NOT NULL REFERENCES call_locks (id),
      seq bigint GENERATED ALWAYS AS IDENTITY,
      action text NOT NULL CHECK (action IN ('created', 'changed', 'deleted')),
      actor text NOT NULL,
      at timestamptz NOT NULL,
      account_number text NOT NULL,
      prefix text NOT NULL,
      provider text NOT NULL,
      reason text NOT NULL,
      PRIMARY KEY (lock_id, seq)
    )
    """,
    // Bumped by every change to prices or locks: each replica compares it with the generation
    // its in-memory tables were built from, and rebuilds them when it moved.
    """
    CREATE TABLE rating_generation (
      only_row boolean PRIMARY KEY DEFAULT true CHECK (only_row),
      generation bigint NOT NULL
    )
    """,
    """
    INSERT INTO rating_generation (generation) VALUES (0)
    """
  )
}
