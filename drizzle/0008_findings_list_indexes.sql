CREATE INDEX "findings_open_severity_keyset_idx" ON "findings" USING btree ("severity","first_seen_at","id") WHERE "findings"."status" in ('NEW', 'ACKNOWLEDGED');--> statement-breakpoint
CREATE INDEX "findings_severity_keyset_idx" ON "findings" USING btree ("severity","first_seen_at","id");--> statement-breakpoint
CREATE INDEX "findings_first_seen_keyset_idx" ON "findings" USING btree ("first_seen_at","id");--> statement-breakpoint
CREATE INDEX "findings_last_seen_keyset_idx" ON "findings" USING btree ("last_seen_at","id");--> statement-breakpoint
CREATE INDEX "findings_check_keyset_idx" ON "findings" USING btree ("check_id","severity","id");--> statement-breakpoint
CREATE INDEX "findings_account_keyset_idx" ON "findings" USING btree ("account_id","severity","id");--> statement-breakpoint
CREATE INDEX "findings_open_due_keyset_idx" ON "findings" USING btree (coalesce("due_at", 'infinity'::timestamptz),"id") WHERE "findings"."status" in ('NEW', 'ACKNOWLEDGED');--> statement-breakpoint
CREATE INDEX "findings_open_groups_idx" ON "findings" USING btree ("check_id","account_id","severity","first_seen_at","due_at","status","resource_type") WHERE "findings"."status" in ('NEW', 'ACKNOWLEDGED');