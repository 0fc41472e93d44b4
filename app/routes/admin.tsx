import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { NavLink, Outlet } from "@remix-run/react";
import { requireAdmin } from "~/lib/auth.server";

export const meta: MetaFunction = () => [{ title: "Admin · Praxis" }];

export async function loader({ request }: LoaderFunctionArgs) {
  await requireAdmin(request);
  return null;
}

const tab = ({ isActive }: { isActive: boolean }) =>
  `border-b-2 px-3 py-2 text-sm font-medium ${isActive ? "border-brand-600 text-brand-700 dark:text-brand-100" : "border-transparent text-slate-600 hover:text-slate-900 dark:text-slate-400"}`;

export default function AdminLayout() {
  return (
    <div className="space-y-6">
      <h1 className="text-3xl font-bold">Admin</h1>
      <nav aria-label="Admin" className="flex gap-2 border-b border-slate-200 dark:border-slate-800">
        <NavLink to="/admin/users" className={tab}>
          Users
        </NavLink>
        <NavLink to="/admin/jobs" className={tab}>
          Jobs
        </NavLink>
        <NavLink to="/admin/typing" className={tab}>
          Typing ranker
        </NavLink>
        <NavLink to="/admin/learn" className={tab}>
          French memory
        </NavLink>
        <NavLink to="/admin/climb" className={tab}>
          Climbing coach
        </NavLink>
        <NavLink to="/admin/recs" className={tab}>
          Library recommender
        </NavLink>
      </nav>
      <Outlet />
    </div>
  );
}
