import { sql } from "drizzle-orm";
import { db } from "../../../db/client.ts";
import type { ActivityEntry } from "../today/activity-entry.ts";

/** Reading speed used to turn a story's length into minutes spent with it. */
const WORDS_PER_MINUTE = 200;

/** Stories written since `since` (kept or not yet purged). */
export async function storiesActivity(userId: string, since: Date): Promise<ActivityEntry[]> {
  const rows = await db().execute<{
    id: string;
    created_at: Date;
    title: string;
    words: number;
    saved: boolean;
  }>(sql`
    select id, created_at, title, saved_at is not null as saved,
      coalesce(array_length(regexp_split_to_array(trim(prompt || ' ' || body), '\s+'), 1), 0)::int as words
    from stories
    where user_id = ${userId} and created_at >= ${since.toISOString()}::timestamptz
    order by created_at desc limit 200`);
  return rows.map((r) => ({
    module: "stories",
    at: new Date(r.created_at),
    minutes: Math.max(1, Math.round(r.words / WORDS_PER_MINUTE)),
    summary: `Wrote a story: ${r.title}`,
    href: r.saved ? `/stories/${r.id}` : "/stories",
  }));
}
