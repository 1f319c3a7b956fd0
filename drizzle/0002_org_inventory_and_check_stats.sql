CREATE TABLE "check_account_stats" (
	"account_id" varchar(12) NOT NULL,
	"check_id" text NOT NULL,
	"passed" integer DEFAULT 0 NOT NULL,
	"failed" integer DEFAULT 0 NOT NULL,
	"not_applicable" integer DEFAULT 0 NOT NULL,
	"run_id" uuid,
	"evaluated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "check_account_stats_account_id_check_id_pk" PRIMARY KEY("account_id","check_id")
);
--> statement-breakpoint
CREATE TABLE "inventory_items" (
	"run_id" uuid NOT NULL,
	"account_id" varchar(12) NOT NULL,
	"region" text NOT NULL,
	"key" text NOT NULL,
	"data" jsonb NOT NULL,
	CONSTRAINT "inventory_items_run_id_account_id_region_key_pk" PRIMARY KEY("run_id","account_id","region","key")
);
--> statement-breakpoint
ALTER TABLE "check_account_stats" ADD CONSTRAINT "check_account_stats_account_id_aws_accounts_id_fk" FOREIGN KEY ("account_id") REFERENCES "public"."aws_accounts"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "check_account_stats" ADD CONSTRAINT "check_account_stats_check_id_checks_id_fk" FOREIGN KEY ("check_id") REFERENCES "public"."checks"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "check_account_stats" ADD CONSTRAINT "check_account_stats_run_id_collection_runs_id_fk" FOREIGN KEY ("run_id") REFERENCES "public"."collection_runs"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "inventory_items" ADD CONSTRAINT "inventory_items_run_id_collection_runs_id_fk" FOREIGN KEY ("run_id") REFERENCES "public"."collection_runs"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "inventory_items" ADD CONSTRAINT "inventory_items_account_id_aws_accounts_id_fk" FOREIGN KEY ("account_id") REFERENCES "public"."aws_accounts"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "check_account_stats_check_id_index" ON "check_account_stats" USING btree ("check_id");--> statement-breakpoint
CREATE INDEX "inventory_items_account_id_index" ON "inventory_items" USING btree ("account_id");