import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { useEffect, useState } from "react";
import { z } from "zod";
import { Button, FormError } from "~/components/ui/field";
import { requireUser } from "~/lib/auth.server";
import { parseForm } from "~/lib/forms.server";
import { kindLabel } from "~/modules/notifications/kinds";
import {
  listNotifications,
  markAllRead,
  markRead,
  unreadCount,
} from "~/modules/notifications/notifications.server";

export const meta: MetaFunction = () => [{ title: "Notifications · Praxis" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const unreadOnly = new URL(request.url).searchParams.get("unread") === "true";
  const [items, unread] = await Promise.all([
    listNotifications(user.id, { unreadOnly, limit: 100 }),
    unreadCount(user.id),
  ]);
  return { items, unread, unreadOnly };
}

const actionSchema = z.discriminatedUnion("intent", [
  z.object({ intent: z.literal("read"), id: z.uuid() }),
  z.object({ intent: z.literal("read-all") }),
]);

/** Mark one or all read, then back to the same list (a plain form post without JS works the same). */
export async function action({ request }: ActionFunctionArgs) {
  const user = await requireUser(request);
  const form = await parseForm(request, actionSchema);
  if (!form.ok) return data({ error: "That is not something this page can do" }, { status: 400 });
  if (form.data.intent === "read-all") {
    await markAllRead(user.id);
  } else if (!(await markRead(user.id, form.data.id))) {
    return data({ error: "That notification does not exist" }, { status: 404 });
  }
  const url = new URL(request.url);
  return redirect(`${url.pathname}${url.search}`);
}

const utcFormat = new Intl.DateTimeFormat("en-GB", {
  dateStyle: "medium",
  timeStyle: "short",
  timeZone: "UTC",
});
const localFormat = new Intl.DateTimeFormat(undefined, { dateStyle: "medium", timeStyle: "short" });

/** UTC on the server; the reader's own zone once the page has hydrated (no hydration mismatch). */
function When({ iso }: { iso: string }) {
  const [text, setText] = useState(() => `${utcFormat.format(new Date(iso))} UTC`);
  useEffect(() => setText(localFormat.format(new Date(iso))), [iso]);
  return <time dateTime={iso}>{text}</time>;
}

const tabClass = (active: boolean) =>
  `rounded-md px-3 py-1.5 text-sm font-medium ${
    active
      ? "bg-brand-100 text-brand-700 dark:bg-slate-800 dark:text-white"
      : "text-slate-700 hover:bg-slate-100 dark:text-slate-300 dark:hover:bg-slate-800"
  }`;

export default function Notifications() {
  const { items, unread, unreadOnly } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const busy = useNavigation().state !== "idle";
  return (
    <div className="mx-auto max-w-3xl space-y-4">
      <div className="flex flex-wrap items-center justify-between gap-3">
        <h1 className="text-2xl font-bold">Notifications</h1>
        {unread > 0 ? (
          <Form method="post" preventScrollReset>
            <input type="hidden" name="intent" value="read-all" />
            <Button type="submit" variant="secondary" disabled={busy}>
              Mark all read
            </Button>
          </Form>
        ) : null}
      </div>
      <p className="text-sm text-slate-600 dark:text-slate-400" data-testid="unread-summary">
        {unread === 0 ? "Nothing unread." : `${unread} unread.`}
      </p>
      <nav aria-label="Show" className="flex gap-1">
        <Link
          to="/notifications"
          className={tabClass(!unreadOnly)}
          aria-current={unreadOnly ? undefined : "page"}
        >
          All
        </Link>
        <Link
          to="/notifications?unread=true"
          className={tabClass(unreadOnly)}
          aria-current={unreadOnly ? "page" : undefined}
        >
          Unread
        </Link>
      </nav>
      <FormError message={result?.error} />
      {items.length === 0 ? (
        <p className="rounded-lg border border-dashed border-slate-300 p-6 text-center text-slate-600 dark:border-slate-700 dark:text-slate-400">
          {unreadOnly
            ? "You are all caught up."
            : "No notifications yet. Streak reminders, achievements and new picks will show up here."}
        </p>
      ) : (
        <ul className="space-y-2" data-testid="notification-list">
          {items.map((n) => {
            const isUnread = n.read_at === null;
            return (
              <li
                key={n.id}
                data-testid="notification"
                data-unread={isUnread ? "true" : "false"}
                className={`flex items-start justify-between gap-4 rounded-lg border p-4 ${
                  isUnread
                    ? "border-brand-500 border-l-4 bg-brand-50 dark:border-brand-500 dark:bg-slate-900"
                    : "border-slate-200 bg-white dark:border-slate-800 dark:bg-slate-950"
                }`}
              >
                <div className="min-w-0 space-y-1">
                  <p className="text-xs text-slate-600 dark:text-slate-400">
                    <span className="font-medium uppercase tracking-wide">{kindLabel(n.kind)}</span> ·{" "}
                    <When iso={n.created_at} />
                  </p>
                  <h2 className={isUnread ? "font-semibold" : "font-normal"}>
                    {isUnread ? <span className="sr-only">Unread: </span> : null}
                    {n.title}
                  </h2>
                  <p className="text-sm text-slate-700 dark:text-slate-300">{n.body}</p>
                  {n.link ? (
                    <Link
                      to={n.link}
                      className="text-sm font-medium text-brand-700 hover:underline dark:text-brand-100"
                    >
                      Open<span className="sr-only">: {n.title}</span>
                    </Link>
                  ) : null}
                </div>
                {isUnread ? (
                  <Form method="post" preventScrollReset className="shrink-0">
                    <input type="hidden" name="intent" value="read" />
                    <input type="hidden" name="id" value={n.id} />
                    <Button type="submit" variant="secondary" disabled={busy}>
                      Mark read<span className="sr-only">: {n.title}</span>
                    </Button>
                  </Form>
                ) : null}
              </li>
            );
          })}
        </ul>
      )}
    </div>
  );
}
