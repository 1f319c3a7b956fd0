CREATE TABLE "cost_runs" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"organization_id" uuid NOT NULL,
	"trigger" "run_trigger" NOT NULL,
	"status" text DEFAULT 'running' NOT NULL,
	"payer_account" text,
	"metric" text NOT NULL,
	"from_day" date,
	"to_day" date,
	"backfill" boolean DEFAULT false NOT NULL,
	"requests" integer DEFAULT 0 NOT NULL,
	"root_cause_requests" integer DEFAULT 0 NOT NULL,
	"lines" integer DEFAULT 0 NOT NULL,
	"incidents" integer DEFAULT 0 NOT NULL,
	"error_code" text,
	"error_message" text,
	"started_at" timestamp with time zone DEFAULT now() NOT NULL,
	"finished_at" timestamp with time zone
);
--> statement-breakpoint
ALTER TABLE "cost_runs" ADD CONSTRAINT "cost_runs_organization_id_organizations_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."organizations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "cost_runs_organization_id_started_at_index" ON "cost_runs" USING btree ("organization_id","started_at" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "cost_runs_status_index" ON "cost_runs" USING btree ("status");