import { CartesianGrid, Legend, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";

const PALETTE = ["#4f46e5", "#db2777", "#059669", "#d97706", "#0891b2", "#7c3aed"];

interface SessionPoint {
  startedAt: string;
  wpm: number | null;
  accuracy: number | null;
}

const shortDate = (iso: string) => new Date(iso).toLocaleDateString("en", { month: "short", day: "numeric" });

/** WPM and accuracy per session, oldest to newest. */
export function SessionChart({ sessions }: { sessions: SessionPoint[] }) {
  const data = sessions.map((s, i) => ({ ...s, label: `${i + 1} · ${shortDate(s.startedAt)}` }));
  return (
    <div className="h-72 w-full" data-testid="session-chart">
      <ResponsiveContainer width="100%" height="100%">
        <LineChart data={data} margin={{ top: 8, right: 16, bottom: 8, left: 0 }}>
          <CartesianGrid strokeDasharray="3 3" stroke="#94a3b833" />
          <XAxis dataKey="label" tick={{ fontSize: 12 }} />
          <YAxis
            yAxisId="wpm"
            tick={{ fontSize: 12 }}
            label={{ value: "WPM", angle: -90, position: "insideLeft", fontSize: 12 }}
          />
          <YAxis yAxisId="acc" orientation="right" domain={[50, 100]} tick={{ fontSize: 12 }} unit="%" />
          <Tooltip />
          <Legend />
          <Line
            yAxisId="wpm"
            type="monotone"
            dataKey="wpm"
            name="WPM"
            stroke={PALETTE[0]}
            strokeWidth={2}
            dot={{ r: 3 }}
            connectNulls
            isAnimationActive={false}
          />
          <Line
            yAxisId="acc"
            type="monotone"
            dataKey="accuracy"
            name="Accuracy %"
            stroke={PALETTE[2]}
            strokeWidth={2}
            dot={{ r: 3 }}
            connectNulls
            isAnimationActive={false}
          />
        </LineChart>
      </ResponsiveContainer>
    </div>
  );
}

/** Mean milliseconds per key per day for the most practised keys (lower is faster). */
export function KeySpeedChart({
  keys,
  points,
}: {
  keys: string[];
  points: Record<string, number | string | null>[];
}) {
  return (
    <div className="h-72 w-full" data-testid="key-speed-chart">
      <ResponsiveContainer width="100%" height="100%">
        <LineChart data={points} margin={{ top: 8, right: 16, bottom: 8, left: 0 }}>
          <CartesianGrid strokeDasharray="3 3" stroke="#94a3b833" />
          <XAxis dataKey="day" tick={{ fontSize: 12 }} />
          <YAxis tick={{ fontSize: 12 }} unit=" ms" />
          <Tooltip />
          <Legend />
          {keys.map((k, i) => (
            <Line
              key={k}
              type="monotone"
              dataKey={k}
              name={`"${k}"`}
              stroke={PALETTE[i % PALETTE.length]}
              strokeWidth={2}
              dot={{ r: 2 }}
              connectNulls
              isAnimationActive={false}
            />
          ))}
        </LineChart>
      </ResponsiveContainer>
    </div>
  );
}

/** WPM of each snippet in the session just finished. */
export function SnippetWpmChart({ results }: { results: { wpm: number; accuracy: number }[] }) {
  const data = results.map((r, i) => ({
    snippet: i + 1,
    wpm: Math.round(r.wpm),
    accuracy: Math.round(r.accuracy * 100),
  }));
  return (
    <div className="h-56 w-full" data-testid="snippet-chart">
      <ResponsiveContainer width="100%" height="100%">
        <LineChart data={data} margin={{ top: 8, right: 16, bottom: 8, left: 0 }}>
          <CartesianGrid strokeDasharray="3 3" stroke="#94a3b833" />
          <XAxis
            dataKey="snippet"
            tick={{ fontSize: 12 }}
            label={{ value: "snippet", position: "insideBottom", offset: -4, fontSize: 12 }}
          />
          <YAxis tick={{ fontSize: 12 }} />
          <Tooltip />
          <Line
            type="monotone"
            dataKey="wpm"
            name="WPM"
            stroke={PALETTE[0]}
            strokeWidth={2}
            isAnimationActive={false}
          />
          <Line
            type="monotone"
            dataKey="accuracy"
            name="Accuracy %"
            stroke={PALETTE[2]}
            strokeWidth={2}
            isAnimationActive={false}
          />
        </LineChart>
      </ResponsiveContainer>
    </div>
  );
}
