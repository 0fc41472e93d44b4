import type { z } from "zod";
import { nulPaths } from "./api.server.ts";

export type FieldErrors = Record<string, string[]>;

export type FormResult<T> =
  { ok: true; data: T } | { ok: false; errors: FieldErrors; values: Record<string, string> };

/**
 * Validates a submitted form with zod for inline field errors. Values are echoed back (never passwords)
 * so the form can be re-filled.
 */
export async function parseForm<S extends z.ZodType>(
  request: Request,
  schema: S,
  options: { echo?: string[] } = {},
): Promise<FormResult<z.output<S>>> {
  const form = await request.formData();
  const record: Record<string, string> = {};
  for (const [key, value] of form.entries()) if (typeof value === "string") record[key] = value;
  const errors: FieldErrors = {};
  // Postgres cannot store NUL in text: refuse it here as a field error, not at the insert as a 500.
  for (const key of nulPaths(record)) errors[key || "form"] = ["must not contain the NUL character"];
  const result = Object.keys(errors).length ? null : await schema.safeParseAsync(record);
  if (result?.success) return { ok: true, data: result.data };
  for (const issue of result?.error.issues ?? []) {
    const key = issue.path.join(".") || "form";
    (errors[key] ??= []).push(issue.message);
  }
  const echo = options.echo ?? Object.keys(record).filter((k) => !/password/i.test(k));
  const values = Object.fromEntries(echo.filter((k) => k in record).map((k) => [k, record[k]!]));
  return { ok: false, errors, values };
}

/** Only same-site relative paths are allowed as post-login destinations (no open redirects). */
export function safeRedirect(to: FormDataEntryValue | string | null | undefined, fallback = "/"): string {
  if (typeof to !== "string" || !to.startsWith("/") || to.startsWith("//") || to.startsWith("/\\"))
    return fallback;
  return to;
}
