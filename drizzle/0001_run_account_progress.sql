ALTER TABLE "collection_runs" ADD COLUMN "accounts_total" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "collection_runs" ADD COLUMN "accounts_done" integer DEFAULT 0 NOT NULL;