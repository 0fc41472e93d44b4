import type { PublicUser } from "../auth/users.server.ts";
import { todayAdvice } from "../climb/today-advice.server.ts";
import { getBaseline } from "../climb/baseline.server.ts";
import { learnerStats } from "../learn/achievements/learner-stats.server.ts";
import { reviewPace } from "../learn/activity.server.ts";
import { practiceWords } from "../learn/practice-words.server.ts";
import { getProfile } from "../learn/profile.server.ts";
import { getQueue } from "../learn/reviews.server.ts";
import { recommendationsFor } from "../recs/recommend.server.ts";
import { listStories } from "../stories/stories.server.ts";
import { nextTypingLesson } from "../typing/lessons.server.ts";
import { pickStoryWords, plainSense } from "../stories/word-story.ts";
import type { ActivityEntry } from "./activity-entry.ts";
import type { PlanItem } from "./plan-item.ts";

/**
 * What each module proposes for today. Each source asks its module's services (never its tables) and says
 * why, from the person's own figures. `today` is the person's activity since their local midnight.
 */
export interface SourceContext {
  user: PublicUser;
  now: Date;
  /** The person's time zone, which every source's "today" follows. */
  timezone: string;
  today: ActivityEntry[];
}

const didToday = (ctx: SourceContext, module: ActivityEntry["module"]) =>
  ctx.today.filter((e) => e.module === module);
const localTime = (at: Date, timeZone: string) =>
  new Intl.DateTimeFormat("en-GB", { timeZone, weekday: "short", hour: "2-digit", minute: "2-digit" }).format(
    at,
  );
const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? "" : "s"}`;

export async function learnItems(ctx: SourceContext): Promise<PlanItem[]> {
  const userId = ctx.user.id;
  const profile = await getProfile(userId);
  if (!profile)
    return [
      {
        id: "learn-start",
        module: "learn",
        kind: "learn-start",
        urgency: "normal",
        value: 0.35,
        doneToday: false,
        title: "Start French",
        detail: "Pick your level; the most frequent words come first",
        why: ["You have not started French yet"],
        minutes: 5,
        action: { label: "Set up French", href: "/learn" },
      },
    ];
  const [queue, stats, pace] = await Promise.all([
    getQueue(userId, 0, ctx.now),
    learnerStats(userId, ctx.now),
    reviewPace(userId),
  ]);
  const items: PlanItem[] = [];
  const due = Math.min(queue.counts.due, queue.counts.reviews_left_today);
  const newLeft = queue.counts.new_left_today;
  const doneToday = queue.counts.reviews_today + queue.counts.new_today;
  if (!stats.streak.practicedToday && stats.streak.current > 0)
    items.push({
      id: "learn-streak",
      module: "learn",
      kind: "learn-streak",
      urgency: "at-risk",
      value: Math.min(1, stats.streak.current / 30),
      doneToday: false,
      title: `Keep your ${stats.streak.current}-day streak`,
      detail: "One review or one tutor message today keeps it",
      why: [`You practised French ${plural(stats.streak.current, "day")} in a row; it ends at midnight`],
      minutes: 1,
      action: { label: "Do one review", href: "/learn/review" },
    });
  if (due > 0) {
    const minutes = Math.max(1, Math.round((due * pace.secondsPerReview) / 60));
    items.push({
      id: "learn-reviews",
      module: "learn",
      kind: "learn-reviews",
      urgency: "due",
      value: Math.min(1, due / 50),
      doneToday: false,
      title: `Review ${plural(due, "French word")}`,
      detail: pace.measured
        ? `About ${minutes} min at your pace (${pace.secondsPerReview.toFixed(0)} s a word)`
        : `About ${minutes} min at ${pace.secondsPerReview} s a word (your own pace once reviews are timed)`,
      why: [
        queue.counts.due > due
          ? `${queue.counts.due} are due; your daily limit leaves ${due}`
          : `${plural(due, "word")} would slip below ${Math.round(profile.desiredRetention * 100)}% recall if left`,
      ],
      minutes,
      action: { label: "Start reviews", href: "/learn/review" },
    });
  } else {
    items.push({
      id: "learn-reviews",
      module: "learn",
      kind: newLeft > 0 && doneToday === 0 ? "learn-new" : "learn-reviews",
      urgency: "normal",
      value: newLeft > 0 ? 0.4 : 0,
      // Nothing due and either practised today or nothing new left: French is done for today.
      doneToday: doneToday > 0 || newLeft === 0,
      title:
        doneToday > 0
          ? `French: ${plural(doneToday, "review")} done`
          : newLeft > 0
            ? `Learn ${plural(newLeft, "new French word")}`
            : "French: nothing due today",
      detail:
        doneToday > 0 || newLeft === 0
          ? queue.next_due_at
            ? `Next word due ${localTime(new Date(queue.next_due_at), ctx.timezone)}`
            : "Nothing else due"
          : `No reviews due; ${newLeft} new words left in today's limit`,
      why:
        doneToday > 0
          ? ["All due words reviewed"]
          : newLeft > 0
            ? ["No reviews are due, so it is a good day for new words"]
            : ["No reviews are due and today's new-word limit is used"],
      minutes: Math.max(1, Math.round((Math.min(newLeft, 10) * pace.secondsPerReview * 2) / 60)),
      action: { label: doneToday > 0 ? "Review more" : "Learn new words", href: "/learn/review" },
    });
  }
  return items;
}

