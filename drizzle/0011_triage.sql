CREATE TABLE "suppression_rules" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"check_id" text,
	"resource_pattern" text,
	"account_id" varchar(12),
	"ou_id" text,
	"environment" "environment",
	"tag_key" text,
	"tag_value" text,
	"reason" text NOT NULL,
	"kind" "suppression_kind" NOT NULL,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "findings" ADD COLUMN "suppression_rule_id" uuid;--> statement-breakpoint
ALTER TABLE "suppression_rules" ADD CONSTRAINT "suppression_rules_check_id_checks_id_fk" FOREIGN KEY ("check_id") REFERENCES "public"."checks"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "suppression_rules" ADD CONSTRAINT "suppression_rules_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "suppression_rules_account_id_index" ON "suppression_rules" USING btree ("account_id");--> statement-breakpoint
ALTER TABLE "findings" ADD CONSTRAINT "findings_suppression_rule_id_suppression_rules_id_fk" FOREIGN KEY ("suppression_rule_id") REFERENCES "public"."suppression_rules"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "findings_suppression_rule_idx" ON "findings" USING btree ("suppression_rule_id") WHERE "findings"."suppression_rule_id" is not null;