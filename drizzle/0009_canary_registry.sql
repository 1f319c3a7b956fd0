CREATE TABLE "cloudtrail_events" (
	"id" text PRIMARY KEY NOT NULL,
	"account_id" varchar(12) NOT NULL,
	"region" text NOT NULL,
	"event_time" timestamp with time zone NOT NULL,
	"event_name" text NOT NULL,
	"event_source" text NOT NULL,
	"user_name" text,
	"access_key_id" text,
	"principal_arn" text,
	"principal_type" text,
	"source_ip" text,
	"user_agent" text,
	"error_code" text,
	"details" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"collected_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "canary_events" ADD COLUMN "scanner" text;--> statement-breakpoint
ALTER TABLE "canary_events" ADD COLUMN "source" text DEFAULT 'cloudtrail' NOT NULL;--> statement-breakpoint
ALTER TABLE "canary_keys" ADD COLUMN "system" text;--> statement-breakpoint
ALTER TABLE "canary_keys" ADD COLUMN "repository" text;--> statement-breakpoint
ALTER TABLE "canary_keys" ADD COLUMN "environment" "environment";--> statement-breakpoint
ALTER TABLE "canary_keys" ADD COLUMN "owner" text;--> statement-breakpoint
ALTER TABLE "canary_keys" ADD COLUMN "last_checked_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "canary_keys" ADD COLUMN "checked_until" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "canary_keys" ADD COLUMN "check_error" text;--> statement-breakpoint
CREATE INDEX "cloudtrail_events_access_key_id_event_time_index" ON "cloudtrail_events" USING btree ("access_key_id","event_time" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "cloudtrail_events_user_name_event_time_index" ON "cloudtrail_events" USING btree ("user_name","event_time" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "cloudtrail_events_principal_arn_event_time_index" ON "cloudtrail_events" USING btree ("principal_arn","event_time" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "cloudtrail_events_account_id_event_time_index" ON "cloudtrail_events" USING btree ("account_id","event_time" DESC NULLS LAST);