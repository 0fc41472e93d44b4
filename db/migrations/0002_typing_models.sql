CREATE TYPE "public"."typing_model_status" AS ENUM('active', 'retired', 'rejected');--> statement-breakpoint
CREATE TABLE "typing_model_versions" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"status" "typing_model_status" NOT NULL,
	"reason" text NOT NULL,
	"params" jsonb NOT NULL,
	"metrics" jsonb NOT NULL,
	"data_window" jsonb NOT NULL,
	"model" jsonb,
	"activated_at" timestamp with time zone
);
--> statement-breakpoint
CREATE INDEX "typing_model_versions_created_idx" ON "typing_model_versions" USING btree ("created_at");--> statement-breakpoint
CREATE UNIQUE INDEX "typing_model_versions_one_active" ON "typing_model_versions" USING btree ("status") WHERE "typing_model_versions"."status" = 'active';