CREATE TABLE "account_budgets" (
	"account_id" varchar(12) NOT NULL,
	"kind" text NOT NULL,
	"name" text NOT NULL,
	"budget_type" text,
	"time_unit" text,
	"limit_amount" numeric(18, 6),
	"limit_unit" text,
	"actual_spend" numeric(18, 6),
	"forecasted_spend" numeric(18, 6),
	"threshold" numeric(18, 6),
	"state" text,
	"metric" text,
	"actions_enabled" boolean,
	"actions" integer,
	"read_at" timestamp with time zone NOT NULL,
	"last_run_id" uuid,
	CONSTRAINT "account_budgets_account_id_kind_name_pk" PRIMARY KEY("account_id","kind","name")
);
--> statement-breakpoint
CREATE TABLE "billing_watch_reads" (
	"account_id" varchar(12) NOT NULL,
	"kind" text NOT NULL,
	"read_at" timestamp with time zone NOT NULL,
	"last_run_id" uuid,
	CONSTRAINT "billing_watch_reads_account_id_kind_pk" PRIMARY KEY("account_id","kind")
);
--> statement-breakpoint
ALTER TABLE "account_budgets" ADD CONSTRAINT "account_budgets_account_id_aws_accounts_id_fk" FOREIGN KEY ("account_id") REFERENCES "public"."aws_accounts"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "account_budgets" ADD CONSTRAINT "account_budgets_last_run_id_collection_runs_id_fk" FOREIGN KEY ("last_run_id") REFERENCES "public"."collection_runs"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "billing_watch_reads" ADD CONSTRAINT "billing_watch_reads_account_id_aws_accounts_id_fk" FOREIGN KEY ("account_id") REFERENCES "public"."aws_accounts"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "billing_watch_reads" ADD CONSTRAINT "billing_watch_reads_last_run_id_collection_runs_id_fk" FOREIGN KEY ("last_run_id") REFERENCES "public"."collection_runs"("id") ON DELETE set null ON UPDATE no action;