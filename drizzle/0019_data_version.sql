-- The data version (lib/db/read-cache.ts): moved by every statement writing a table the cached reads
-- use. A sequence, so writers never wait for one another; the shared lock held to commit tells
-- readers a moved version's rows may not be visible yet.
CREATE SEQUENCE IF NOT EXISTS "posture_data_version";
--> statement-breakpoint
CREATE OR REPLACE FUNCTION posture_data_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_advisory_xact_lock_shared(7367, 1);
  PERFORM nextval('posture_data_version');
  RETURN NULL;
END $$;
--> statement-breakpoint
DO $$
DECLARE t text;
BEGIN
  FOREACH t IN ARRAY ARRAY[
    'findings', 'account_daily', 'aws_accounts', 'organizational_units', 'organizations', 'checks',
    'check_account_stats', 'compliance_daily', 'teams', 'team_scopes', 'cost_daily', 'cost_incidents',
    'guardduty_findings', 'canary_events', 'canary_keys', 'settings'
  ] LOOP
    EXECUTE format(
      'CREATE TRIGGER %I AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON %I FOR EACH STATEMENT EXECUTE FUNCTION posture_data_changed()',
      t || '_data_version', t);
  END LOOP;
END $$;
