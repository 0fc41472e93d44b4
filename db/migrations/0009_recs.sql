CREATE TABLE "content_items" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"type" text NOT NULL,
	"title" text NOT NULL,
	"description" text NOT NULL,
	"body" text DEFAULT '' NOT NULL,
	"url" text,
	"tags" text[] DEFAULT '{}'::text[] NOT NULL,
	"difficulty" smallint NOT NULL,
	"duration_min" smallint NOT NULL,
	"quiz" jsonb,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "content_items_difficulty" CHECK ("content_items"."difficulty" between 1 and 5)
);
--> statement-breakpoint
CREATE TABLE "recs_events" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"user_id" uuid NOT NULL,
	"content_id" uuid NOT NULL,
	"event_type" text NOT NULL,
	"ts" timestamp with time zone NOT NULL,
	"dwell_ms" integer,
	"value" real,
	"client_event_id" text,
	"received_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "recs_profiles" (
	"user_id" uuid PRIMARY KEY NOT NULL,
	"cohort" text NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "recs_events" ADD CONSTRAINT "recs_events_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "recs_events" ADD CONSTRAINT "recs_events_content_id_content_items_id_fk" FOREIGN KEY ("content_id") REFERENCES "public"."content_items"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "recs_profiles" ADD CONSTRAINT "recs_profiles_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "content_items_created_idx" ON "content_items" USING btree ("created_at");--> statement-breakpoint
CREATE INDEX "content_items_tags_idx" ON "content_items" USING gin ("tags");--> statement-breakpoint
CREATE INDEX "recs_events_user_ts_idx" ON "recs_events" USING btree ("user_id","ts");--> statement-breakpoint
CREATE INDEX "recs_events_content_idx" ON "recs_events" USING btree ("content_id");--> statement-breakpoint
CREATE UNIQUE INDEX "recs_events_client_key" ON "recs_events" USING btree ("user_id","client_event_id") WHERE "recs_events"."client_event_id" is not null;