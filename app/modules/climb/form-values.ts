import { utcOffsetMinutes } from "../../../ml/srs/revlog.ts";

/**
 * Turns a submitted form (all strings) into the JSON shapes the climb schemas parse, so forms and the API
 * share one validation: empty means absent, numbers stay strings when they are not numbers (so zod names
 * the field), and datetime-local values are read in the climber's zone.
 */
export function numberOrRaw(value: string | undefined): number | string | undefined {
  if (value === undefined || value.trim() === "") return undefined;
  const n = Number(value);
  return Number.isFinite(n) ? n : value;
}

/** "2026-11-20T18:30" in `timeZone` → ISO instant; returns the raw string when it is not a local date-time. */
export function localDateTimeToIso(value: string | undefined, timeZone: string): string | undefined {
  if (!value) return undefined;
  const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})$/.exec(value);
  if (!m) return value;
  const asUtc = Date.UTC(+m[1]!, +m[2]! - 1, +m[3]!, +m[4]!, +m[5]!);
  // Two passes: the offset at the guessed instant, then at the corrected one (DST edges).
  let utc = asUtc - utcOffsetMinutes(asUtc, timeZone) * 60_000;
  utc = asUtc - utcOffsetMinutes(utc, timeZone) * 60_000;
  return new Date(utc).toISOString();
}

/** ISO instant → "YYYY-MM-DDTHH:mm" in `timeZone`, for a datetime-local input's value. */
export function isoToLocalDateTime(iso: string | Date, timeZone: string): string {
  const ms = typeof iso === "string" ? Date.parse(iso) : iso.getTime();
  return new Date(ms + utcOffsetMinutes(ms, timeZone) * 60_000).toISOString().slice(0, 16);
}

/** One exercise per line: "name" or "name | notes". */
export function exercisesFromText(text: string | undefined) {
  return (text ?? "")
    .split("\n")
    .map((l) => l.trim())
    .filter(Boolean)
    .map((line) => {
      const [name, ...notes] = line.split("|").map((p) => p.trim());
      return notes.length ? { name: name!, notes: notes.join(" | ") } : { name: name! };
    });
}

export function exercisesToText(
  exercises: readonly { name: string; notes?: string | undefined; grade?: string | undefined }[],
): string {
  return exercises
    .map((e) => [e.name, [e.grade, e.notes].filter(Boolean).join(", ")].filter(Boolean).join(" | "))
    .join("\n");
}

export function readinessFromForm(f: Record<string, string>) {
  return {
    sleep_hours: numberOrRaw(f.sleep_hours),
    energy_level: numberOrRaw(f.energy_level),
    stress_level: numberOrRaw(f.stress_level),
    soreness: numberOrRaw(f.soreness),
    motivation: numberOrRaw(f.motivation),
    finger_pain: numberOrRaw(f.finger_pain),
  };
}

export async function formRecord(request: Request): Promise<Record<string, string>> {
  const form = await request.formData();
  const record: Record<string, string> = {};
  for (const [key, value] of form.entries()) if (typeof value === "string") record[key] = value;
  return record;
}

/** zod issues → { field: [messages] } for inline form errors. */
export function issuesToFieldErrors(
  issues: readonly { path: PropertyKey[]; message: string }[],
): Record<string, string[]> {
  const errors: Record<string, string[]> = {};
  for (const i of issues) (errors[i.path.map(String).join(".") || "form"] ??= []).push(i.message);
  return errors;
}
