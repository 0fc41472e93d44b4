import { climbActivity } from "../climb/activity.server.ts";
import { getBaseline } from "../climb/baseline.server.ts";
import { learnActivity } from "../learn/activity.server.ts";
import { getProfile } from "../learn/profile.server.ts";
import { libraryActivity } from "../recs/activity.server.ts";
import { storiesActivity } from "../stories/activity.server.ts";
import { typingActivity } from "../typing/activity.server.ts";
import type { ActivityEntry } from "./activity-entry.ts";
import { localClock } from "./local-clock.ts";

/** How far back habits look. Four weeks: long enough for a weekly rhythm, short enough to follow a change. */
export const HABIT_WINDOW_DAYS = 28;

/** The person's time zone: the one they gave French, else climbing, else UTC. */
export async function personTimezone(userId: string): Promise<string> {
  const [profile, baseline] = await Promise.all([getProfile(userId), getBaseline(userId)]);
  return profile?.timezone ?? baseline?.timezone ?? "UTC";
}

/** Every module's practice since `since`, newest first; modules that bucket by hour cut hours in `timezone`. */
export async function activitySince(userId: string, since: Date, timezone: string): Promise<ActivityEntry[]> {
  const parts = await Promise.all([
    typingActivity(userId, since),
    learnActivity(userId, since, timezone),
    climbActivity(userId, since),
    storiesActivity(userId, since),
    libraryActivity(userId, since, timezone),
  ]);
  return parts.flat().sort((a, b) => b.at.getTime() - a.at.getTime());
}

export interface FeedDay {
  day: string;
  entries: (Omit<ActivityEntry, "at"> & { at: string })[];
}

/** The activity feed: the last `days` days of practice across modules, grouped by the person's local day. */
export async function activityFeed(userId: string, days: number, now = new Date()) {
  const timezone = await personTimezone(userId);
  const entries = await activitySince(userId, new Date(now.getTime() - days * 86_400_000), timezone);
  const byDay: FeedDay[] = [];
  for (const e of entries) {
    const { day } = localClock(e.at, timezone);
    let bucket = byDay.at(-1);
    if (bucket?.day !== day) byDay.push((bucket = { day, entries: [] }));
    bucket.entries.push({ ...e, at: e.at.toISOString() });
  }
  return { timezone, days: byDay };
}
