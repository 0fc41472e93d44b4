import {
  Bar,
  BarChart,
  CartesianGrid,
  ComposedChart,
  ErrorBar,
  Legend,
  Line,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from "recharts";
import { SESSION_TYPE_LABELS, type SessionType } from "../session-types";

/** The climb module's charts (recharts): predictions with credible intervals, quality over time, weekly load. */
export interface PredictionPoint {
  session_type: string;
  predicted_quality: number;
  interval: { lower: number; upper: number };
  excluded_by: string | null;
}

export function PredictionChart({ predictions }: { predictions: PredictionPoint[] }) {
  const data = predictions.map((p) => ({
    label: SESSION_TYPE_LABELS[p.session_type as SessionType].replace(/ \(.*\)/, ""),
    quality: p.excluded_by ? null : p.predicted_quality,
    ruledOut: p.excluded_by ? p.predicted_quality : null,
    error: [p.predicted_quality - p.interval.lower, p.interval.upper - p.predicted_quality],
  }));
  return (
    <div className="h-56 w-full" data-testid="prediction-chart">
      <ResponsiveContainer width="100%" height="100%">
        <BarChart data={data} margin={{ top: 8, right: 8, bottom: 0, left: -16 }}>
          <CartesianGrid strokeDasharray="3 3" stroke="#94a3b833" />
          <XAxis dataKey="label" tick={{ fontSize: 11 }} interval={0} />
          <YAxis domain={[0, 10]} tick={{ fontSize: 11 }} />
          <Tooltip />
          <Legend />
          <Bar
            dataKey="quality"
            name="Predicted quality (90% interval)"
            fill="#4f46e5"
            isAnimationActive={false}
          >
            <ErrorBar dataKey="error" width={6} stroke="#1e1b4b" />
          </Bar>
          <Bar dataKey="ruledOut" name="Ruled out today" fill="#94a3b8" isAnimationActive={false} />
        </BarChart>
      </ResponsiveContainer>
    </div>
  );
}

export interface QualityPoint {
  date: string;
  quality: number;
  predicted: number | null;
}

export function QualityChart({ points }: { points: QualityPoint[] }) {
  return (
    <div className="h-56 w-full" data-testid="quality-chart">
      <ResponsiveContainer width="100%" height="100%">
        <ComposedChart data={points} margin={{ top: 8, right: 8, bottom: 0, left: -16 }}>
          <CartesianGrid strokeDasharray="3 3" stroke="#94a3b833" />
          <XAxis dataKey="date" tick={{ fontSize: 11 }} interval="preserveStartEnd" />
          <YAxis domain={[1, 10]} tick={{ fontSize: 11 }} />
          <Tooltip />
          <Legend />
          <Line
            dataKey="quality"
            name="Session quality"
            stroke="#4f46e5"
            strokeWidth={2}
            dot={{ r: 2 }}
            isAnimationActive={false}
          />
          <Line
            dataKey="predicted"
            name="Predicted when planned"
            stroke="#059669"
            strokeDasharray="4 3"
            connectNulls
            dot={false}
            isAnimationActive={false}
          />
        </ComposedChart>
      </ResponsiveContainer>
    </div>
  );
}

export interface LoadPoint {
  week: string;
  load: number;
  sessions: number;
}

export function LoadChart({ weeks }: { weeks: LoadPoint[] }) {
  return (
    <div className="h-56 w-full" data-testid="load-chart">
      <ResponsiveContainer width="100%" height="100%">
        <BarChart data={weeks} margin={{ top: 8, right: 8, bottom: 0, left: -8 }}>
          <CartesianGrid strokeDasharray="3 3" stroke="#94a3b833" />
          <XAxis dataKey="week" tick={{ fontSize: 11 }} />
          <YAxis tick={{ fontSize: 11 }} />
          <Tooltip />
          <Legend />
          <Bar dataKey="load" name="Load (minutes × RPE)" fill="#0891b2" isAnimationActive={false} />
        </BarChart>
      </ResponsiveContainer>
    </div>
  );
}
