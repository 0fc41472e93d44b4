CREATE TABLE "recs_indexes" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"model_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"dim" integer NOT NULL,
	"item_count" integer NOT NULL,
	"item_ids" uuid[] NOT NULL,
	"vectors" "bytea" NOT NULL,
	"offsets" "bytea" NOT NULL,
	"graph" "bytea",
	"recall_at_10" real NOT NULL,
	"build_ms" integer NOT NULL,
	"job_id" text,
	"built_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "recs_models" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"version" integer GENERATED ALWAYS AS IDENTITY (sequence name "recs_models_version_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"status" text NOT NULL,
	"params" jsonb NOT NULL,
	"metrics" jsonb NOT NULL,
	"decision" text NOT NULL,
	"bundle" "bytea" NOT NULL,
	"cutoff_event_id" bigint NOT NULL,
	"job_id" text,
	"trained_at" timestamp with time zone DEFAULT now() NOT NULL,
	"activated_at" timestamp with time zone
);
--> statement-breakpoint
ALTER TABLE "recs_indexes" ADD CONSTRAINT "recs_indexes_model_id_recs_models_id_fk" FOREIGN KEY ("model_id") REFERENCES "public"."recs_models"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "recs_indexes_model_built_idx" ON "recs_indexes" USING btree ("model_id","built_at");--> statement-breakpoint
CREATE UNIQUE INDEX "recs_models_one_active" ON "recs_models" USING btree ("status") WHERE "recs_models"."status" = 'active';