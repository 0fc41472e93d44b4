import type { LoaderFunctionArgs } from "@remix-run/node";
import { apiRoute, json, methodNotAllowed, parseQuery } from "~/lib/api.server";
import { requireUser } from "~/lib/auth.server";
import { nextSnippets } from "~/modules/typing/next-snippets.server";
import { nextQuerySchema } from "~/modules/typing/schemas";

export const loader = apiRoute(async ({ request }: LoaderFunctionArgs) => {
  const user = await requireUser(request);
  const { mode, count } = parseQuery(request, nextQuerySchema);
  return json(await nextSnippets(user.id, mode, count));
});

export const action = apiRoute(async () => methodNotAllowed(["GET"]));