export async function climbItems(ctx: SourceContext): Promise<PlanItem[]> {
  const climbed = didToday(ctx, "climb");
  if (climbed.length)
    return [
      {
        id: "climb",
        module: "climb",
        kind: "climb-done",
        urgency: "normal",
        value: 0,
        doneToday: true,
        title: "Climbing: session logged",
        detail: climbed[0]!.summary,
        why: [],
        minutes: climbed.reduce((s, e) => s + e.minutes, 0),
        action: { label: "See the session", href: climbed[0]!.href },
      },
    ];
  const baseline = await getBaseline(ctx.user.id);
  if (!baseline)
    return [
      {
        id: "climb",
        module: "climb",
        kind: "climb-setup",
        urgency: "normal",
        value: 0.15,
        doneToday: false,
        title: "Set up your climbing coach",
        detail: "Your grades, goals and days a week; advice starts from climbers like you",
        why: ["The coach needs your baseline before it can plan a session"],
        minutes: 3,
        action: { label: "Set up climbing", href: "/climb/profile" },
      },
    ];
  const advice = await todayAdvice(ctx.user.id, ctx.now);
  if (!advice) return [];
  if (advice.rest)
    return [
      {
        id: "climb",
        module: "climb",
        kind: "climb-rest",
        urgency: "normal",
        // Rest is advice, not a task: it stays on the plan, low, so nobody plans a session over it.
        value: 0.05,
        doneToday: false,
        title: "Climbing: rest today",
        detail: advice.reason,
        why: [
          advice.fromRule ? "A coach rule says rest" : "Every session type is predicted to go badly today",
        ],
        minutes: null,
        action: { label: "Check in anyway", href: "/climb" },
      },
    ];
  const quality = advice.predictedQuality;
  return [
    {
      id: "climb",
      module: "climb",
      kind: "climb-advice",
      urgency: "normal",
      value: quality === null ? 0.4 : Math.min(1, Math.max(0, (quality - 4) / 5)),
      doneToday: false,
      title: `Climbing: ${advice.label}${advice.durationMin ? `, ${advice.durationMin} min` : ""}`,
      detail:
        quality === null ? advice.reason : `Predicted quality ${quality.toFixed(1)}/10 before your check-in`,
      why: [advice.reason],
      minutes: advice.durationMin || null,
      action: { label: "Check in and plan", href: "/climb" },
    },
  ];
}

export async function typingItems(ctx: SourceContext): Promise<PlanItem[]> {
  const lesson = await nextTypingLesson(ctx.user.id, ctx.now, ctx.timezone);
  const typed = didToday(ctx, "typing");
  const done = lesson.practisedToday || typed.length > 0;
  return [
    {
      id: "typing",
      module: "typing",
      kind: "typing-lesson",
      urgency: "normal",
      value: done ? 0.1 : 0.35,
      doneToday: done,
      title: done ? `Typing: ${typed[0]?.summary ?? "practised today"}` : lesson.title,
      detail: lesson.keys.length ? `Drills ${lesson.keys.join(" ")}` : "Adaptive snippets",
      why: [lesson.reason],
      minutes: lesson.minutes,
      action: { label: done ? "Type more" : "Start typing", href: lesson.href },
    },
  ];
}

