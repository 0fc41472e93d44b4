import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { useEffect, useState } from "react";
import { Button, Card, Field } from "~/components/ui/field";
import { requireUser } from "~/lib/auth.server";
import { baselineJson, getBaseline, saveBaseline } from "~/modules/climb/baseline.server";
import { ClimbError } from "~/modules/climb/climb-errors.server";
import { issuesToFieldErrors, numberOrRaw } from "~/modules/climb/form-values";
import {
  boulderGrades,
  boulderToV,
  indexToRoute,
  routeGrades,
  routeToIndex,
  vToBoulder,
  type BoulderScale,
  type RouteScale,
} from "~/modules/climb/grades";
import { baselineSchema, GOALS, INJURY_AREAS, INJURY_STATUSES } from "~/modules/climb/schemas";

export const meta: MetaFunction = () => [{ title: "Climbing baseline · Praxis" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const baseline = await getBaseline(user.id);
  return { baseline: baseline ? baselineJson(baseline) : null };
}

const INJURY_ROWS = 3;

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireUser(request);
  const form = await request.formData();
  const get = (k: string) => {
    const v = form.get(k);
    return typeof v === "string" ? v : undefined;
  };
  const injuries = Array.from({ length: INJURY_ROWS }, (_, i) => ({
    area: get(`injury_${i}_area`),
    status: get(`injury_${i}_status`),
    note: get(`injury_${i}_note`) ?? "",
  })).filter((i) => i.area);
  const parsed = baselineSchema.safeParse({
    experience_years: numberOrRaw(get("experience_years")),
    boulder_scale: get("boulder_scale"),
    max_boulder_grade: get("max_boulder_grade") || null,
    route_scale: get("route_scale"),
    max_route_grade: get("max_route_grade") || null,
    goals: form.getAll("goals").filter((g) => typeof g === "string"),
    injuries,
    days_per_week: numberOrRaw(get("days_per_week")),
    minutes_per_session: numberOrRaw(get("minutes_per_session")),
    timezone: get("timezone") || undefined,
  });
  if (!parsed.success)
    return data({ errors: issuesToFieldErrors(parsed.error.issues), saved: false }, { status: 400 });
  try {
    await saveBaseline(user.id, parsed.data);
  } catch (error) {
    if (!(error instanceof ClimbError)) throw error;
    return data(
      { errors: Object.fromEntries(error.errors.map((e) => [e.path, [e.message]])), saved: false },
      { status: 400 },
    );
  }
  return { errors: {} as Record<string, string[]>, saved: true };
}

const GOAL_LABELS: Record<(typeof GOALS)[number], string> = {
  harder_boulders: "Climb harder boulders",
  harder_routes: "Climb harder routes",
  finger_strength: "Finger strength",
  endurance: "Endurance",
  technique: "Technique",
  stay_injury_free: "Stay injury-free",
  consistency: "Climb consistently",
};
const select =
  "block w-full rounded-md border border-slate-300 bg-white px-3 py-2 dark:border-slate-700 dark:bg-slate-900";

