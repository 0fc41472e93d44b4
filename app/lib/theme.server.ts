import { createCookie } from "@remix-run/node";
import { z } from "zod";
import { cookieSecure } from "./env.server.ts";

export const themeSchema = z.enum(["light", "dark", "system"]);
export type Theme = z.infer<typeof themeSchema>;

// Made on first use: the env (and so `secure`) is read after boot, not at import.
let themeCookie: ReturnType<typeof createCookie> | undefined;
function cookie() {
  themeCookie ??= createCookie("praxis_theme", {
    path: "/",
    sameSite: "lax",
    maxAge: 365 * 86_400,
    httpOnly: true,
    secure: cookieSecure(),
  });
  return themeCookie;
}

export async function getTheme(request: Request): Promise<Theme> {
  const parsed = themeSchema.safeParse(await cookie().parse(request.headers.get("Cookie")));
  return parsed.success ? parsed.data : "system";
}

export function setTheme(theme: Theme): Promise<string> {
  return cookie().serialize(theme);
}
