import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { data } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { Button, FormError, Notice } from "~/components/ui/field";
import { requireAdmin } from "~/lib/auth.server";
import { parseForm } from "~/lib/forms.server";
import { revokeAllSessions } from "~/modules/auth/sessions.server";
import { LastAdminError, listUsers, setUserRole } from "~/modules/auth/users.server";

export async function loader({ request }: LoaderFunctionArgs) {
  const admin = await requireAdmin(request);
  const users = await listUsers();
  return {
    me: admin.id,
    users: users.map((u) => ({ ...u, createdAt: u.createdAt.toISOString() })),
  };
}

const schema = z.discriminatedUnion("intent", [
  z.object({ intent: z.literal("set-role"), userId: z.uuid(), role: z.enum(["learner", "admin"]) }),
  z.object({ intent: z.literal("revoke-sessions"), userId: z.uuid() }),
]);

export async function action({ request }: ActionFunctionArgs) {
  await requireAdmin(request);
  const form = await parseForm(request, schema);
  if (!form.ok)
    return data({ message: null, error: Object.values(form.errors).flat().join(" ") }, { status: 400 });
  if (form.data.intent === "set-role") {
    try {
      const user = await setUserRole(form.data.userId, form.data.role);
      if (!user) return data({ message: null, error: "No such user" }, { status: 404 });
      return { message: `${user.email} is now ${user.role}`, error: null };
    } catch (error) {
      if (error instanceof LastAdminError)
        return data({ message: null, error: error.message }, { status: 409 });
      throw error;
    }
  }
  const n = await revokeAllSessions(form.data.userId);
  return { message: `Revoked ${n} session${n === 1 ? "" : "s"}`, error: null };
}

const dateFormat = new Intl.DateTimeFormat("en", { dateStyle: "medium" });

export default function AdminUsers() {
  const { users, me } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  return (
    <div className="space-y-4">
      <FormError message={result?.error} />
      <Notice message={result?.message} />
      <div className="overflow-x-auto">
        <table className="w-full text-left text-sm">
          <caption className="sr-only">Users</caption>
          <thead>
            <tr className="text-slate-600 dark:text-slate-400">
              <th className="py-2 font-medium">Name</th>
              <th className="py-2 font-medium">Email</th>
              <th className="py-2 font-medium">Joined</th>
              <th className="py-2 font-medium">Active sessions</th>
              <th className="py-2 font-medium">Role</th>
              <th className="py-2">
                <span className="sr-only">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {users.map((u) => (
              <tr key={u.id} className="border-t border-slate-100 dark:border-slate-800">
                <td className="py-2">
                  {u.displayName}
                  {u.id === me ? " (you)" : ""}
                </td>
                <td className="py-2">{u.email}</td>
                <td className="py-2">{dateFormat.format(new Date(u.createdAt))}</td>
                <td className="py-2">{u.activeSessions}</td>
                <td className="py-2">
                  <Form method="post" className="flex items-center gap-2">
                    <input type="hidden" name="intent" value="set-role" />
                    <input type="hidden" name="userId" value={u.id} />
                    <label className="sr-only" htmlFor={`role-${u.id}`}>
                      Role of {u.email}
                    </label>
                    <select
                      id={`role-${u.id}`}
                      name="role"
                      defaultValue={u.role}
                      className="rounded-md border border-slate-300 bg-white px-2 py-1 dark:border-slate-700 dark:bg-slate-900"
                    >
                      <option value="learner">learner</option>
                      <option value="admin">admin</option>
                    </select>
                    <Button type="submit" variant="secondary">
                      Save
                    </Button>
                  </Form>
                </td>
                <td className="py-2 text-right">
                  <Form method="post">
                    <input type="hidden" name="intent" value="revoke-sessions" />
                    <input type="hidden" name="userId" value={u.id} />
                    <Button type="submit" variant="secondary" disabled={u.activeSessions === 0}>
                      Revoke sessions
                    </Button>
                  </Form>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </div>
  );
}
