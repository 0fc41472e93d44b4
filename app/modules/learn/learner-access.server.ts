import { problem } from "../../lib/api.server.ts";
import { RateLimitedError, rateLimitedResponse } from "../../lib/rate-limit.server.ts";
import type { PublicUser } from "../auth/users.server.ts";
import { LearnError } from "./reviews.server.ts";

/** Whose progress a request is about: the caller's own, or (admins only) the learner named by user_id. */
export function learnerFor(user: PublicUser, requested: string | undefined): string {
  if (!requested || requested === user.id) return user.id;
  if (user.role === "admin") return requested;
  throw problem(403, {
    detail: "You can only see and change your own progress",
    errors: [{ path: "user_id", message: "Not the authenticated user" }],
  });
}

/** Runs a learn service call, answering its domain errors as problem details. */
export async function answerLearnErrors(run: () => Promise<Response>): Promise<Response> {
  try {
    return await run();
  } catch (error) {
    if (error instanceof LearnError)
      return problem(error.status, { detail: error.detail, errors: error.errors });
    if (error instanceof RateLimitedError) return rateLimitedResponse(error);
    throw error;
  }
}
