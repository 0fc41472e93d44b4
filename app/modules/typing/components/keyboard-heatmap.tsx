import { HEATMAP_ROWS } from "../../../../ml/typing/keyboard-layout";

export interface HeatmapKey {
  key: string;
  emaMs: number | null;
  errorRate: number;
  hits: number;
}

interface Props {
  keys: HeatmapKey[];
  targetMs: number;
}

/** Colour from the key's confidence (target / smoothed time): green at or above target, red at half speed. */
function colour(k: HeatmapKey | undefined, targetMs: number): string {
  if (!k || !k.emaMs || k.hits < 5) return "var(--color-slate-200)";
  const confidence = Math.min(1, targetMs / k.emaMs);
  const t = Math.max(0, (confidence - 0.5) / 0.5); // 0 at half speed or slower, 1 at target
  return `oklch(0.78 0.15 ${Math.round(25 + t * 120)})`;
}

/**
 * QWERTY heatmap of slow and error-prone keys: fill shows speed against the target, a thick outline marks
 * keys missed more than 5% of the time. Each key's numbers are in its label for screen readers and tooltips.
 */
export function KeyboardHeatmap({ keys, targetMs }: Props) {
  const byKey = new Map(keys.map((k) => [k.key, k]));
  return (
    <figure className="space-y-3">
      <div className="space-y-1.5" role="list" aria-label="Keyboard heatmap">
        {HEATMAP_ROWS.map((row, r) => (
          <div key={r} className="flex gap-1.5" style={{ paddingLeft: `${row.offset * 2.6}rem` }}>
            {row.keys.map((key) => {
              const k = byKey.get(key);
              const label =
                k?.emaMs && k.hits >= 5
                  ? `${key}: ${Math.round(k.emaMs)} ms, ${Math.round(k.errorRate * 100)}% missed`
                  : `${key}: not enough practice yet`;
              return (
                <div
                  key={key}
                  role="listitem"
                  aria-label={label}
                  title={label}
                  className={`flex h-10 w-10 items-center justify-center rounded-md font-mono text-sm text-slate-900 ${
                    k && k.errorRate > 0.05 && k.hits >= 5 ? "ring-3 ring-red-600" : ""
                  }`}
                  style={{ background: colour(k, targetMs) }}
                >
                  {key}
                </div>
              );
            })}
          </div>
        ))}
      </div>
      <figcaption className="flex flex-wrap items-center gap-4 text-xs text-slate-600 dark:text-slate-400">
        <span className="flex items-center gap-1">
          <span className="inline-block h-3 w-3 rounded" style={{ background: "oklch(0.78 0.15 145)" }} /> at
          target speed
        </span>
        <span className="flex items-center gap-1">
          <span className="inline-block h-3 w-3 rounded" style={{ background: "oklch(0.78 0.15 25)" }} /> half
          speed or slower
        </span>
        <span className="flex items-center gap-1">
          <span className="inline-block h-3 w-3 rounded ring-2 ring-red-600" /> missed over 5%
        </span>
        <span className="flex items-center gap-1">
          <span className="inline-block h-3 w-3 rounded bg-slate-200" /> not enough practice
        </span>
      </figcaption>
    </figure>
  );
}
