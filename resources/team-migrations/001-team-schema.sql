-- Team mode's schema: one department's cases in one PostgreSQL database.
-- Applied by main/team/migrate.ts in one transaction with the row in workbench_schema_version,
-- by the account that runs `team init` (it needs CREATEROLE for the group roles below).
-- What protects what: SECURITY.md, "Team mode".

-- Group roles, one per team role (shared/team/team-roles.ts). A reviewer's login is granted one or more:
--   CREATE ROLE dana LOGIN PASSWORD '…' IN ROLE workbench_physician_reviewer;
DO $$
DECLARE r text;
BEGIN
  FOREACH r IN ARRAY ARRAY['workbench_intake', 'workbench_nurse_reviewer', 'workbench_physician_reviewer', 'workbench_supervisor', 'workbench_admin'] LOOP
    IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = r) THEN
      EXECUTE format('CREATE ROLE %I NOLOGIN', r);
    END IF;
  END LOOP;
END $$;

-- Reviewers create nothing in the database but rows: no tables, no temporary tables (which could
-- shadow a table a check reads).
REVOKE CREATE ON SCHEMA public FROM PUBLIC;
DO $$ BEGIN EXECUTE format('REVOKE TEMPORARY ON DATABASE %I FROM PUBLIC', current_database()); END $$;

CREATE TABLE workbench_settings (
  key text PRIMARY KEY,
  value jsonb NOT NULL
);
-- A claim lapses after this long without activity by its holder.
INSERT INTO workbench_settings VALUES ('claimExpiryMinutes', '30');

-- Who may sign which outcome: copied from rules/signing-permissions.json by `team init`.
CREATE TABLE signing_permissions (
  outcome text NOT NULL,
  role text NOT NULL,
  PRIMARY KEY (outcome, role)
);

CREATE TABLE cases (
  id text PRIMARY KEY CHECK (id ~ '^[A-Za-z0-9_-]{1,64}$'),
  -- One more with every change: a change names the version it read (no lost update).
  version bigint NOT NULL CHECK (version >= 1),
  -- The queue's listed fields, as columns with indexes.
  member_name text NOT NULL,
  member_id text NOT NULL,
  line_of_business text NOT NULL,
  codes text[] NOT NULL,
  guideline_id text NOT NULL,
  urgency text NOT NULL,
  received_at timestamptz NOT NULL,
  date_of_service date NOT NULL,
  status text NOT NULL,
  updated_at timestamptz NOT NULL,
  -- The queue's line as the app shows it (the same text the case file holds).
  summary jsonb NOT NULL,
  -- The case file, by part (shared/case/schema.ts); `rest` holds every other field, known or not.
  request jsonb NOT NULL,
  marks jsonb NOT NULL,
  findings jsonb NOT NULL,
  imaging jsonb NOT NULL,
  determination jsonb,
  revisions jsonb NOT NULL,
  rest jsonb NOT NULL,
  -- The head of the case's audit chain: every change moves it by one event (checked below).
  audit_seq integer NOT NULL CHECK (audit_seq >= 1),
  audit_hash text NOT NULL,
  -- Assignment: who has the case (a database login), since when, their last change.
  assigned_to text,
  assigned_at timestamptz,
  last_activity_at timestamptz,
  created_by text NOT NULL
);
CREATE INDEX cases_received_at ON cases (received_at);
CREATE INDEX cases_status ON cases (status, received_at);
CREATE INDEX cases_urgency ON cases (urgency, received_at);
CREATE INDEX cases_assigned_to ON cases (assigned_to);
CREATE INDEX cases_member_name ON cases (lower(member_name));
CREATE INDEX cases_member_id ON cases (member_id);
CREATE INDEX cases_guideline ON cases (guideline_id);
CREATE INDEX cases_date_of_service ON cases (date_of_service);
CREATE INDEX cases_line_of_business ON cases (line_of_business);
CREATE INDEX cases_codes ON cases USING gin (codes);

