import { recommendationEvents } from "./recommendations.server.ts";
import type { RecommendationRequest } from "./schemas.ts";

export interface TodayAdvice {
  sessionType: string;
  label: string;
  durationMin: number;
  predictedQuality: number | null;
  /** The coach's first reason, or the rule's message when a rule answered. */
  reason: string;
  rest: boolean;
  /** A rule decided (an override), not the model. */
  fromRule: boolean;
}

/**
 * Today's climbing advice before the climber has checked in: the same rules and model as "what should I
 * do today?", from history alone (missing readiness answers are the model's priors). Stops before the
 * statistics phase, which the plan does not show.
 */
export async function todayAdvice(userId: string, now = new Date()): Promise<TodayAdvice | null> {
  for await (const e of recommendationEvents(userId, {} as RecommendationRequest, now)) {
    if (e.event === "override")
      return {
        sessionType: e.data.session_type,
        label: e.data.session_type === "rest" ? "Rest" : e.data.session_type.replace(/_/g, " "),
        durationMin: 0,
        predictedQuality: null,
        reason: e.data.message,
        rest: e.data.session_type === "rest",
        fromRule: true,
      };
    if (e.event === "recommendations") {
      const r = e.data.recommendation;
      return {
        sessionType: r.session_type,
        label: r.label,
        durationMin: r.duration_min,
        predictedQuality: r.predicted_quality,
        reason: r.reasons[0] ?? "",
        rest: r.session_type === "rest",
        fromRule: false,
      };
    }
  }
  return null;
}
