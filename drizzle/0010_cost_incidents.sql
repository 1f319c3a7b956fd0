CREATE TABLE "cost_incidents" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"account_id" varchar(12) NOT NULL,
	"service" text NOT NULL,
	"kind" text NOT NULL,
	"start_day" date NOT NULL,
	"end_day" date,
	"last_day" date NOT NULL,
	"expected" numeric(18, 6) NOT NULL,
	"actual" numeric(18, 6) NOT NULL,
	"impact" numeric(18, 6) NOT NULL,
	"impact_per_day" numeric(18, 6) NOT NULL,
	"impact_percent" real NOT NULL,
	"score" real NOT NULL,
	"severity" "severity" NOT NULL,
	"days" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"verdict" text,
	"verdict_note" text,
	"verdict_by" text,
	"verdict_at" timestamp with time zone,
	"root_cause" jsonb,
	"labels" text[] DEFAULT '{}' NOT NULL,
	"hijack_evidence" jsonb,
	"currency" varchar(3) DEFAULT 'USD' NOT NULL,
	"detected_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
DROP TABLE "cost_anomalies" CASCADE;--> statement-breakpoint
ALTER TABLE "cost_incidents" ADD CONSTRAINT "cost_incidents_account_id_aws_accounts_id_fk" FOREIGN KEY ("account_id") REFERENCES "public"."aws_accounts"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "cost_incidents_account_id_service_start_day_index" ON "cost_incidents" USING btree ("account_id","service","start_day");--> statement-breakpoint
CREATE INDEX "cost_incidents_start_day_index" ON "cost_incidents" USING btree ("start_day" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "cost_incidents_account_id_last_day_index" ON "cost_incidents" USING btree ("account_id","last_day");--> statement-breakpoint
DROP TYPE "public"."anomaly_status";