import type { LoaderFunctionArgs } from "@remix-run/node";
import { apiRoute, json, methodNotAllowed, parseQuery } from "~/lib/api.server";
import { requireUser } from "~/lib/auth.server";
import { lessonPack } from "~/modules/typing/lesson-packs";
import { nextSnippets } from "~/modules/typing/next-snippets.server";
import { packSnippets } from "~/modules/typing/pack-snippets.server";
import { nextQuerySchema } from "~/modules/typing/schemas";

export const loader = apiRoute(async ({ request }: LoaderFunctionArgs) => {
  const user = await requireUser(request);
  const { mode, count, pack } = parseQuery(request, nextQuerySchema);
  if (pack) return json(await packSnippets(user.id, lessonPack(pack)!, count, mode));
  return json(await nextSnippets(user.id, mode ?? "words", count));
});

export const action = apiRoute(async () => methodNotAllowed(["GET"]));
