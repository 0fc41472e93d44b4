import { sql } from "drizzle-orm";
import { db } from "../../../db/client.ts";
import type { ActivityEntry } from "../today/activity-entry.ts";

/**
 * Library reading since `since`, one entry per local hour (cut in `timezone`) with reading in it. Only the reader's own actions count
 * (views, completions, likes, quiz answers), not impressions; and not the events other modules record on
 * their catalog items (client ids "module:…"), which those modules already report as their own practice.
 */
export async function libraryActivity(
  userId: string,
  since: Date,
  timezone = "UTC",
): Promise<ActivityEntry[]> {
  const rows = await db().execute<{
    hour: Date;
    opened: number;
    finished: number;
    dwell_ms: number;
    title: string;
  }>(sql`
    select date_trunc('hour', e.ts at time zone ${timezone}) at time zone ${timezone} as hour,
      count(distinct e.content_id) filter (where e.event_type in ('view', 'click'))::int as opened,
      count(distinct e.content_id) filter (where e.event_type in ('complete', 'quiz_answer'))::int as finished,
      coalesce(sum(e.dwell_ms), 0)::float8 as dwell_ms,
      (array_agg(c.title order by e.ts desc))[1] as title
    from recs_events e join content_items c on c.id = e.content_id
    where e.user_id = ${userId} and e.ts >= ${since.toISOString()}::timestamptz
      and e.event_type <> 'impression' and coalesce(e.client_event_id, '') not like 'module:%'
    group by 1 order by 1 desc limit 500`);
  return rows.map((r) => {
    const finished = r.finished ? `, finished ${r.finished}` : "";
    const opened = Math.max(r.opened, r.finished);
    return {
      module: "library",
      at: new Date(r.hour),
      minutes: Math.max(1, Math.round(r.dwell_ms / 60_000)),
      summary:
        opened === 1
          ? `Read “${r.title}”${finished ? " to the end" : ""}`
          : `Read ${opened} library items${finished}`,
      href: "/library",
    };
  });
}
