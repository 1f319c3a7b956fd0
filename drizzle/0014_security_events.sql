CREATE TABLE "security_events" (
	"key" text PRIMARY KEY NOT NULL,
	"kind" varchar(40) NOT NULL,
	"source_id" text NOT NULL,
	"account_id" varchar(12) NOT NULL,
	"region" text NOT NULL,
	"severity" "severity" NOT NULL,
	"title" text NOT NULL,
	"type" text NOT NULL,
	"archived" boolean DEFAULT false NOT NULL,
	"first_seen_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"changed_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "security_events" ADD CONSTRAINT "security_events_account_id_aws_accounts_id_fk" FOREIGN KEY ("account_id") REFERENCES "public"."aws_accounts"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "security_events_account_id_changed_at_index" ON "security_events" USING btree ("account_id","changed_at" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "security_events_changed_at_index" ON "security_events" USING btree ("changed_at" DESC NULLS LAST);