-- The queue's decision clocks, so the queue of a department (100,000 cases) is sorted and filtered
-- by the database instead of on every desktop (main/store/team-store.ts, queryQueue).
-- A clock is derived data: the app computes it from a case version with the turnaround table of
-- rules/turnaround.json (shared/intake/queue-clock.ts) and keeps it here under that table's hash,
-- so two app versions with different tables each keep their own clocks rather than overwriting
-- each other's. It is not part of the review and not audited; the case row stays the record.
CREATE TABLE queue_clocks (
  rules_sha256 text NOT NULL CHECK (rules_sha256 ~ '^[a-f0-9]{64}$'),
  case_id text NOT NULL REFERENCES cases (id),
  -- The case version the clock was computed from: a clock of an older version is computed again.
  case_version bigint NOT NULL CHECK (case_version >= 1),
  -- When the decision is due while the clock runs (null: no timeframe applies).
  due_at timestamptz,
  -- While now() is before this the clock is stopped (a tolled request for information).
  stopped_until timestamptz,
  PRIMARY KEY (rules_sha256, case_id)
);

REVOKE ALL ON queue_clocks FROM PUBLIC;
GRANT SELECT, INSERT, UPDATE ON queue_clocks
  TO workbench_intake, workbench_nurse_reviewer, workbench_physician_reviewer, workbench_supervisor;

-- Every team role may read which schema version the database is at: the workbench's team settings
-- screen checks it as the reviewer's own login before saving a connection.
GRANT SELECT ON workbench_schema_version
  TO workbench_intake, workbench_nurse_reviewer, workbench_physician_reviewer, workbench_supervisor;
