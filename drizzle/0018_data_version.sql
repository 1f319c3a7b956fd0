-- The data version: bumped by every statement that writes a table the cached scope-wide reads
-- depend on (lib/db/read-cache.ts). A sequence, so writers never wait on one another for it; a
-- bump is seen before its transaction commits, which the cache guards against (no writer in flight).
CREATE SEQUENCE IF NOT EXISTS "posture_data_version";
--> statement-breakpoint
CREATE OR REPLACE FUNCTION posture_data_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
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
