import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { useEffect } from "react";
import { Button, Card } from "~/components/ui/field";
import { requireUser } from "~/lib/auth.server";
import { itemJson, listItems, topTags } from "~/modules/recs/catalog.server";
import { recommendationsFor } from "~/modules/recs/recommend.server";
import { useEventLogger } from "~/modules/recs/components/use-event-logger";
import { CONTENT_TYPE_LABELS, CONTENT_TYPES, type ContentType } from "~/modules/recs/content-types";
import { catalogQuerySchema } from "~/modules/recs/schemas";

export const meta: MetaFunction = () => [{ title: "Library · Praxis" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const params = Object.fromEntries(new URL(request.url).searchParams);
  const parsed = catalogQuerySchema.safeParse(params);
  const query = parsed.success ? parsed.data : catalogQuerySchema.parse({});
  const browsing = Boolean(query.type || query.tag || query.q || query.offset);
  const [{ items, total }, tags, feed] = await Promise.all([
    listItems(query),
    topTags(),
    browsing ? null : recommendationsFor(user, user.id, 6),
  ]);
  return { userId: user.id, query, total, items: items.map(itemJson), tags, feed, invalid: !parsed.success };
}

const TYPES: { value: ContentType | undefined; label: string }[] = [
  { value: undefined, label: "Everything" },
  ...CONTENT_TYPES.map((t) => ({ value: t, label: CONTENT_TYPE_LABELS[t].many })),
];

export default function Library() {
  const { userId, query, total, items, tags, feed, invalid } = useLoaderData<typeof loader>();
  const { log } = useEventLogger(userId);
  useEffect(() => {
    for (const item of feed?.items ?? []) log({ content_id: item.content_id, event_type: "impression" });
    for (const item of items) log({ content_id: item.id, event_type: "impression" });
  }, [items, feed, log]);
  const href = (change: Record<string, string | undefined>) => {
    const next = new URLSearchParams();
    const merged = { type: query.type, tag: query.tag, q: query.q, ...change };
    for (const [k, v] of Object.entries(merged)) if (v) next.set(k, v);
    const s = next.toString();
    return s ? `/library?${s}` : "/library";
  };
  return (
    <div className="space-y-6">
      <h1 className="text-3xl font-bold">Library</h1>
      {feed?.items.length ? (
        <section aria-labelledby="for-you" className="space-y-3">
          <div className="flex items-baseline justify-between gap-3">
            <h2 id="for-you" className="text-xl font-semibold">
              For you
            </h2>
            <p className="text-xs text-slate-500" data-testid="feed-model">
              {feed.model === "baseline"
                ? "Picked from your interests and what is popular"
                : `Picked by the trained recommender (${feed.model})`}
            </p>
          </div>
          <ul className="grid gap-3 sm:grid-cols-2 lg:grid-cols-3" data-testid="for-you">
            {feed.items.map((r) => (
              <li
                key={r.content_id}
                className="rounded-lg border border-brand-200 bg-white p-4 dark:border-slate-700 dark:bg-slate-900"
              >
                <p className="text-xs uppercase tracking-wide text-slate-500">
                  {CONTENT_TYPE_LABELS[r.type as ContentType]?.one ?? r.type}
                </p>
                <Link
                  to={`/library/${r.content_id}`}
                  onClick={() => log({ content_id: r.content_id, event_type: "click" })}
                  className="font-semibold hover:underline"
                >
                  {r.title}
                </Link>
                <p className="mt-1 text-xs text-brand-700 dark:text-brand-100" data-testid="reason">
                  {r.reason}
                </p>
              </li>
            ))}
          </ul>
        </section>
      ) : null}
      <Form method="get" role="search" className="flex gap-2">
        {query.type ? <input type="hidden" name="type" value={query.type} /> : null}
        {query.tag ? <input type="hidden" name="tag" value={query.tag} /> : null}
        <input
          name="q"
          type="search"
          aria-label="Search the library"
          defaultValue={query.q ?? ""}
          placeholder="Search videos, articles, stories, drills…"
          className="block w-full rounded-md border border-slate-300 bg-white px-3 py-2 dark:border-slate-700 dark:bg-slate-900"
        />
        <Button type="submit">Search</Button>
      </Form>
      {invalid ? (
        <p className="text-sm text-amber-700">Some filters were not valid and were ignored.</p>
      ) : null}
      <nav aria-label="Content type" className="flex flex-wrap gap-2 text-sm">
        {TYPES.map((t) => (
          <Link
            key={t.label}
            to={href({ type: t.value })}
            aria-current={query.type === t.value ? "page" : undefined}
            className={`rounded-full px-3 py-1 ${query.type === t.value ? "bg-brand-600 text-white" : "bg-slate-100 dark:bg-slate-800"}`}
          >
            {t.label}
          </Link>
        ))}
      </nav>
      <nav aria-label="Tags" className="flex flex-wrap gap-2 text-xs">
        {tags.map((t) => (
          <Link
            key={t.tag}
            to={href({ tag: query.tag === t.tag ? undefined : t.tag })}
            aria-current={query.tag === t.tag ? "page" : undefined}
            className={`rounded px-2 py-1 ${query.tag === t.tag ? "bg-brand-600 text-white" : "bg-slate-100 dark:bg-slate-800"}`}
          >
            #{t.tag} <span className="opacity-60">{t.items}</span>
          </Link>
        ))}
      </nav>
      <p className="text-sm text-slate-600 dark:text-slate-400" data-testid="result-count">
        {total} {total === 1 ? "item" : "items"}
        {query.q ? ` for “${query.q}”` : ""}
      </p>
      <ul className="grid gap-4 sm:grid-cols-2 lg:grid-cols-3" data-testid="library-items">
        {items.map((item) => (
          <li key={item.id}>
            <Card>
              <p className="text-xs uppercase tracking-wide text-slate-500">
                {item.type_label} · {item.duration_min} min · level {item.difficulty}/5
              </p>
              <h2 className="mt-1 font-semibold">
                <Link
                  to={`/library/${item.id}`}
                  onClick={() => log({ content_id: item.id, event_type: "click" })}
                  className="hover:underline"
                >
                  {item.title}
                </Link>
              </h2>
              <p className="mt-1 text-sm text-slate-700 dark:text-slate-300">{item.description}</p>
              <p className="mt-2 text-xs text-slate-500">{item.tags.map((t) => `#${t}`).join(" ")}</p>
            </Card>
          </li>
        ))}
      </ul>
      {items.length === 0 ? <p>Nothing matches. Try fewer words or another tag.</p> : null}
      <div className="flex gap-4 text-sm">
        {query.offset > 0 ? (
          <Link
            to={`${href({})}${href({}).includes("?") ? "&" : "?"}offset=${Math.max(0, query.offset - query.limit)}`}
            className="underline"
          >
            ← Previous
          </Link>
        ) : null}
        {query.offset + items.length < total ? (
          <Link
            to={`${href({})}${href({}).includes("?") ? "&" : "?"}offset=${query.offset + query.limit}`}
            className="underline"
          >
            Next →
          </Link>
        ) : null}
      </div>
    </div>
  );
}
