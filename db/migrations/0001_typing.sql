CREATE TYPE "public"."typing_mode" AS ENUM('words', 'sentences');--> statement-breakpoint
CREATE TABLE "snippet_usage" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"raw_id" uuid NOT NULL,
	"user_id" uuid NOT NULL,
	"snippet_id" uuid NOT NULL,
	"session_id" uuid NOT NULL,
	"position" integer NOT NULL,
	"wpm" real NOT NULL,
	"accuracy" real NOT NULL,
	"difficulty" real NOT NULL,
	"started_at" timestamp with time zone NOT NULL,
	"completed_at" timestamp with time zone NOT NULL,
	"keystrokes" integer DEFAULT 0 NOT NULL,
	"errors" integer DEFAULT 0 NOT NULL
);
--> statement-breakpoint
CREATE TABLE "snippets" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"mode" "typing_mode" NOT NULL,
	"text" text NOT NULL,
	"content_hash" text NOT NULL,
	"source" text NOT NULL,
	"length" integer NOT NULL,
	"difficulty" real NOT NULL,
	"features" jsonb NOT NULL,
	"keys" text[] NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "telemetry_snippet_raw" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"user_id" uuid NOT NULL,
	"client_event_id" text,
	"payload" jsonb NOT NULL,
	"received_at" timestamp with time zone DEFAULT now() NOT NULL,
	"enriched_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "typing_key_stats" (
	"user_id" uuid NOT NULL,
	"gram" text NOT NULL,
	"hits" integer DEFAULT 0 NOT NULL,
	"misses" integer DEFAULT 0 NOT NULL,
	"ema_ms" double precision,
	"best_ms" double precision,
	"ema_error_rate" double precision DEFAULT 0 NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "typing_key_stats_user_id_gram_pk" PRIMARY KEY("user_id","gram")
);
--> statement-breakpoint
CREATE TABLE "typing_sessions" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"user_id" uuid NOT NULL,
	"mode" "typing_mode" NOT NULL,
	"started_at" timestamp with time zone DEFAULT now() NOT NULL,
	"last_activity_at" timestamp with time zone DEFAULT now() NOT NULL,
	"snippets_completed" integer DEFAULT 0 NOT NULL,
	"wpm" real,
	"accuracy" real,
	"duration_ms" integer DEFAULT 0 NOT NULL
);
--> statement-breakpoint
ALTER TABLE "snippet_usage" ADD CONSTRAINT "snippet_usage_raw_id_telemetry_snippet_raw_id_fk" FOREIGN KEY ("raw_id") REFERENCES "public"."telemetry_snippet_raw"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "snippet_usage" ADD CONSTRAINT "snippet_usage_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "snippet_usage" ADD CONSTRAINT "snippet_usage_snippet_id_snippets_id_fk" FOREIGN KEY ("snippet_id") REFERENCES "public"."snippets"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "snippet_usage" ADD CONSTRAINT "snippet_usage_session_id_typing_sessions_id_fk" FOREIGN KEY ("session_id") REFERENCES "public"."typing_sessions"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "telemetry_snippet_raw" ADD CONSTRAINT "telemetry_snippet_raw_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "typing_key_stats" ADD CONSTRAINT "typing_key_stats_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "typing_sessions" ADD CONSTRAINT "typing_sessions_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "snippet_usage_raw_key" ON "snippet_usage" USING btree ("raw_id");--> statement-breakpoint
CREATE INDEX "snippet_usage_user_idx" ON "snippet_usage" USING btree ("user_id","completed_at");--> statement-breakpoint
CREATE INDEX "snippet_usage_snippet_idx" ON "snippet_usage" USING btree ("snippet_id");--> statement-breakpoint
CREATE UNIQUE INDEX "snippets_content_hash_key" ON "snippets" USING btree ("content_hash");--> statement-breakpoint
CREATE INDEX "snippets_mode_idx" ON "snippets" USING btree ("mode");--> statement-breakpoint
CREATE UNIQUE INDEX "telemetry_raw_client_event_key" ON "telemetry_snippet_raw" USING btree ("user_id","client_event_id");--> statement-breakpoint
CREATE INDEX "telemetry_raw_unenriched_idx" ON "telemetry_snippet_raw" USING btree ("received_at") WHERE "telemetry_snippet_raw"."enriched_at" is null;--> statement-breakpoint
CREATE INDEX "typing_sessions_user_idx" ON "typing_sessions" USING btree ("user_id","started_at");