CREATE TABLE "aws_cost_anomalies" (
	"account_id" varchar(12) NOT NULL,
	"anomaly_id" text NOT NULL,
	"start_day" date NOT NULL,
	"end_day" date,
	"service" text,
	"region" text,
	"usage_type" text,
	"total_impact" numeric(18, 6) NOT NULL,
	"expected" numeric(18, 6),
	"actual" numeric(18, 6),
	"max_score" real,
	"monitor_arn" text,
	"feedback" text,
	"collected_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "aws_cost_anomalies_account_id_anomaly_id_pk" PRIMARY KEY("account_id","anomaly_id")
);
--> statement-breakpoint
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
	"anomaly_service" text,
	"anomaly_requests" integer DEFAULT 0 NOT NULL,
	"started_at" timestamp with time zone DEFAULT now() NOT NULL,
	"finished_at" timestamp with time zone
);
--> statement-breakpoint
ALTER TABLE "aws_cost_anomalies" ADD CONSTRAINT "aws_cost_anomalies_account_id_aws_accounts_id_fk" FOREIGN KEY ("account_id") REFERENCES "public"."aws_accounts"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "cost_runs" ADD CONSTRAINT "cost_runs_organization_id_organizations_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."organizations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "aws_cost_anomalies_start_day_index" ON "aws_cost_anomalies" USING btree ("start_day");--> statement-breakpoint
CREATE INDEX "cost_runs_organization_id_started_at_index" ON "cost_runs" USING btree ("organization_id","started_at" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "cost_runs_status_index" ON "cost_runs" USING btree ("status");