ALTER TABLE "content_items" ADD COLUMN "external_key" text;--> statement-breakpoint
CREATE UNIQUE INDEX "content_items_external_key" ON "content_items" USING btree ("external_key");