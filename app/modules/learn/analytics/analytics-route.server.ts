import type { LoaderFunctionArgs } from "@remix-run/node";
import type { z } from "zod";
import { apiRoute, json, parseQuery } from "../../../lib/api.server.ts";
import { requireUser } from "../../../lib/auth.server.ts";
import { learnerFor } from "../learner-access.server.ts";

/**
 * The loader every /api/v1/analytics/* route shares: the caller (or, for admins, ?user_id), the query
 * validated by `schema`, and the cached answer with X-Cache: hit or miss.
 */
export function analyticsLoader<S extends z.ZodObject<{ user_id: z.ZodOptional<z.ZodUUID> }>>(
  schema: S,
  compute: (learner: string, query: z.output<S>) => Promise<{ value: unknown; hit: boolean }>,
) {
  return apiRoute(async ({ request }: LoaderFunctionArgs) => {
    const user = await requireUser(request);
    const query = parseQuery(request, schema);
    const { value, hit } = await compute(learnerFor(user, query.user_id), query);
    return json(value, { headers: { "X-Cache": hit ? "hit" : "miss" } });
  });
}
