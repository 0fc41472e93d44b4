import {
  Bar,
  BarChart,
  CartesianGrid,
  Legend,
  Line,
  ComposedChart,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from "recharts";

/** The learner dashboard's charts (recharts) and its heatmap calendar. */
export interface DayPoint {
  date: string;
  xp: number;
  reviews: number;
  recall_rate: number | null;
  turns: number;
  turn_accuracy: number | null;
  minutes: number;
}

const short = (iso: string) =>
  new Date(`${iso}T12:00:00Z`).toLocaleDateString("en", { month: "short", day: "numeric", timeZone: "UTC" });

export function XpChart({ days }: { days: DayPoint[] }) {
  return (
    <div className="h-56 w-full" data-testid="xp-chart">
      <ResponsiveContainer width="100%" height="100%">
        <BarChart
          data={days.map((d) => ({ ...d, label: short(d.date) }))}
          margin={{ top: 8, right: 8, bottom: 0, left: -16 }}
        >
          <CartesianGrid strokeDasharray="3 3" stroke="#94a3b833" />
          <XAxis dataKey="label" tick={{ fontSize: 11 }} interval="preserveStartEnd" />
          <YAxis tick={{ fontSize: 11 }} allowDecimals={false} />
          <Tooltip />
          <Legend />
          <Bar dataKey="xp" name="XP" fill="#4f46e5" />
          <Bar dataKey="minutes" name="Minutes" fill="#059669" />
        </BarChart>
      </ResponsiveContainer>
    </div>
  );
}

export function ReviewChart({ days }: { days: DayPoint[] }) {
  const data = days.map((d) => ({
    label: short(d.date),
    reviews: d.reviews,
    recall: d.recall_rate === null ? null : Math.round(d.recall_rate * 100),
    accuracy: d.turn_accuracy === null ? null : Math.round(d.turn_accuracy * 100),
  }));
  return (
    <div className="h-56 w-full" data-testid="review-chart">
      <ResponsiveContainer width="100%" height="100%">
        <ComposedChart data={data} margin={{ top: 8, right: 8, bottom: 0, left: -16 }}>
          <CartesianGrid strokeDasharray="3 3" stroke="#94a3b833" />
          <XAxis dataKey="label" tick={{ fontSize: 11 }} interval="preserveStartEnd" />
          <YAxis yAxisId="n" tick={{ fontSize: 11 }} allowDecimals={false} />
          <YAxis yAxisId="pct" orientation="right" domain={[0, 100]} unit="%" tick={{ fontSize: 11 }} />
          <Tooltip />
          <Legend />
          <Bar yAxisId="n" dataKey="reviews" name="Reviews" fill="#94a3b8" />
          <Line yAxisId="pct" dataKey="recall" name="Recalled" stroke="#db2777" connectNulls dot={{ r: 2 }} />
          <Line
            yAxisId="pct"
            dataKey="accuracy"
            name="Tutor accuracy"
            stroke="#d97706"
            connectNulls
            dot={{ r: 2 }}
          />
        </ComposedChart>
      </ResponsiveContainer>
    </div>
  );
}

export function MasteryChart({
  states,
}: {
  states: Record<"new" | "learning" | "review" | "relearning", number>;
}) {
  const data = [
    { state: "Learning", words: states.learning },
    { state: "Relearning", words: states.relearning },
    { state: "Learned", words: states.review },
  ];
  return (
    <div className="h-40 w-full" data-testid="mastery-chart">
      <ResponsiveContainer width="100%" height="100%">
        <BarChart data={data} layout="vertical" margin={{ top: 0, right: 16, bottom: 0, left: 16 }}>
          <XAxis type="number" allowDecimals={false} tick={{ fontSize: 11 }} />
          <YAxis type="category" dataKey="state" tick={{ fontSize: 12 }} width={80} />
          <Tooltip />
          <Bar dataKey="words" name="Words" fill="#0891b2" />
        </BarChart>
      </ResponsiveContainer>
    </div>
  );
}

/** A year of days as a GitHub-style grid: weeks in columns, Monday to Sunday down, darker = more XP. */
export function HeatmapCalendar({
  days,
}: {
  days: { date: string; xp: number; reviews: number; turns: number }[];
}) {
  const max = Math.max(1, ...days.map((d) => d.xp));
  const shade = (xp: number) =>
    xp === 0
      ? "bg-slate-100 dark:bg-slate-800"
      : xp / max > 0.66
        ? "bg-indigo-700"
        : xp / max > 0.33
          ? "bg-indigo-500"
          : "bg-indigo-300";
  const first = new Date(`${days[0]?.date ?? "2026-01-01"}T00:00:00Z`).getUTCDay();
  const pad = (first + 6) % 7; // Monday-first rows
  const cells = [...Array<null>(pad).fill(null), ...days];
  return (
    <div className="overflow-x-auto" data-testid="heatmap">
      <div
        className="grid grid-flow-col grid-rows-7 gap-0.5"
        role="img"
        aria-label={`Practice over the last ${days.length} days`}
      >
        {cells.map((d, i) =>
          d ? (
            <div
              key={d.date}
              title={`${d.date}: ${d.xp} XP, ${d.reviews} reviews, ${d.turns} tutor messages`}
              data-xp={d.xp}
              className={`h-3 w-3 rounded-sm ${shade(d.xp)}`}
            />
          ) : (
            <div key={`pad-${i}`} className="h-3 w-3" />
          ),
        )}
      </div>
    </div>
  );
}
