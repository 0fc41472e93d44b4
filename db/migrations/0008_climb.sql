CREATE TABLE "baseline_assessments" (
	"user_id" uuid PRIMARY KEY NOT NULL,
	"experience_years" real NOT NULL,
	"max_boulder_v" smallint,
	"max_route_index" smallint,
	"boulder_scale" text DEFAULT 'v' NOT NULL,
	"route_scale" text DEFAULT 'french' NOT NULL,
	"goals" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"injuries" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"days_per_week" smallint NOT NULL,
	"minutes_per_session" smallint NOT NULL,
	"timezone" text DEFAULT 'UTC' NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "climb_model_runs" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"status" text NOT NULL,
	"trigger" text NOT NULL,
	"progress" real DEFAULT 0 NOT NULL,
	"climbers" integer DEFAULT 0 NOT NULL,
	"sessions" integer DEFAULT 0 NOT NULL,
	"population" jsonb,
	"diagnostics" jsonb,
	"max_rhat" real,
	"min_ess" real,
	"converged" boolean,
	"settings" jsonb,
	"duration_ms" integer,
	"error" text,
	"started_at" timestamp with time zone DEFAULT now() NOT NULL,
	"finished_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "climb_rules" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"name" text NOT NULL,
	"condition" jsonb NOT NULL,
	"action" text NOT NULL,
	"session_type" text,
	"excluded_types" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"message" text NOT NULL,
	"priority" integer DEFAULT 100 NOT NULL,
	"enabled" boolean DEFAULT true NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_by" uuid
);
--> statement-breakpoint
CREATE TABLE "climbing_sessions" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"user_id" uuid NOT NULL,
	"status" text NOT NULL,
	"session_type" text NOT NULL,
	"planned_duration_min" smallint NOT NULL,
	"planned_intensity" smallint NOT NULL,
	"planned_exercises" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"sleep_hours" real NOT NULL,
	"energy_level" smallint NOT NULL,
	"stress_level" smallint NOT NULL,
	"soreness" smallint,
	"motivation" smallint,
	"finger_pain" smallint,
	"recommendation" jsonb,
	"started_at" timestamp with time zone NOT NULL,
	"ended_at" timestamp with time zone,
	"actual_session_type" text,
	"actual_duration_min" smallint,
	"actual_intensity" smallint,
	"actual_exercises" jsonb,
	"session_quality" smallint,
	"deviated_from_plan" boolean,
	"notes" text DEFAULT '' NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"completed_at" timestamp with time zone,
	CONSTRAINT "climbing_sessions_completed_has_actuals" CHECK ("climbing_sessions"."status" <> 'completed' or ("climbing_sessions"."session_quality" is not null and "climbing_sessions"."actual_session_type" is not null and "climbing_sessions"."ended_at" is not null)),
	CONSTRAINT "climbing_sessions_end_after_start" CHECK ("climbing_sessions"."ended_at" is null or "climbing_sessions"."ended_at" > "climbing_sessions"."started_at")
);
--> statement-breakpoint
CREATE TABLE "model_outputs" (
	"user_id" uuid PRIMARY KEY NOT NULL,
	"phase" text NOT NULL,
	"sessions_included" integer NOT NULL,
	"coefficients" jsonb NOT NULL,
	"covariance" jsonb NOT NULL,
	"noise_sd" real NOT NULL,
	"source" text NOT NULL,
	"run_id" uuid,
	"last_trained_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "baseline_assessments" ADD CONSTRAINT "baseline_assessments_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "climb_rules" ADD CONSTRAINT "climb_rules_updated_by_users_id_fk" FOREIGN KEY ("updated_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "climbing_sessions" ADD CONSTRAINT "climbing_sessions_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "model_outputs" ADD CONSTRAINT "model_outputs_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "climb_model_runs_started_idx" ON "climb_model_runs" USING btree ("started_at");--> statement-breakpoint
CREATE INDEX "climbing_sessions_user_idx" ON "climbing_sessions" USING btree ("user_id","started_at");--> statement-breakpoint
-- The rules Praxis ships with (admins edit them in /admin/climb). Lower priority numbers are checked first.
INSERT INTO "climb_rules" ("name", "condition", "action", "session_type", "excluded_types", "message", "priority") VALUES
('Finger pain: rest', '{"field":"finger_pain","op":"gte","value":5}', 'override', 'rest', '[]', 'Finger pain at 5/10 or more: take a rest day. If it persists for days or hurts at rest, see a physiotherapist before loading your fingers again.', 10),
('Three hard days in a row', '{"field":"consecutive_hard_days","op":"gte","value":3}', 'override', 'rest', '[]', 'Three or more hard days in a row: fingers and tendons recover more slowly than muscles. Rest today and come back stronger.', 12),
('Very short sleep', '{"field":"sleep_hours","op":"lt","value":4.5}', 'override', 'rest', '[]', 'Under 4.5 hours of sleep: strength is down and injury risk is up. Rest, or an easy walk, and sleep well tonight.', 15),
('Drained and stressed', '{"all":[{"field":"energy_level","op":"eq","value":1},{"field":"stress_level","op":"gte","value":4}]}', 'override', 'rest', '[]', 'No energy and high stress: a rest day will do more for you than a session today.', 18),
('Active finger injury', '{"field":"active_finger_injury","op":"eq","value":1}', 'constraint', NULL, '["hangboard","limit_bouldering","power_endurance"]', 'Your baseline lists an active finger injury: no hangboard, limit or power-endurance crimping until it heals.', 20),
('New to climbing: no hangboard', '{"field":"experience_years","op":"lt","value":1}', 'constraint', NULL, '["hangboard"]', 'In your first year of climbing, your fingers'' tendons are still adapting: climb more, hang later.', 25),
('Finger niggle', '{"field":"finger_pain","op":"gte","value":2}', 'constraint', NULL, '["hangboard","limit_bouldering"]', 'Some finger pain today: skip the hangboard and limit crimps; open-hand volume or technique instead.', 30),
('Short sleep', '{"field":"sleep_hours","op":"lt","value":6}', 'constraint', NULL, '["limit_bouldering","hangboard"]', 'Under 6 hours of sleep: maximal efforts today are likely to disappoint and raise injury risk.', 40),
('Very sore', '{"field":"soreness","op":"gte","value":5}', 'constraint', NULL, '["limit_bouldering","hangboard","power_endurance"]', 'Very sore muscles: keep today to technique or easy volume.', 50),
('Load spike', '{"field":"acute_chronic_load_ratio","op":"gt","value":1.5}', 'constraint', NULL, '["limit_bouldering","hangboard","power_endurance"]', 'This week''s load is over 1.5× your usual weekly load: spikes like this are when overuse injuries happen. Keep today easy.', 60);