-- The record PDFs, so every reviewer sees the same bytes; the database itself checks each hash.
CREATE TABLE case_documents (
  case_id text NOT NULL REFERENCES cases (id),
  sha256 text NOT NULL CHECK (sha256 ~ '^[a-f0-9]{64}$'),
  bytes bytea NOT NULL,
  added_by text NOT NULL,
  added_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (case_id, sha256),
  CONSTRAINT case_documents_hash CHECK (sha256 = encode(sha256(bytes), 'hex'))
);

-- Each case's hash-chained trail (shared/audit/audit-event.ts). `event` is the event's JSON as
-- hashed; nobody is granted UPDATE or DELETE.
CREATE TABLE audit_events (
  case_id text NOT NULL REFERENCES cases (id),
  seq integer NOT NULL CHECK (seq >= 1),
  type text NOT NULL,
  event text NOT NULL,
  prev_hash text NOT NULL,
  hash text NOT NULL,
  db_user text NOT NULL,
  committed_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (case_id, seq)
);

-- One row per version: the idempotency key that made it, who, and which parts it changed.
CREATE TABLE case_changes (
  case_id text NOT NULL REFERENCES cases (id),
  version bigint NOT NULL,
  idempotency_key text,
  actor text NOT NULL,
  db_user text NOT NULL,
  things text[] NOT NULL DEFAULT '{}',
  at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (case_id, version)
);
CREATE UNIQUE INDEX case_changes_key ON case_changes (case_id, idempotency_key) WHERE idempotency_key IS NOT NULL;

-- Where each reviewer left off reading: theirs alone, not a change to the case.
CREATE TABLE reading_positions (
  case_id text NOT NULL REFERENCES cases (id),
  db_user text NOT NULL,
  doc_sha256 text NOT NULL,
  page integer NOT NULL CHECK (page >= 1),
  PRIMARY KEY (case_id, db_user)
);

-- ---------------------------------------------------------------------------------------------
-- Checks a modified client cannot skip. Functions run with a fixed search_path (pg_temp last),
-- so a reviewer cannot shadow a table they read.

CREATE FUNCTION workbench_is(role_name text) RETURNS boolean
LANGUAGE sql STABLE SET search_path = pg_catalog, public, pg_temp
AS $$ SELECT pg_has_role(current_user, role_name, 'MEMBER') $$;

