DROP INDEX "finding_events_occurred_at_index";--> statement-breakpoint
CREATE INDEX "run_units_finished_at_index" ON "run_units" USING btree ("finished_at");--> statement-breakpoint
CREATE INDEX "finding_events_occurred_at_id_index" ON "finding_events" USING btree ("occurred_at","id");