import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import type { ShouldRevalidateFunction } from "@remix-run/react";
import {
  isRouteErrorResponse,
  Links,
  Meta,
  Outlet,
  Scripts,
  ScrollRestoration,
  useRouteError,
  useRouteLoaderData,
} from "@remix-run/react";
import { useEffect } from "react";
import { AppHeader } from "./components/layout/app-header";
import { useNonce } from "./components/nonce";
import { getUser } from "./lib/auth.server";
import { getTheme } from "./lib/theme.server";
import { unreadCount } from "./modules/notifications/notifications.server";
import stylesheet from "./tailwind.css?url";

export const links: LinksFunction = () => [
  { rel: "stylesheet", href: stylesheet },
  { rel: "icon", href: "/favicon.svg", type: "image/svg+xml" },
];
export const meta: MetaFunction = () => [
  { title: "Praxis" },
  { name: "description", content: "Practise and learn: every module learns from you." },
];

export async function loader({ request }: LoaderFunctionArgs) {
  const [user, theme] = await Promise.all([getUser(request), getTheme(request)]);
  return {
    user: user ? { id: user.id, displayName: user.displayName, role: user.role } : null,
    theme,
    unreadNotifications: user ? await unreadCount(user.id) : 0,
  };
}

/** The header's notification count stays current: reloaded on every page change, not only after forms. */
export const shouldRevalidate: ShouldRevalidateFunction = ({
  defaultShouldRevalidate,
  currentUrl,
  nextUrl,
}) => defaultShouldRevalidate || currentUrl.pathname !== nextUrl.pathname;

export function Layout({ children }: { children: React.ReactNode }) {
  const data = useRouteLoaderData<typeof loader>("root");
  const nonce = useNonce();
  // Marks the document once React has hydrated (children's effects run first, so their key handlers are
  // attached by then; Layout also wraps the error boundary). End-to-end tests wait for it after a full load.
  useEffect(() => {
    document.documentElement.dataset.hydrated = "true";
  }, []);
  return (
    <html lang="en" data-theme={data?.theme ?? "system"}>
      <head>
        <meta charSet="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <Meta />
        <Links />
      </head>
      <body className="min-h-screen bg-slate-50 font-sans text-slate-900 antialiased dark:bg-slate-950 dark:text-slate-100">
        <AppHeader
          user={data?.user ?? null}
          theme={data?.theme ?? "system"}
          unreadNotifications={data?.unreadNotifications ?? 0}
        />
        <main id="main" className="mx-auto max-w-6xl px-4 py-8">
          {children}
        </main>
        <ScrollRestoration nonce={nonce} />
        <Scripts nonce={nonce} />
      </body>
    </html>
  );
}

export default function App() {
  return <Outlet />;
}

export function ErrorBoundary() {
  const error = useRouteError();
  const status = isRouteErrorResponse(error) ? error.status : null;
  // A thrown error reaches the browser sanitised: it may be a bug (HTTP 500) or the database briefly
  // unavailable (HTTP 503, see entry.server.tsx), so the page does not claim either and invites a retry.
  const message = isRouteErrorResponse(error)
    ? typeof error.data === "string"
      ? error.data
      : error.statusText
    : "Something went wrong on our side. Please try again in a moment.";
  const title =
    status === 404
      ? "Page not found"
      : status === 403
        ? "Not allowed"
        : status
          ? `Error ${status}`
          : "Something went wrong";
  return (
    <div className="mx-auto max-w-lg space-y-3 py-16 text-center">
      <h1 className="text-3xl font-bold">{title}</h1>
      <p className="text-slate-600 dark:text-slate-400">
        {status === 404 ? "There is nothing at this address." : message}
      </p>
      <a href="/" className="inline-block rounded-md bg-brand-600 px-4 py-2 text-white">
        Go home
      </a>
    </div>
  );
}
