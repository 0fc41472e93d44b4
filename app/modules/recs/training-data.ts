import type { CatalogRow } from "../../../ml/recs/model-bundle.ts";
import type { TrainingData, TrainingPositive, TrainingUser } from "./model-training.ts";
import { SIGNAL_WEIGHTS } from "./signal-weights.ts";

/** One stored event, as the training job reads it (impressions are left out: they carry no signal). */
export interface RawEvent {
  id: number;
  userId: string;
  contentId: string;
  eventType: string;
  ts: number;
}

/**
 * Folds events into training data: a (user, item) pair is a positive when its net signal (SIGNAL_WEIGHTS
 * summed) is above zero, dated by its first positive event; finished and skipped items are excluded from
 * that user's recommendations. The same weights drive the baseline feed.
 */
export class TrainingDataBuilder {
  private readonly pairs = new Map<
    string,
    { signal: number; firstTs: number; eventId: number; done: boolean; skipped: boolean }
  >();
  private maxEventId = 0;

  add(e: RawEvent): void {
    const key = `${e.userId} ${e.contentId}`;
    let p = this.pairs.get(key);
    if (!p)
      this.pairs.set(key, (p = { signal: 0, firstTs: Infinity, eventId: 0, done: false, skipped: false }));
    const w = SIGNAL_WEIGHTS[e.eventType] ?? 0;
    p.signal += w;
    if (w > 0) p.firstTs = Math.min(p.firstTs, e.ts);
    p.eventId = Math.max(p.eventId, e.id);
    if (e.eventType === "complete") p.done = true;
    if (e.eventType === "skip") p.skipped = true;
    this.maxEventId = Math.max(this.maxEventId, e.id);
  }

  build(catalog: CatalogRow[], users: TrainingUser[]): TrainingData & { cutoffEventId: number } {
    const positives: TrainingPositive[] = [];
    const excluded: Record<string, string[]> = {};
    for (const [key, p] of this.pairs) {
      const [userId, itemId] = key.split(" ") as [string, string];
      if (p.signal > 0 && Number.isFinite(p.firstTs))
        positives.push({ userId, itemId, ts: p.firstTs, signal: p.signal, eventId: p.eventId });
      if (p.done || (p.skipped && p.signal <= 0)) (excluded[userId] ??= []).push(itemId);
    }
    return { catalog, users, positives, excluded, cutoffEventId: this.maxEventId };
  }
}
