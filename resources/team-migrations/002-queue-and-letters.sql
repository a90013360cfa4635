-- The queue at a department's scale (100,000 cases): sorted and filtered by the database instead of
-- on every desktop (main/store/team-queue.ts), a member's cases found by index, and the schema version
-- readable by the team roles (the settings screen checks it as the reviewer's login), and the kept
-- copies of decision letters in the database; changes are announced with the login that made them.
-- The queue's decision clocks:
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

-- A member's cases, found on every evaluation (earlier requests): the id compared as the app does (shared/case/member-key.ts).
CREATE INDEX cases_member_key ON cases (upper(btrim(member_id)));
GRANT SELECT, INSERT, UPDATE ON queue_clocks
  TO workbench_intake, workbench_nurse_reviewer, workbench_physician_reviewer, workbench_supervisor;

-- Every team role may read which schema version the database is at: the workbench's team settings
-- screen checks it as the reviewer's own login before saving a connection.
GRANT SELECT ON workbench_schema_version
  TO workbench_intake, workbench_nurse_reviewer, workbench_physician_reviewer, workbench_supervisor;

-- The kept copy of each revision's decision letter, as rendered (and exported): every reviewer reads
-- the same bytes, the database checks their hash. Rows are added, never changed or removed; a letter
-- rendered differently later (another app version) is one more row, and the app reads the one the
-- revision records as exported.
CREATE TABLE case_letters (
  case_id text NOT NULL REFERENCES cases (id),
  revision_id text NOT NULL CHECK (revision_id ~ '^[A-Za-z0-9_-]{1,80}$'),
  sha256 text NOT NULL CHECK (sha256 ~ '^[a-f0-9]{64}$'),
  bytes bytea NOT NULL,
  db_user text NOT NULL,
  kept_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (case_id, revision_id, sha256),
  CONSTRAINT case_letters_hash CHECK (sha256 = encode(sha256(bytes), 'hex'))
);
CREATE TRIGGER case_letters_login BEFORE INSERT ON case_letters FOR EACH ROW EXECUTE FUNCTION workbench_stamp_login();
REVOKE ALL ON case_letters FROM PUBLIC;
GRANT SELECT, INSERT ON case_letters
  TO workbench_intake, workbench_nurse_reviewer, workbench_physician_reviewer, workbench_supervisor;

-- A change is announced with the login that committed it, so a workbench re-reads only for the
-- others' changes (it already shows its own). Still no PHI in the payload.
CREATE OR REPLACE FUNCTION workbench_announce() RETURNS trigger
LANGUAGE plpgsql SET search_path = pg_catalog, public, pg_temp
AS $$
BEGIN
  PERFORM pg_notify('workbench_changes', json_build_object('caseId', NEW.id, 'version', NEW.version, 'by', current_user)::text);
  RETURN NULL;
END $$;