/** How many of the learner's words the story item looks at. */
const STORY_WORD_POOL = 12;

export async function storyItems(ctx: SourceContext): Promise<PlanItem[]> {
  const written = didToday(ctx, "stories");
  if (written.length)
    return [
      {
        id: "stories",
        module: "stories",
        kind: "story-done",
        urgency: "normal",
        value: 0,
        doneToday: true,
        title: `Stories: ${written[0]!.summary.replace(/^Wrote a story: /, "")}`,
        detail: `${plural(written.length, "story")} written today`,
        why: [],
        minutes: written.reduce((s, e) => s + e.minutes, 0),
        action: { label: "Read it", href: written[0]!.href },
      },
    ];
  const [recent, words] = await Promise.all([
    listStories(ctx.user.id, "all", 10),
    practiceWords(ctx.user.id, STORY_WORD_POOL, ctx.now),
  ]);
  const dueWords = words.filter((w) => w.due);
  if (words.length >= 2)
    return [
      {
        id: "stories",
        module: "stories",
        kind: "story-words",
        urgency: "normal",
        // Due words make it worth more: meeting them in a story is a review in context.
        value: dueWords.length ? 0.3 : 0.2,
        doneToday: false,
        title: "Read a story with your French words",
        detail: pickStoryWords(words, 4)
          .map((w) => `${w.french} (${plainSense(w.english)})`)
          .join(", "),
        why: [
          dueWords.length
            ? `${dueWords.length === STORY_WORD_POOL ? `${STORY_WORD_POOL} or more words` : plural(dueWords.length, "word")} you are learning ${dueWords.length === 1 ? "is" : "are"} due: meeting them in a story helps them stick`
            : "Words you learnt recently, in a story written for you",
        ],
        minutes: 3,
        action: { label: "Write it", href: "/stories?words=due" },
      },
    ];
  // Only the newest story: once it is continued (a new story) or followed by another, it is not offered again.
  const newest = recent[0];
  const stopped =
    newest && (newest.stats as { stopReason?: string }).stopReason === "stopped" ? newest : undefined;
  if (stopped)
    return [
      {
        id: "stories",
        module: "stories",
        kind: "story-continue",
        urgency: "normal",
        value: 0.25,
        doneToday: false,
        title: `Continue “${stopped.title}”`,
        detail: "You stopped it before the end",
        why: ["A story you stopped part way"],
        minutes: 2,
        action: { label: "Continue it", href: `/stories?continue=${stopped.id}` },
      },
    ];
  return [
    {
      id: "stories",
      module: "stories",
      kind: "story-write",
      urgency: "normal",
      value: 0.15,
      doneToday: false,
      title: "Read a new story",
      detail: "Write how it begins; Praxis's own model finishes it",
      why: [recent.length ? `Your last story was “${recent[0]!.title}”` : "You have not tried stories yet"],
      minutes: 2,
      action: { label: "Start a story", href: "/stories" },
    },
  ];
}

/** How many library picks the plan shows. */
const PICKS = 2;

export async function libraryItems(ctx: SourceContext): Promise<PlanItem[]> {
  const recs = await recommendationsFor(ctx.user, ctx.user.id, PICKS);
  const read = didToday(ctx, "library");
  return recs.items.map((r, i) => ({
    id: `library-${r.content_id}`,
    module: "library",
    kind: "library-pick",
    urgency: "normal",
    // The feed's order is the recommender's; the plan keeps it, and lowers picks once they read today.
    value: (read.length ? 0.15 : 0.3) - i * 0.05,
    doneToday: false,
    title: r.title,
    detail: `${r.type.replace(/_/g, " ")} · ${r.tags.slice(0, 3).join(", ")}`,
    why: [r.reason],
    minutes: null,
    action: { label: "Open", href: `/library/${r.content_id}` },
  }));
}
