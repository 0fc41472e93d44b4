CREATE TABLE "learn_cards" (
	"user_id" uuid NOT NULL,
	"word_id" integer NOT NULL,
	"due" timestamp with time zone NOT NULL,
	"stability" double precision NOT NULL,
	"difficulty" double precision NOT NULL,
	"elapsed_days" integer NOT NULL,
	"scheduled_days" integer NOT NULL,
	"learning_steps" integer NOT NULL,
	"reps" integer NOT NULL,
	"lapses" integer NOT NULL,
	"state" smallint NOT NULL,
	"last_review" timestamp with time zone,
	CONSTRAINT "learn_cards_user_id_word_id_pk" PRIMARY KEY("user_id","word_id")
);
--> statement-breakpoint
CREATE TABLE "learn_fsrs_runs" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"user_id" uuid NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"reviews" integer NOT NULL,
	"train_reviews" integer NOT NULL,
	"test_reviews" integer NOT NULL,
	"fitted_weights" double precision[],
	"metrics" jsonb NOT NULL,
	"adopted" boolean NOT NULL,
	"reason" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "learn_review_logs" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"user_id" uuid NOT NULL,
	"word_id" integer NOT NULL,
	"client_review_id" text,
	"rating" smallint NOT NULL,
	"state_before" smallint NOT NULL,
	"card_before" jsonb NOT NULL,
	"direction" text NOT NULL,
	"answer_mode" text NOT NULL,
	"duration_ms" integer,
	"reviewed_at" timestamp with time zone NOT NULL,
	"next_due" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "learner_profiles" (
	"user_id" uuid PRIMARY KEY NOT NULL,
	"cefr_level" text NOT NULL,
	"daily_new_limit" integer DEFAULT 20 NOT NULL,
	"daily_review_limit" integer DEFAULT 200 NOT NULL,
	"desired_retention" real DEFAULT 0.9 NOT NULL,
	"timezone" text DEFAULT 'UTC' NOT NULL,
	"fsrs_weights" double precision[],
	"reviews_since_optimized" integer DEFAULT 0 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "vocabulary_words" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "vocabulary_words_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"french" text NOT NULL,
	"french_key" text GENERATED ALWAYS AS (lower(french)) STORED NOT NULL,
	"english" text NOT NULL,
	"rank" integer NOT NULL,
	"part_of_speech" text,
	"gender" text,
	"cefr_level" text NOT NULL,
	"example_fr" text,
	"example_en" text,
	"source" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "learn_cards" ADD CONSTRAINT "learn_cards_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "learn_cards" ADD CONSTRAINT "learn_cards_word_id_vocabulary_words_id_fk" FOREIGN KEY ("word_id") REFERENCES "public"."vocabulary_words"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "learn_fsrs_runs" ADD CONSTRAINT "learn_fsrs_runs_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "learn_review_logs" ADD CONSTRAINT "learn_review_logs_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "learn_review_logs" ADD CONSTRAINT "learn_review_logs_word_id_vocabulary_words_id_fk" FOREIGN KEY ("word_id") REFERENCES "public"."vocabulary_words"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "learner_profiles" ADD CONSTRAINT "learner_profiles_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "learn_cards_due_idx" ON "learn_cards" USING btree ("user_id","due");--> statement-breakpoint
CREATE INDEX "learn_fsrs_runs_user_idx" ON "learn_fsrs_runs" USING btree ("user_id","created_at");--> statement-breakpoint
CREATE UNIQUE INDEX "learn_review_logs_client_key" ON "learn_review_logs" USING btree ("user_id","client_review_id");--> statement-breakpoint
CREATE INDEX "learn_review_logs_user_time_idx" ON "learn_review_logs" USING btree ("user_id","reviewed_at");--> statement-breakpoint
CREATE UNIQUE INDEX "vocabulary_words_french_key" ON "vocabulary_words" USING btree ("french_key");--> statement-breakpoint
CREATE INDEX "vocabulary_words_rank_idx" ON "vocabulary_words" USING btree ("rank");