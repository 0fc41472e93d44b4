import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { z } from "zod";
import { Button, Card, Field, FormError } from "~/components/ui/field";
import { requireAuth } from "~/lib/auth.server";
import { parseForm, type FieldErrors } from "~/lib/forms.server";
import { clearSessionCookie } from "~/lib/session.server";
import {
  createApiToken,
  listApiTokens,
  revokeApiToken,
  serializeToken,
  TooManyTokensError,
} from "~/modules/auth/api-tokens.server";
import { listSessions, revokeAllSessions, revokeSessionById } from "~/modules/auth/sessions.server";

export const meta: MetaFunction = () => [{ title: "Account · Praxis" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const auth = await requireAuth(request);
  const [tokens, sessions] = await Promise.all([listApiTokens(auth.user.id), listSessions(auth.user.id)]);
  return {
    user: { email: auth.user.email, displayName: auth.user.displayName, role: auth.user.role },
    tokens: tokens.map(serializeToken),
    sessions: sessions.map((s) => ({
      id: s.id,
      current: s.id === auth.sessionId,
      createdAt: s.createdAt.toISOString(),
      lastSeenAt: s.lastSeenAt.toISOString(),
      userAgent: s.userAgent,
      ip: s.ip,
    })),
  };
}

const createTokenForm = z.object({
  intent: z.literal("create-token"),
  name: z.string().trim().min(1, "Give the token a name").max(60, "Use at most 60 characters"),
  expiresInDays: z.enum(["", "7", "30", "90", "365"]).transform((v) => (v ? Number(v) : undefined)),
});
const idForm = z.object({
  intent: z.enum(["revoke-token", "revoke-session"]),
  id: z.string().min(1).max(100),
});

export async function action({ request }: ActionFunctionArgs) {
  const auth = await requireAuth(request);
  const intent = (await request.clone().formData()).get("intent");
  if (intent === "create-token") {
    const form = await parseForm(request, createTokenForm);
    if (!form.ok) return data({ intent, errors: form.errors, created: null }, { status: 400 });
    try {
      const token = await createApiToken(auth.user.id, form.data);
      return { intent, errors: null, created: { name: token.name, token: token.token } };
    } catch (error) {
      if (!(error instanceof TooManyTokensError)) throw error;
      return data(
        { intent, errors: { form: [error.message] } as FieldErrors, created: null },
        { status: 409 },
      );
    }
  }
  if (intent === "revoke-token" || intent === "revoke-session") {
    const form = await parseForm(request, idForm);
    if (!form.ok) return data({ intent, errors: form.errors, created: null }, { status: 400 });
    const done =
      intent === "revoke-token"
        ? await revokeApiToken(auth.user.id, form.data.id)
        : await revokeSessionById(auth.user.id, form.data.id);
    if (intent === "revoke-session" && form.data.id === auth.sessionId) {
      return redirect("/login", { headers: { "Set-Cookie": await clearSessionCookie() } });
    }
    return data(
      { intent, errors: done ? null : ({ form: ["Already revoked"] } as FieldErrors), created: null },
      { status: done ? 200 : 404 },
    );
  }
  if (intent === "logout-others") {
    await revokeAllSessions(auth.user.id, auth.sessionId);
    return { intent, errors: null, created: null };
  }
  if (intent === "logout-everywhere") {
    await revokeAllSessions(auth.user.id);
    return redirect("/login", { headers: { "Set-Cookie": await clearSessionCookie() } });
  }
  return data(
    { intent: null, errors: { form: ["Unknown action"] } as FieldErrors, created: null },
    { status: 400 },
  );
}

const dateTime = new Intl.DateTimeFormat("en", { dateStyle: "medium", timeStyle: "short" });

export default function Account() {
  const { user, tokens, sessions } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const navigation = useNavigation();
  const busy = navigation.state === "submitting";
  return (
    <div className="space-y-6">
      <div>
        <h1 className="text-3xl font-bold">Account</h1>
        <p className="text-slate-600 dark:text-slate-400">
          {user.displayName} · {user.email} · {user.role}
        </p>
      </div>

      <Card title="Personal API tokens">
        <p className="mb-4 text-sm text-slate-700 dark:text-slate-300">
          Send a token as{" "}
          <code className="rounded bg-slate-100 px-1 dark:bg-slate-800">
            Authorization: Bearer &lt;token&gt;
          </code>{" "}
          to use the JSON API as yourself. A token is shown once, when it is created.
        </p>
        {result?.created ? (
          <div
            role="status"
            className="mb-4 rounded-md border border-emerald-300 bg-emerald-50 p-3 text-sm dark:border-emerald-800 dark:bg-emerald-950"
          >
            <p className="font-medium">
              Token “{result.created.name}” created. Copy it now; it will not be shown again.
            </p>
            <code
              data-testid="new-token"
              className="mt-2 block break-all rounded bg-white p-2 font-mono dark:bg-slate-900"
            >
              {result.created.token}
            </code>
          </div>
        ) : null}
        {result?.intent === "create-token" || result?.intent === "revoke-token" ? (
          <FormError message={result.errors?.form?.join(" ")} />
        ) : null}
        {/* Keyed on the created token so the form clears after a successful create. */}
        <Form
          method="post"
          className="mb-6 flex flex-wrap items-end gap-3"
          key={result?.created?.token ?? "new"}
        >
          <input type="hidden" name="intent" value="create-token" />
          <div className="min-w-56 flex-1">
            <Field
              label="Token name"
              name="name"
              required
              placeholder="e.g. laptop script"
              errors={result?.intent === "create-token" ? result.errors?.name : undefined}
            />
          </div>
          <div className="space-y-1">
            <label htmlFor="expiresInDays" className="block text-sm font-medium">
              Expires
            </label>
            <select
              id="expiresInDays"
              name="expiresInDays"
              defaultValue="90"
              className="rounded-md border border-slate-300 bg-white px-3 py-2 dark:border-slate-700 dark:bg-slate-900"
            >
              <option value="7">in 7 days</option>
              <option value="30">in 30 days</option>
              <option value="90">in 90 days</option>
              <option value="365">in a year</option>
              <option value="">never</option>
            </select>
          </div>
          <Button type="submit" disabled={busy}>
            Create token
          </Button>
        </Form>
        {tokens.length === 0 ? (
          <p className="text-sm text-slate-600 dark:text-slate-400">No active tokens.</p>
        ) : (
          <table className="w-full text-left text-sm">
            <caption className="sr-only">Active API tokens</caption>
            <thead>
              <tr className="text-slate-600 dark:text-slate-400">
                <th className="py-2 font-medium">Name</th>
                <th className="py-2 font-medium">Starts with</th>
                <th className="py-2 font-medium">Created</th>
                <th className="py-2 font-medium">Last used</th>
                <th className="py-2 font-medium">Expires</th>
                <th className="py-2">
                  <span className="sr-only">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {tokens.map((t) => (
                <tr key={t.id} className="border-t border-slate-100 dark:border-slate-800">
                  <td className="py-2">{t.name}</td>
                  <td className="py-2 font-mono text-xs">{t.tokenPrefix}…</td>
                  <td className="py-2">{dateTime.format(new Date(t.createdAt))}</td>
                  <td className="py-2">{t.lastUsedAt ? dateTime.format(new Date(t.lastUsedAt)) : "never"}</td>
                  <td className="py-2">{t.expiresAt ? dateTime.format(new Date(t.expiresAt)) : "never"}</td>
                  <td className="py-2 text-right">
                    <Form method="post">
                      <input type="hidden" name="intent" value="revoke-token" />
                      <input type="hidden" name="id" value={t.id} />
                      <Button type="submit" variant="secondary" aria-label={`Revoke token ${t.name}`}>
                        Revoke
                      </Button>
                    </Form>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </Card>

      <Card title="Signed-in devices">
        <ul className="divide-y divide-slate-100 text-sm dark:divide-slate-800">
          {sessions.map((s) => (
            <li key={s.id} className="flex flex-wrap items-center justify-between gap-2 py-2">
              <div>
                <p className="font-medium">
                  {describeAgent(s.userAgent)}{" "}
                  {s.current ? (
                    <span className="ml-1 rounded bg-emerald-100 px-1.5 text-xs text-emerald-800 dark:bg-emerald-900 dark:text-emerald-100">
                      this device
                    </span>
                  ) : null}
                </p>
                <p className="text-slate-600 dark:text-slate-400">
                  Signed in {dateTime.format(new Date(s.createdAt))} · last active{" "}
                  {dateTime.format(new Date(s.lastSeenAt))}
                  {s.ip ? ` · ${s.ip}` : ""}
                </p>
              </div>
              <Form method="post">
                <input type="hidden" name="intent" value="revoke-session" />
                <input type="hidden" name="id" value={s.id} />
                <Button type="submit" variant="secondary">
                  {s.current ? "Sign out" : "Revoke"}
                </Button>
              </Form>
            </li>
          ))}
        </ul>
        <div className="mt-4 flex flex-wrap gap-3">
          <Form method="post">
            <input type="hidden" name="intent" value="logout-others" />
            <Button type="submit" variant="secondary" disabled={sessions.length < 2}>
              Sign out other devices
            </Button>
          </Form>
          <Form method="post">
            <input type="hidden" name="intent" value="logout-everywhere" />
            <Button type="submit" variant="danger">
              Sign out everywhere
            </Button>
          </Form>
        </div>
      </Card>
    </div>
  );
}

function describeAgent(ua: string | null): string {
  if (!ua) return "Unknown device";
  const browser = /Firefox\//.test(ua)
    ? "Firefox"
    : /Edg\//.test(ua)
      ? "Edge"
      : /Chrom(e|ium)\//.test(ua)
        ? "Chrome"
        : /Safari\//.test(ua)
          ? "Safari"
          : (ua.split(" ")[0] ?? "Browser");
  const os = /Windows/.test(ua)
    ? "Windows"
    : /Mac OS X/.test(ua)
      ? "macOS"
      : /Android/.test(ua)
        ? "Android"
        : /iPhone|iPad/.test(ua)
          ? "iOS"
          : /Linux/.test(ua)
            ? "Linux"
            : "";
  return os ? `${browser} on ${os}` : browser;
}
