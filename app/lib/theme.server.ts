import { createCookie } from "@remix-run/node";
import { z } from "zod";

export const themeSchema = z.enum(["light", "dark", "system"]);
export type Theme = z.infer<typeof themeSchema>;

const themeCookie = createCookie("praxis_theme", {
  path: "/",
  sameSite: "lax",
  maxAge: 365 * 86_400,
  httpOnly: true,
});

export async function getTheme(request: Request): Promise<Theme> {
  const parsed = themeSchema.safeParse(await themeCookie.parse(request.headers.get("Cookie")));
  return parsed.success ? parsed.data : "system";
}

export function setTheme(theme: Theme): Promise<string> {
  return themeCookie.serialize(theme);
}
