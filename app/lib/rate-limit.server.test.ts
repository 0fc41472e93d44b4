import { describe, expect, it } from "vitest";
import {
  RATE_LIMIT_PROBLEM_TYPE,
  RateLimitedError,
  rateLimitedResponse,
  rateLimitProblemSchema,
  waitInWords,
} from "./rate-limit.server";

describe("rate limit answers", () => {
  it("says the wait in words a person reads", () => {
    expect(waitInWords(1)).toBe("1 second");
    expect(waitInWords(59)).toBe("59 seconds");
    expect(waitInWords(119)).toBe("119 seconds");
    expect(waitInWords(120)).toBe("2 minutes");
    expect(waitInWords(3599)).toBe("60 minutes");
    expect(waitInWords(7200)).toBe("2 hours");
    expect(waitInWords(86_399)).toBe("24 hours");
  });

  it("names the spent limit and answers 429 problem details with Retry-After in whole seconds", async () => {
    const error = RateLimitedError.from(
      { rule: { key: "k", limit: 20, windowSeconds: 3600, per: "hour" }, retryAfter: 725 },
      "stories",
    );
    expect(error.detail).toBe("You have reached the limit of 20 stories per hour; try again in 13 minutes.");
    const response = rateLimitedResponse(error);
    expect(response.status).toBe(429);
    expect(response.headers.get("Retry-After")).toBe("725");
    expect(response.headers.get("Content-Type")).toBe("application/problem+json");
    const body: unknown = await response.json();
    expect(rateLimitProblemSchema.parse(body)).toMatchObject({
      type: RATE_LIMIT_PROBLEM_TYPE,
      status: 429,
      detail: error.detail,
      errors: [],
    });
  });
});
