CREATE TABLE "practice_goals" (
	"user_id" uuid NOT NULL,
	"module" text NOT NULL,
	"daily_minutes" integer NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "practice_goals_user_id_module_pk" PRIMARY KEY("user_id","module"),
	CONSTRAINT "practice_goals_minutes" CHECK ("practice_goals"."daily_minutes" between 0 and 240)
);
--> statement-breakpoint
ALTER TABLE "practice_goals" ADD CONSTRAINT "practice_goals_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;