CREATE TYPE "public"."account_status" AS ENUM('active', 'suspended', 'pending_closure', 'closed');--> statement-breakpoint
CREATE TYPE "public"."anomaly_status" AS ENUM('open', 'acknowledged', 'dismissed');--> statement-breakpoint
CREATE TYPE "public"."audit_outcome" AS ENUM('success', 'denied', 'error');--> statement-breakpoint
CREATE TYPE "public"."canary_status" AS ENUM('active', 'tripped', 'retired');--> statement-breakpoint
CREATE TYPE "public"."check_scope" AS ENUM('regional', 'global', 'organization');--> statement-breakpoint
CREATE TYPE "public"."discovery_mode" AS ENUM('organizations', 'configured', 'single', 'demo');--> statement-breakpoint
CREATE TYPE "public"."environment" AS ENUM('prod', 'staging', 'dev', 'other');--> statement-breakpoint
CREATE TYPE "public"."finding_event_kind" AS ENUM('status', 'severity', 'assignment', 'comment');--> statement-breakpoint
CREATE TYPE "public"."finding_status" AS ENUM('NEW', 'ACKNOWLEDGED', 'SUPPRESSED', 'RESOLVED');--> statement-breakpoint
CREATE TYPE "public"."role" AS ENUM('admin', 'triager', 'viewer');--> statement-breakpoint
CREATE TYPE "public"."role_source" AS ENUM('idp', 'manual', 'bootstrap');--> statement-breakpoint
CREATE TYPE "public"."run_status" AS ENUM('queued', 'running', 'succeeded', 'partial', 'failed', 'stuck', 'cancelled');--> statement-breakpoint
CREATE TYPE "public"."run_trigger" AS ENUM('schedule', 'manual', 'cli', 'demo');--> statement-breakpoint
CREATE TYPE "public"."scope_kind" AS ENUM('account', 'ou', 'environment');--> statement-breakpoint
CREATE TYPE "public"."severity" AS ENUM('critical', 'high', 'medium', 'low', 'informational');--> statement-breakpoint
CREATE TYPE "public"."unit_status" AS ENUM('pending', 'running', 'ok', 'partial', 'failed', 'skipped');--> statement-breakpoint
CREATE TABLE "aws_accounts" (
	"id" varchar(12) PRIMARY KEY NOT NULL,
	"organization_id" uuid NOT NULL,
	"name" text NOT NULL,
	"email" text,
	"ou_id" text,
	"ou_path" text,
	"environment" "environment" DEFAULT 'other' NOT NULL,
	"status" "account_status" DEFAULT 'active' NOT NULL,
	"is_management" boolean DEFAULT false NOT NULL,
	"role_arn" text,
	"tags" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"joined_at" timestamp with time zone,
	"discovered_at" timestamp with time zone DEFAULT now() NOT NULL,
	"last_collected_at" timestamp with time zone,
	"last_run_id" uuid,
	"last_collection_status" "unit_status",
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "organizational_units" (
	"id" text PRIMARY KEY NOT NULL,
	"organization_id" uuid NOT NULL,
	"parent_id" text,
	"name" text NOT NULL,
	"path" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "organizations" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"name" text NOT NULL,
	"aws_organization_id" text,
	"management_account_id" varchar(12),
	"discovery_mode" "discovery_mode" NOT NULL,
	"is_demo" boolean DEFAULT false NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "collection_runs" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"organization_id" uuid NOT NULL,
	"trigger" "run_trigger" NOT NULL,
	"requested_by" uuid,
	"status" "run_status" DEFAULT 'queued' NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"started_at" timestamp with time zone,
	"finished_at" timestamp with time zone,
	"heartbeat_at" timestamp with time zone,
	"units_total" integer DEFAULT 0 NOT NULL,
	"units_done" integer DEFAULT 0 NOT NULL,
	"units_failed" integer DEFAULT 0 NOT NULL,
	"api_calls" integer DEFAULT 0 NOT NULL,
	"throttled_calls" integer DEFAULT 0 NOT NULL,
	"error_message" text
);
--> statement-breakpoint
CREATE TABLE "run_units" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "run_units_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"run_id" uuid NOT NULL,
	"account_id" varchar(12) NOT NULL,
	"region" text NOT NULL,
	"status" "unit_status" DEFAULT 'pending' NOT NULL,
	"error_code" text,
	"error_message" text,
	"started_at" timestamp with time zone,
	"finished_at" timestamp with time zone,
	"duration_ms" integer,
	"api_calls" integer DEFAULT 0 NOT NULL,
	"throttled_calls" integer DEFAULT 0 NOT NULL,
	"attempts" integer DEFAULT 0 NOT NULL,
	"results_count" integer DEFAULT 0 NOT NULL
);
--> statement-breakpoint
CREATE TABLE "checks" (
	"id" text PRIMARY KEY NOT NULL,
	"title" text NOT NULL,
	"description" text NOT NULL,
	"service" text NOT NULL,
	"default_severity" "severity" NOT NULL,
	"scope" "check_scope" NOT NULL,
	"frameworks" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"remediation" jsonb NOT NULL,
	"enabled" boolean DEFAULT true NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "finding_events" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "finding_events_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"finding_id" text NOT NULL,
	"occurred_at" timestamp with time zone DEFAULT now() NOT NULL,
	"kind" "finding_event_kind" NOT NULL,
	"actor_id" uuid,
	"run_id" uuid,
	"from_status" "finding_status",
	"to_status" "finding_status",
	"note" text,
	"data" jsonb
);
--> statement-breakpoint
CREATE TABLE "findings" (
	"id" text PRIMARY KEY NOT NULL,
	"check_id" text NOT NULL,
	"account_id" varchar(12) NOT NULL,
	"region" text NOT NULL,
	"resource_id" text NOT NULL,
	"resource_type" text NOT NULL,
	"severity" "severity" NOT NULL,
	"status" "finding_status" DEFAULT 'NEW' NOT NULL,
	"evidence" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"first_seen_at" timestamp with time zone DEFAULT now() NOT NULL,
	"last_seen_at" timestamp with time zone DEFAULT now() NOT NULL,
	"status_changed_at" timestamp with time zone DEFAULT now() NOT NULL,
	"resolved_at" timestamp with time zone,
	"last_run_id" uuid,
	"assignee_id" uuid,
	"suppression_reason" text,
	"suppressed_by" uuid,
	"suppressed_until" timestamp with time zone,
	"reopen_count" integer DEFAULT 0 NOT NULL
);
--> statement-breakpoint
CREATE TABLE "guardduty_findings" (
	"account_id" varchar(12) NOT NULL,
	"region" text NOT NULL,
	"id" text NOT NULL,
	"detector_id" text NOT NULL,
	"type" text NOT NULL,
	"title" text NOT NULL,
	"description" text,
	"severity" real NOT NULL,
	"severity_label" "severity" NOT NULL,
	"resource_type" text,
	"resource_id" text,
	"count" integer DEFAULT 1 NOT NULL,
	"archived" boolean DEFAULT false NOT NULL,
	"first_seen_at" timestamp with time zone NOT NULL,
	"last_seen_at" timestamp with time zone NOT NULL,
	"details" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"collected_at" timestamp with time zone DEFAULT now() NOT NULL,
	"last_run_id" uuid,
	CONSTRAINT "guardduty_findings_account_id_region_id_pk" PRIMARY KEY("account_id","region","id")
);
--> statement-breakpoint
CREATE TABLE "cost_anomalies" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"account_id" varchar(12) NOT NULL,
	"service" text NOT NULL,
	"day" date NOT NULL,
	"expected" numeric(18, 6) NOT NULL,
	"actual" numeric(18, 6) NOT NULL,
	"score" real NOT NULL,
	"severity" "severity" NOT NULL,
	"status" "anomaly_status" DEFAULT 'open' NOT NULL,
	"detected_at" timestamp with time zone DEFAULT now() NOT NULL,
	"run_id" uuid
);
--> statement-breakpoint
CREATE TABLE "cost_daily" (
	"account_id" varchar(12) NOT NULL,
	"day" date NOT NULL,
	"service" text NOT NULL,
	"amount" numeric(18, 6) NOT NULL,
	"currency" varchar(3) DEFAULT 'USD' NOT NULL,
	"collected_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "cost_daily_account_id_day_service_pk" PRIMARY KEY("account_id","day","service")
);
--> statement-breakpoint
CREATE TABLE "account_daily" (
	"account_id" varchar(12) NOT NULL,
	"day" date NOT NULL,
	"score" smallint,
	"open_critical" integer DEFAULT 0 NOT NULL,
	"open_high" integer DEFAULT 0 NOT NULL,
	"open_medium" integer DEFAULT 0 NOT NULL,
	"open_low" integer DEFAULT 0 NOT NULL,
	"open_informational" integer DEFAULT 0 NOT NULL,
	"suppressed" integer DEFAULT 0 NOT NULL,
	"new_findings" integer DEFAULT 0 NOT NULL,
	"resolved_findings" integer DEFAULT 0 NOT NULL,
	"guardduty_high" integer DEFAULT 0 NOT NULL,
	"cost" numeric(18, 6),
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "account_daily_account_id_day_pk" PRIMARY KEY("account_id","day")
);
--> statement-breakpoint
CREATE TABLE "sessions" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"token_hash" text NOT NULL,
	"user_id" uuid NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"last_seen_at" timestamp with time zone DEFAULT now() NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	"revoked_at" timestamp with time zone,
	"revoked_by" uuid,
	"ip" text,
	"user_agent" text
);
--> statement-breakpoint
CREATE TABLE "team_members" (
	"team_id" uuid NOT NULL,
	"user_id" uuid NOT NULL,
	"source" "role_source" DEFAULT 'manual' NOT NULL,
	"added_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "team_members_team_id_user_id_pk" PRIMARY KEY("team_id","user_id")
);
--> statement-breakpoint
CREATE TABLE "team_scopes" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"team_id" uuid NOT NULL,
	"kind" "scope_kind" NOT NULL,
	"value" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "teams" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"name" text NOT NULL,
	"description" text,
	"idp_group" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "user_identities" (
	"provider" text NOT NULL,
	"subject" text NOT NULL,
	"user_id" uuid NOT NULL,
	"groups" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"last_login_at" timestamp with time zone,
	CONSTRAINT "user_identities_provider_subject_pk" PRIMARY KEY("provider","subject")
);
--> statement-breakpoint
CREATE TABLE "users" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"email" text NOT NULL,
	"name" text,
	"role" "role",
	"role_source" "role_source",
	"password_hash" text,
	"disabled_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"last_login_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "settings" (
	"key" text PRIMARY KEY NOT NULL,
	"value" jsonb NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_by" uuid
);
--> statement-breakpoint
CREATE TABLE "canary_events" (
	"id" text PRIMARY KEY NOT NULL,
	"canary_key_id" uuid NOT NULL,
	"event_time" timestamp with time zone NOT NULL,
	"event_name" text NOT NULL,
	"event_source" text NOT NULL,
	"aws_region" text,
	"source_ip" text,
	"user_agent" text,
	"error_code" text,
	"recipient_account_id" varchar(12),
	"details" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"collected_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "canary_keys" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"access_key_id" varchar(20) NOT NULL,
	"label" text NOT NULL,
	"planted_in" text,
	"owner_account_id" varchar(12),
	"iam_user_name" text,
	"status" "canary_status" DEFAULT 'active' NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"last_event_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "audit_log" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "audit_log_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"occurred_at" timestamp with time zone DEFAULT now() NOT NULL,
	"actor_id" uuid,
	"actor_email" text,
	"action" text NOT NULL,
	"outcome" "audit_outcome" NOT NULL,
	"target_type" text,
	"target_id" text,
	"ip" text,
	"details" jsonb DEFAULT '{}'::jsonb NOT NULL
);
--> statement-breakpoint
ALTER TABLE "aws_accounts" ADD CONSTRAINT "aws_accounts_organization_id_organizations_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."organizations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "organizational_units" ADD CONSTRAINT "organizational_units_organization_id_organizations_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."organizations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "collection_runs" ADD CONSTRAINT "collection_runs_organization_id_organizations_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."organizations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "collection_runs" ADD CONSTRAINT "collection_runs_requested_by_users_id_fk" FOREIGN KEY ("requested_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "run_units" ADD CONSTRAINT "run_units_run_id_collection_runs_id_fk" FOREIGN KEY ("run_id") REFERENCES "public"."collection_runs"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "run_units" ADD CONSTRAINT "run_units_account_id_aws_accounts_id_fk" FOREIGN KEY ("account_id") REFERENCES "public"."aws_accounts"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "finding_events" ADD CONSTRAINT "finding_events_finding_id_findings_id_fk" FOREIGN KEY ("finding_id") REFERENCES "public"."findings"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "finding_events" ADD CONSTRAINT "finding_events_actor_id_users_id_fk" FOREIGN KEY ("actor_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "finding_events" ADD CONSTRAINT "finding_events_run_id_collection_runs_id_fk" FOREIGN KEY ("run_id") REFERENCES "public"."collection_runs"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "findings" ADD CONSTRAINT "findings_check_id_checks_id_fk" FOREIGN KEY ("check_id") REFERENCES "public"."checks"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "findings" ADD CONSTRAINT "findings_account_id_aws_accounts_id_fk" FOREIGN KEY ("account_id") REFERENCES "public"."aws_accounts"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "findings" ADD CONSTRAINT "findings_last_run_id_collection_runs_id_fk" FOREIGN KEY ("last_run_id") REFERENCES "public"."collection_runs"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "findings" ADD CONSTRAINT "findings_assignee_id_users_id_fk" FOREIGN KEY ("assignee_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "findings" ADD CONSTRAINT "findings_suppressed_by_users_id_fk" FOREIGN KEY ("suppressed_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "guardduty_findings" ADD CONSTRAINT "guardduty_findings_account_id_aws_accounts_id_fk" FOREIGN KEY ("account_id") REFERENCES "public"."aws_accounts"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "guardduty_findings" ADD CONSTRAINT "guardduty_findings_last_run_id_collection_runs_id_fk" FOREIGN KEY ("last_run_id") REFERENCES "public"."collection_runs"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "cost_anomalies" ADD CONSTRAINT "cost_anomalies_account_id_aws_accounts_id_fk" FOREIGN KEY ("account_id") REFERENCES "public"."aws_accounts"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "cost_anomalies" ADD CONSTRAINT "cost_anomalies_run_id_collection_runs_id_fk" FOREIGN KEY ("run_id") REFERENCES "public"."collection_runs"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "cost_daily" ADD CONSTRAINT "cost_daily_account_id_aws_accounts_id_fk" FOREIGN KEY ("account_id") REFERENCES "public"."aws_accounts"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "account_daily" ADD CONSTRAINT "account_daily_account_id_aws_accounts_id_fk" FOREIGN KEY ("account_id") REFERENCES "public"."aws_accounts"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sessions" ADD CONSTRAINT "sessions_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sessions" ADD CONSTRAINT "sessions_revoked_by_users_id_fk" FOREIGN KEY ("revoked_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "team_members" ADD CONSTRAINT "team_members_team_id_teams_id_fk" FOREIGN KEY ("team_id") REFERENCES "public"."teams"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "team_members" ADD CONSTRAINT "team_members_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "team_scopes" ADD CONSTRAINT "team_scopes_team_id_teams_id_fk" FOREIGN KEY ("team_id") REFERENCES "public"."teams"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "user_identities" ADD CONSTRAINT "user_identities_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "settings" ADD CONSTRAINT "settings_updated_by_users_id_fk" FOREIGN KEY ("updated_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "canary_events" ADD CONSTRAINT "canary_events_canary_key_id_canary_keys_id_fk" FOREIGN KEY ("canary_key_id") REFERENCES "public"."canary_keys"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "audit_log" ADD CONSTRAINT "audit_log_actor_id_users_id_fk" FOREIGN KEY ("actor_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "aws_accounts_organization_id_index" ON "aws_accounts" USING btree ("organization_id");--> statement-breakpoint
CREATE INDEX "aws_accounts_environment_index" ON "aws_accounts" USING btree ("environment");--> statement-breakpoint
CREATE INDEX "aws_accounts_ou_id_index" ON "aws_accounts" USING btree ("ou_id");--> statement-breakpoint
CREATE INDEX "aws_accounts_active_idx" ON "aws_accounts" USING btree ("organization_id") WHERE "aws_accounts"."status" = 'active';--> statement-breakpoint
CREATE INDEX "organizational_units_organization_id_index" ON "organizational_units" USING btree ("organization_id");--> statement-breakpoint
CREATE INDEX "organizational_units_parent_id_index" ON "organizational_units" USING btree ("parent_id");--> statement-breakpoint
CREATE INDEX "collection_runs_organization_id_created_at_index" ON "collection_runs" USING btree ("organization_id","created_at" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "collection_runs_status_index" ON "collection_runs" USING btree ("status");--> statement-breakpoint
CREATE UNIQUE INDEX "run_units_run_id_account_id_region_index" ON "run_units" USING btree ("run_id","account_id","region");--> statement-breakpoint
CREATE INDEX "run_units_account_id_finished_at_index" ON "run_units" USING btree ("account_id","finished_at" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "finding_events_finding_id_occurred_at_index" ON "finding_events" USING btree ("finding_id","occurred_at");--> statement-breakpoint
CREATE INDEX "finding_events_occurred_at_index" ON "finding_events" USING btree ("occurred_at");--> statement-breakpoint
CREATE INDEX "findings_account_id_status_severity_index" ON "findings" USING btree ("account_id","status","severity");--> statement-breakpoint
CREATE INDEX "findings_check_id_status_index" ON "findings" USING btree ("check_id","status");--> statement-breakpoint
CREATE INDEX "findings_status_severity_last_seen_at_index" ON "findings" USING btree ("status","severity","last_seen_at" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "findings_assignee_idx" ON "findings" USING btree ("assignee_id") WHERE "findings"."assignee_id" is not null;--> statement-breakpoint
CREATE INDEX "findings_suppression_expiry_idx" ON "findings" USING btree ("suppressed_until") WHERE "findings"."status" = 'SUPPRESSED';--> statement-breakpoint
CREATE INDEX "guardduty_findings_last_seen_at_index" ON "guardduty_findings" USING btree ("last_seen_at" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "guardduty_findings_severity_label_archived_index" ON "guardduty_findings" USING btree ("severity_label","archived");--> statement-breakpoint
CREATE INDEX "guardduty_findings_type_index" ON "guardduty_findings" USING btree ("type");--> statement-breakpoint
CREATE UNIQUE INDEX "cost_anomalies_account_id_service_day_index" ON "cost_anomalies" USING btree ("account_id","service","day");--> statement-breakpoint
CREATE INDEX "cost_anomalies_day_index" ON "cost_anomalies" USING btree ("day" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "cost_anomalies_status_index" ON "cost_anomalies" USING btree ("status");--> statement-breakpoint
CREATE INDEX "cost_daily_day_index" ON "cost_daily" USING btree ("day");--> statement-breakpoint
CREATE INDEX "account_daily_day_index" ON "account_daily" USING btree ("day");--> statement-breakpoint
CREATE UNIQUE INDEX "sessions_token_hash_index" ON "sessions" USING btree ("token_hash");--> statement-breakpoint
CREATE INDEX "sessions_user_id_index" ON "sessions" USING btree ("user_id");--> statement-breakpoint
CREATE INDEX "team_members_user_id_index" ON "team_members" USING btree ("user_id");--> statement-breakpoint
CREATE UNIQUE INDEX "team_scopes_team_id_kind_value_index" ON "team_scopes" USING btree ("team_id","kind","value");--> statement-breakpoint
CREATE UNIQUE INDEX "teams_name_index" ON "teams" USING btree ("name");--> statement-breakpoint
CREATE INDEX "user_identities_user_id_index" ON "user_identities" USING btree ("user_id");--> statement-breakpoint
CREATE UNIQUE INDEX "users_email_index" ON "users" USING btree ("email");--> statement-breakpoint
CREATE INDEX "canary_events_canary_key_id_event_time_index" ON "canary_events" USING btree ("canary_key_id","event_time" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "canary_events_event_time_index" ON "canary_events" USING btree ("event_time" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "canary_keys_access_key_id_index" ON "canary_keys" USING btree ("access_key_id");--> statement-breakpoint
CREATE INDEX "audit_log_occurred_at_index" ON "audit_log" USING btree ("occurred_at" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "audit_log_actor_id_occurred_at_index" ON "audit_log" USING btree ("actor_id","occurred_at" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "audit_log_action_occurred_at_index" ON "audit_log" USING btree ("action","occurred_at" DESC NULLS LAST);