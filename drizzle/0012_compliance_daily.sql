CREATE TABLE "compliance_daily" (
	"account_id" varchar(12) NOT NULL,
	"day" date NOT NULL,
	"framework" text NOT NULL,
	"passed_controls" integer DEFAULT 0 NOT NULL,
	"failed_controls" integer DEFAULT 0 NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "compliance_daily_account_id_day_framework_pk" PRIMARY KEY("account_id","day","framework")
);
--> statement-breakpoint
ALTER TABLE "compliance_daily" ADD CONSTRAINT "compliance_daily_account_id_aws_accounts_id_fk" FOREIGN KEY ("account_id") REFERENCES "public"."aws_accounts"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "compliance_daily_day_index" ON "compliance_daily" USING btree ("day");