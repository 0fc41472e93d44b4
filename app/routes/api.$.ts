import { apiRoute, problem } from "~/lib/api.server";

// Unknown /api paths answer problem+json, not the HTML 404 page.
const notFound = apiRoute(async ({ request }: { request: Request }) =>
  problem(404, { detail: `No API endpoint at ${new URL(request.url).pathname}` }),
);
export const loader = notFound;
export const action = notFound;