export default function ClimbProfile() {
  const { baseline } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const errors: Record<string, string[] | undefined> = result?.errors ?? {};
  const [boulderScale, setBoulderScale] = useState<BoulderScale>(baseline?.boulder_scale ?? "v");
  const [boulder, setBoulder] = useState(baseline?.max_boulder_grade ?? "");
  const [routeScale, setRouteScale] = useState<RouteScale>(baseline?.route_scale ?? "french");
  const [route, setRoute] = useState(baseline?.max_route_grade ?? "");
  const [timezone, setTimezone] = useState(baseline?.timezone ?? "UTC");
  useEffect(() => {
    if (!baseline) setTimezone(Intl.DateTimeFormat().resolvedOptions().timeZone || "UTC");
  }, [baseline]);
  const v = boulder ? boulderToV(boulderScale, boulder) : null;
  const r = route ? routeToIndex(routeScale, route) : null;
  // Keep the chosen grade when switching scale: convert it.
  const switchBoulder = (scale: BoulderScale) => {
    if (v !== null) setBoulder(vToBoulder(scale, v));
    setBoulderScale(scale);
  };
  const switchRoute = (scale: RouteScale) => {
    if (r !== null) setRoute(indexToRoute(scale, r));
    setRouteScale(scale);
  };
  return (
    <div className="space-y-6">
      <div className="flex flex-wrap items-baseline justify-between gap-3">
        <h1 className="text-3xl font-bold">Baseline assessment</h1>
        <Link to="/climb" className="text-sm underline">
          ← Coach
        </Link>
      </div>
      {result?.saved ? (
        <p
          role="status"
          className="rounded bg-emerald-50 p-3 text-sm text-emerald-900 dark:bg-emerald-950 dark:text-emerald-100"
        >
          Baseline saved.
        </p>
      ) : null}
      <Form method="post" className="space-y-6" noValidate>
        <Card title="Experience and grades">
          <div className="grid gap-4 sm:grid-cols-3">
            <Field
              label="Years climbing"
              name="experience_years"
              type="number"
              min={0}
              max={80}
              step={0.5}
              defaultValue={baseline?.experience_years ?? ""}
              errors={errors.experience_years}
            />
            <div className="space-y-1">
              <label htmlFor="boulder-scale" className="block text-sm font-medium">
                Boulder scale
              </label>
              <select
                id="boulder-scale"
                name="boulder_scale"
                value={boulderScale}
                onChange={(e) => switchBoulder(e.target.value as BoulderScale)}
                className={select}
              >
                <option value="v">V scale (Hueco)</option>
                <option value="font">Font (Fontainebleau)</option>
              </select>
            </div>
            <div className="space-y-1">
              <label htmlFor="boulder-grade" className="block text-sm font-medium">
                Hardest boulder
              </label>
              <select
                id="boulder-grade"
                name="max_boulder_grade"
                value={boulder}
                onChange={(e) => setBoulder(e.target.value)}
                className={select}
              >
                <option value="">Not bouldering</option>
                {boulderGrades(boulderScale).map((g) => (
                  <option key={g}>{g}</option>
                ))}
              </select>
              {errors.max_boulder_grade ? (
                <p className="text-sm text-red-700">{errors.max_boulder_grade.join(". ")}</p>
              ) : null}
              <p className="text-xs text-slate-500" data-testid="boulder-equivalent">
                {v !== null ? `= ${vToBoulder("v", v)} / Font ${vToBoulder("font", v)}` : ""}
              </p>
            </div>
            <div className="space-y-1">
              <label htmlFor="route-scale" className="block text-sm font-medium">
                Route scale
              </label>
              <select
                id="route-scale"
                name="route_scale"
                value={routeScale}
                onChange={(e) => switchRoute(e.target.value as RouteScale)}
                className={select}
              >
                <option value="french">French</option>
                <option value="yds">YDS</option>
                <option value="uiaa">UIAA</option>
              </select>
            </div>
            <div className="space-y-1">
              <label htmlFor="route-grade" className="block text-sm font-medium">
                Hardest route
              </label>
              <select
                id="route-grade"
                name="max_route_grade"
                value={route}
                onChange={(e) => setRoute(e.target.value)}
                className={select}
              >
                <option value="">Not roped climbing</option>
                {routeGrades(routeScale).map((g) => (
                  <option key={g}>{g}</option>
                ))}
              </select>
              {errors.max_route_grade ? (
                <p className="text-sm text-red-700">{errors.max_route_grade.join(". ")}</p>
              ) : null}
              <p className="text-xs text-slate-500" data-testid="route-equivalent">
                {r !== null
                  ? `= French ${indexToRoute("french", r)} / YDS ${indexToRoute("yds", r)} / UIAA ${indexToRoute("uiaa", r)}`
                  : ""}
              </p>
            </div>
          </div>
        </Card>
        <Card title="Goals">
          <div className="grid gap-2 sm:grid-cols-2">
            {GOALS.map((g) => (
              <label key={g} className="flex items-center gap-2 text-sm">
                <input type="checkbox" name="goals" value={g} defaultChecked={baseline?.goals.includes(g)} />
                {GOAL_LABELS[g]}
              </label>
            ))}
          </div>
        </Card>
        <Card title="Injuries">
          <p className="mb-3 text-xs text-slate-500">
            An active finger injury rules out hangboard, limit and power-endurance sessions.
          </p>
          {Array.from({ length: INJURY_ROWS }, (_, i) => {
            const injury = baseline?.injuries[i];
            return (
              <div key={i} className="mb-2 grid gap-2 sm:grid-cols-3">
                <select
                  name={`injury_${i}_area`}
                  aria-label={`Injury ${i + 1} area`}
                  defaultValue={injury?.area ?? ""}
                  className={select}
                >
                  <option value="">No injury</option>
                  {INJURY_AREAS.map((a) => (
                    <option key={a}>{a}</option>
                  ))}
                </select>
                <select
                  name={`injury_${i}_status`}
                  aria-label={`Injury ${i + 1} status`}
                  defaultValue={injury?.status ?? "active"}
                  className={select}
                >
                  {INJURY_STATUSES.map((s) => (
                    <option key={s}>{s}</option>
                  ))}
                </select>
                <input
                  name={`injury_${i}_note`}
                  aria-label={`Injury ${i + 1} note`}
                  defaultValue={injury?.note ?? ""}
                  className={select}
                />
              </div>
            );
          })}
          {Object.entries(errors)
            .filter(([k]) => k.startsWith("injuries"))
            .map(([k, m]) => (
              <p key={k} className="text-sm text-red-700">
                {k}: {m?.join(". ")}
              </p>
            ))}
        </Card>
        <Card title="Weekly availability">
          <div className="grid gap-4 sm:grid-cols-3">
            <Field
              label="Days per week"
              name="days_per_week"
              type="number"
              min={1}
              max={7}
              defaultValue={baseline?.days_per_week ?? 3}
              errors={errors.days_per_week}
            />
            <Field
              label="Minutes per session"
              name="minutes_per_session"
              type="number"
              min={15}
              max={480}
              defaultValue={baseline?.minutes_per_session ?? 90}
              errors={errors.minutes_per_session}
            />
            <Field
              label="Time zone"
              name="timezone"
              value={timezone}
              onChange={(e) => setTimezone(e.target.value)}
              errors={errors.timezone}
            />
          </div>
        </Card>
        <Button type="submit">Save baseline</Button>
      </Form>
    </div>
  );
}
