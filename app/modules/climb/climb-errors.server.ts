import { problem, type FieldError } from "../../lib/api.server.ts";
import type { PublicUser } from "../auth/users.server.ts";

/** A climb domain error that the API answers as problem details (forms show it inline). */
export class ClimbError extends Error {
  constructor(
    readonly status: number,
    readonly detail: string,
    readonly errors: FieldError[] = [],
  ) {
    super(detail);
  }
}

export async function answerClimbErrors(run: () => Promise<Response>): Promise<Response> {
  try {
    return await run();
  } catch (error) {
    if (error instanceof ClimbError)
      return problem(error.status, { detail: error.detail, errors: error.errors });
    throw error;
  }
}

/** Whose data a request is about: the caller's own, or (admins only) the climber named by user_id. */
export function climberFor(user: PublicUser, requested: string | undefined): string {
  if (!requested || requested === user.id) return user.id;
  if (user.role === "admin") return requested;
  throw new ClimbError(403, "You can only see and change your own climbing data", [
    { path: "user_id", message: "Not the authenticated user" },
  ]);
}