CREATE FUNCTION workbench_claim_expired(last_activity timestamptz) RETURNS boolean
LANGUAGE sql STABLE SET search_path = pg_catalog, public, pg_temp
AS $$
  SELECT last_activity IS NOT NULL AND last_activity < now() - make_interval(mins => (SELECT (value #>> '{}')::int FROM workbench_settings WHERE key = 'claimExpiryMinutes'))
$$;

-- Who wrote a row is the login, never what the client says.
CREATE FUNCTION workbench_stamp_login() RETURNS trigger
LANGUAGE plpgsql SET search_path = pg_catalog, public, pg_temp
AS $$
BEGIN
  IF TG_TABLE_NAME = 'case_documents' THEN NEW.added_by := current_user;
  ELSIF TG_TABLE_NAME = 'cases' THEN
    IF TG_OP = 'INSERT' THEN NEW.created_by := current_user; ELSE NEW.created_by := OLD.created_by; END IF;
  ELSE NEW.db_user := current_user;
  END IF;
  RETURN NEW;
END $$;
CREATE TRIGGER case_documents_login BEFORE INSERT ON case_documents FOR EACH ROW EXECUTE FUNCTION workbench_stamp_login();
CREATE TRIGGER audit_events_login BEFORE INSERT ON audit_events FOR EACH ROW EXECUTE FUNCTION workbench_stamp_login();
CREATE TRIGGER case_changes_login BEFORE INSERT ON case_changes FOR EACH ROW EXECUTE FUNCTION workbench_stamp_login();
CREATE TRIGGER reading_positions_login BEFORE INSERT OR UPDATE ON reading_positions FOR EACH ROW EXECUTE FUNCTION workbench_stamp_login();
CREATE TRIGGER cases_login BEFORE INSERT OR UPDATE ON cases FOR EACH ROW EXECUTE FUNCTION workbench_stamp_login();

-- Every change to a case: the version moves by one, the audit head by one event, signed revisions
-- are never edited or removed, and a new one is signed only by a role rules/signing-permissions.json
-- allows for every outcome in it.
CREATE FUNCTION workbench_check_case_change() RETURNS trigger
LANGUAGE plpgsql SET search_path = pg_catalog, public, pg_temp
AS $$
DECLARE
  kept integer := 0;
  rev jsonb;
  det jsonb;
BEGIN
  IF jsonb_typeof(NEW.revisions) <> 'array' THEN
    RAISE EXCEPTION 'workbench: revisions must be a list' USING ERRCODE = '23514';
  END IF;
  IF TG_OP = 'INSERT' THEN
    IF NEW.version <> 1 OR NEW.audit_seq <> 1 THEN
      -- Only `team push` (workbench_admin) brings a case with its history.
      IF NOT workbench_is('workbench_admin') THEN
        RAISE EXCEPTION 'workbench: a new case starts at version 1 with its first event' USING ERRCODE = '42501';
      END IF;
    END IF;
    IF jsonb_array_length(NEW.revisions) > 0 AND NOT workbench_is('workbench_admin') THEN
      RAISE EXCEPTION 'workbench: a new case has no signed revision' USING ERRCODE = '42501';
    END IF;
    RETURN NEW;
  END IF;
  IF NEW.id <> OLD.id THEN
    RAISE EXCEPTION 'workbench: a case keeps its id' USING ERRCODE = '42501';
  END IF;
  IF NEW.version <> OLD.version + 1 THEN
    RAISE EXCEPTION 'workbench: a change moves the version by one' USING ERRCODE = '40001';
  END IF;
  IF NEW.audit_seq <> OLD.audit_seq + 1 THEN
    RAISE EXCEPTION 'workbench: every change to a case records one audit event' USING ERRCODE = '42501';
  END IF;
  kept := jsonb_array_length(OLD.revisions);
  IF jsonb_array_length(NEW.revisions) < kept THEN
    RAISE EXCEPTION 'workbench: a signed revision is never removed' USING ERRCODE = '42501';
  END IF;
  FOR i IN 0 .. kept - 1 LOOP
    IF NEW.revisions -> i IS DISTINCT FROM OLD.revisions -> i THEN
      RAISE EXCEPTION 'workbench: a signed revision is never edited' USING ERRCODE = '42501';
    END IF;
  END LOOP;
  FOR i IN kept .. jsonb_array_length(NEW.revisions) - 1 LOOP
    rev := NEW.revisions -> i;
    IF jsonb_typeof(rev -> 'determinations') <> 'array' OR jsonb_array_length(rev -> 'determinations') = 0 THEN
      RAISE EXCEPTION 'workbench: a signed revision has determinations' USING ERRCODE = '23514';
    END IF;
    FOR det IN SELECT * FROM jsonb_array_elements(rev -> 'determinations') LOOP
      IF NOT EXISTS (SELECT 1 FROM signing_permissions p WHERE p.outcome = det ->> 'outcome' AND pg_has_role(current_user, p.role, 'MEMBER')) THEN
        RAISE EXCEPTION 'workbench: % may not sign the outcome %', current_user, det ->> 'outcome' USING ERRCODE = '42501';
      END IF;
    END LOOP;
  END LOOP;
  RETURN NEW;
END $$;
CREATE TRIGGER cases_check_change BEFORE INSERT OR UPDATE ON cases FOR EACH ROW EXECUTE FUNCTION workbench_check_case_change();

-- An audit event continues the chain the case row names: seq and hash equal its new head, so an
-- event cannot be slipped in beside a change, nor a change made without its event (at commit).
CREATE FUNCTION workbench_check_event() RETURNS trigger
LANGUAGE plpgsql SET search_path = pg_catalog, public, pg_temp
AS $$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM cases c WHERE c.id = NEW.case_id AND c.audit_seq = NEW.seq AND c.audit_hash = NEW.hash) THEN
    RAISE EXCEPTION 'workbench: an audit event must be the head its case records' USING ERRCODE = '42501';
  END IF;
  RETURN NEW;
END $$;
CREATE TRIGGER audit_events_chain BEFORE INSERT ON audit_events FOR EACH ROW EXECUTE FUNCTION workbench_check_event();

CREATE FUNCTION workbench_check_audited() RETURNS trigger
LANGUAGE plpgsql SET search_path = pg_catalog, public, pg_temp
AS $$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM audit_events e WHERE e.case_id = NEW.id AND e.seq = NEW.audit_seq AND e.hash = NEW.audit_hash) THEN
    RAISE EXCEPTION 'workbench: case % changed without its audit event', NEW.id USING ERRCODE = '42501';
  END IF;
  RETURN NULL;
END $$;
CREATE CONSTRAINT TRIGGER cases_audited AFTER INSERT OR UPDATE ON cases DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION workbench_check_audited();

-- The queue and an open case refresh live: every committed change to a case is announced on
-- workbench_changes (delivered at commit, to listeners only; the payload names no PHI).
CREATE FUNCTION workbench_announce() RETURNS trigger
LANGUAGE plpgsql SET search_path = pg_catalog, public, pg_temp
AS $$
BEGIN
  PERFORM pg_notify('workbench_changes', json_build_object('caseId', NEW.id, 'version', NEW.version)::text);
  RETURN NULL;
END $$;
CREATE TRIGGER cases_announce AFTER INSERT OR UPDATE ON cases FOR EACH ROW EXECUTE FUNCTION workbench_announce();

-- ---------------------------------------------------------------------------------------------
-- Grants: read for every team role; rows added, never updated or deleted, except the case itself
-- (under row-level security) and one's own reading position.

REVOKE ALL ON workbench_settings, signing_permissions, cases, case_documents, audit_events, case_changes, reading_positions FROM PUBLIC;
GRANT SELECT ON workbench_settings, signing_permissions, cases, case_documents, audit_events, case_changes
  TO workbench_intake, workbench_nurse_reviewer, workbench_physician_reviewer, workbench_supervisor;
GRANT INSERT ON cases TO workbench_intake, workbench_supervisor;
GRANT UPDATE ON cases TO workbench_intake, workbench_nurse_reviewer, workbench_physician_reviewer, workbench_supervisor;
GRANT INSERT ON case_documents, audit_events, case_changes
  TO workbench_intake, workbench_nurse_reviewer, workbench_physician_reviewer, workbench_supervisor;
GRANT SELECT, INSERT, UPDATE ON reading_positions
  TO workbench_intake, workbench_nurse_reviewer, workbench_physician_reviewer, workbench_supervisor;
GRANT workbench_intake, workbench_nurse_reviewer, workbench_physician_reviewer, workbench_supervisor TO workbench_admin;

-- Row-level security: a case someone has taken is read-only to everyone else until they release it,
-- it lapses, or a supervisor reassigns it; nobody assigns a case to someone else but a supervisor.
ALTER TABLE cases ENABLE ROW LEVEL SECURITY;
CREATE POLICY cases_read ON cases FOR SELECT USING (true);
CREATE POLICY cases_create ON cases FOR INSERT WITH CHECK (assigned_to IS NULL OR assigned_to = current_user);
CREATE POLICY cases_change ON cases FOR UPDATE
  USING (assigned_to IS NULL OR assigned_to = current_user OR workbench_claim_expired(last_activity_at) OR workbench_is('workbench_supervisor'))
  WITH CHECK (assigned_to IS NULL OR assigned_to = current_user OR workbench_is('workbench_supervisor'));

ALTER TABLE reading_positions ENABLE ROW LEVEL SECURITY;
CREATE POLICY reading_positions_own ON reading_positions USING (db_user = current_user) WITH CHECK (db_user = current_user);
