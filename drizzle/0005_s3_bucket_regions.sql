-- S3 bucket findings move from region 'global' to their bucket's region (kept in their evidence).
-- The region is part of a finding's id, sha256 of [check, account, region, resource] as JSON
-- (lib/domain/finding-id.ts): each moves to its new id with its events, so its lifecycle carries over.
CREATE TEMP TABLE s3_bucket_moves AS
SELECT m.* FROM (
  SELECT f.id AS old_id,
         f.evidence->>'region' AS region,
         encode(sha256(convert_to(
           '[' || to_json(f.check_id)::text || ',' || to_json(f.account_id)::text || ','
               || to_json(f.evidence->>'region')::text || ',' || to_json(f.resource_id)::text || ']',
           'UTF8')), 'hex') AS new_id
  FROM findings f
  WHERE f.region = 'global'
    AND f.check_id IN ('s3_bucket_public', 's3_bucket_acls_enabled', 's3_bucket_http_allowed',
                       's3_bucket_no_kms_for_sensitive', 's3_bucket_versioning_off')
    AND coalesce(f.evidence->>'region', '') NOT IN ('', 'global')
) m
WHERE NOT EXISTS (SELECT 1 FROM findings n WHERE n.id = m.new_id);
--> statement-breakpoint
INSERT INTO findings (id, check_id, account_id, region, resource_id, resource_type, severity, status, evidence,
                      first_seen_at, last_seen_at, status_changed_at, resolved_at, last_run_id, assignee_id,
                      suppression_reason, suppression_kind, suppressed_by, suppressed_until, reopen_count)
SELECT m.new_id, f.check_id, f.account_id, m.region, f.resource_id, f.resource_type, f.severity, f.status, f.evidence,
       f.first_seen_at, f.last_seen_at, f.status_changed_at, f.resolved_at, f.last_run_id, f.assignee_id,
       f.suppression_reason, f.suppression_kind, f.suppressed_by, f.suppressed_until, f.reopen_count
FROM s3_bucket_moves m JOIN findings f ON f.id = m.old_id;
--> statement-breakpoint
UPDATE finding_events e SET finding_id = m.new_id FROM s3_bucket_moves m WHERE e.finding_id = m.old_id;
--> statement-breakpoint
DELETE FROM findings f USING s3_bucket_moves m WHERE f.id = m.old_id;
--> statement-breakpoint
DROP TABLE s3_bucket_moves;
