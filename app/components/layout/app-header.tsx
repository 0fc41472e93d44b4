import { Form, NavLink, useLocation } from "@remix-run/react";
import { NotificationBell } from "~/modules/notifications/components/notification-bell";
import { modules } from "~/modules/registry";

export type ThemeName = "light" | "dark" | "system";

interface Props {
  user: { displayName: string; role: "learner" | "admin" } | null;
  theme: ThemeName;
  /** Unread in-app notifications of the signed-in user (the bell's badge). */
  unreadNotifications?: number;
}

const linkClass = ({ isActive }: { isActive: boolean }) =>
  `rounded-md px-3 py-2 text-sm font-medium ${
    isActive
      ? "bg-brand-100 text-brand-700 dark:bg-slate-800 dark:text-white"
      : "text-slate-700 hover:bg-slate-100 dark:text-slate-300 dark:hover:bg-slate-800"
  }`;

const NEXT_THEME: Record<ThemeName, ThemeName> = { system: "light", light: "dark", dark: "system" };
const THEME_LABEL: Record<ThemeName, string> = {
  system: "System theme",
  light: "Light theme",
  dark: "Dark theme",
};

export function AppHeader({ user, theme, unreadNotifications = 0 }: Props) {
  const location = useLocation();
  return (
    <header className="border-b border-slate-200 bg-white dark:border-slate-800 dark:bg-slate-950">
      <a
        href="#main"
        className="sr-only focus:not-sr-only focus:absolute focus:left-2 focus:top-2 focus:rounded focus:bg-white focus:p-2 focus:text-slate-900"
      >
        Skip to content
      </a>
      <div className="mx-auto flex max-w-6xl flex-wrap items-center gap-2 px-4 py-3">
        <NavLink to="/" className="mr-4 text-lg font-bold tracking-tight text-brand-700 dark:text-brand-100">
          Praxis
        </NavLink>
        <nav aria-label="Main" className="flex flex-1 flex-wrap items-center gap-1">
          {user ? (
            <>
              <NavLink to="/" end className={linkClass}>
                Home
              </NavLink>
              {modules.map((m) => (
                <NavLink key={m.path} to={m.path} className={linkClass}>
                  {m.label}
                </NavLink>
              ))}
              {user.role === "admin" ? (
                <NavLink to="/admin" className={linkClass}>
                  Admin
                </NavLink>
              ) : null}
            </>
          ) : null}
          <NavLink to="/api/docs" className={linkClass} reloadDocument>
            API
          </NavLink>
        </nav>
        <div className="flex items-center gap-2">
          <Form method="post" action="/theme" replace>
            <input type="hidden" name="theme" value={NEXT_THEME[theme]} />
            <input type="hidden" name="redirectTo" value={location.pathname + location.search} />
            <button
              type="submit"
              className="rounded-md px-3 py-2 text-sm text-slate-700 hover:bg-slate-100 dark:text-slate-300 dark:hover:bg-slate-800"
              title={`Switch to ${THEME_LABEL[NEXT_THEME[theme]].toLowerCase()}`}
            >
              {THEME_LABEL[theme]}
            </button>
          </Form>
          {user ? (
            <>
              <NotificationBell unread={unreadNotifications} />
              <NavLink to="/account" className={linkClass}>
                {user.displayName}
              </NavLink>
              <Form method="post" action="/logout">
                <button
                  type="submit"
                  className="rounded-md px-3 py-2 text-sm font-medium text-slate-700 hover:bg-slate-100 dark:text-slate-300 dark:hover:bg-slate-800"
                >
                  Log out
                </button>
              </Form>
            </>
          ) : (
            <>
              <NavLink to="/login" className={linkClass}>
                Log in
              </NavLink>
              <NavLink
                to="/signup"
                className="rounded-md bg-brand-600 px-3 py-2 text-sm font-medium text-white hover:bg-brand-700"
              >
                Sign up
              </NavLink>
            </>
          )}
        </div>
      </div>
    </header>
  );
}
