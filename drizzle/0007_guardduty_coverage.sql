CREATE TABLE "guardduty_coverage" (
	"account_id" varchar(12) NOT NULL,
	"region" text NOT NULL,
	"detector_id" text,
	"status" text NOT NULL,
	"features" jsonb,
	"malware_protection_plans" integer,
	"administrator_account_id" varchar(12),
	"administrator_relationship" text,
	"delegated_administrators" jsonb,
	"findings_mode" text,
	"findings_read_at" timestamp with time zone,
	"checked_at" timestamp with time zone NOT NULL,
	"last_run_id" uuid,
	CONSTRAINT "guardduty_coverage_account_id_region_pk" PRIMARY KEY("account_id","region")
);
--> statement-breakpoint
ALTER TABLE "guardduty_findings" ADD COLUMN "arn" text;--> statement-breakpoint
ALTER TABLE "guardduty_findings" ADD COLUMN "resource_arn" text;--> statement-breakpoint
ALTER TABLE "guardduty_findings" ADD COLUMN "access_key_id" text;--> statement-breakpoint
ALTER TABLE "guardduty_findings" ADD COLUMN "principal_id" text;--> statement-breakpoint
ALTER TABLE "guardduty_findings" ADD COLUMN "remote_ip" text;--> statement-breakpoint
ALTER TABLE "guardduty_findings" ADD COLUMN "sequence_uid" text;--> statement-breakpoint
ALTER TABLE "guardduty_findings" ADD COLUMN "aws_created_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "guardduty_findings" ADD COLUMN "aws_updated_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "guardduty_findings" ADD COLUMN "raw" jsonb;--> statement-breakpoint
ALTER TABLE "guardduty_coverage" ADD CONSTRAINT "guardduty_coverage_account_id_aws_accounts_id_fk" FOREIGN KEY ("account_id") REFERENCES "public"."aws_accounts"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "guardduty_coverage" ADD CONSTRAINT "guardduty_coverage_last_run_id_collection_runs_id_fk" FOREIGN KEY ("last_run_id") REFERENCES "public"."collection_runs"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "guardduty_findings_access_key_id_index" ON "guardduty_findings" USING btree ("access_key_id");