import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { data } from "@remix-run/node";
import { z } from "zod";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { Button, Card, Notice } from "~/components/ui/field";
import { requireAdmin } from "~/lib/auth.server";
import { issuesToFieldErrors, numberOrRaw } from "~/modules/climb/form-values";
import { populationCacheJson } from "~/modules/climb/model.server";
import { listRuns } from "~/modules/climb/model-report.server";
import { COEFFICIENT_NAMES } from "~/modules/climb/priors";
import { describeCondition, type Condition } from "~/modules/climb/rule-conditions";
import {
  createRule,
  deleteRule,
  listAllRules,
  ruleJson,
  rulesCacheJson,
  reloadRules,
  updateRule,
} from "~/modules/climb/rules.server";
import { ruleSchema } from "~/modules/climb/schemas";
import { MODELLED_TYPES, SESSION_TYPE_LABELS, SESSION_TYPES } from "~/modules/climb/session-types";
import { requestNightlyFit } from "~/modules/climb/training-requests.server";

export async function loader({ request }: LoaderFunctionArgs) {
  await requireAdmin(request);
  const [rules, runs] = await Promise.all([listAllRules(), listRuns(10)]);
  return { rules: rules.map(ruleJson), cache: rulesCacheJson(), runs, population: populationCacheJson() };
}

export async function action({ request }: ActionFunctionArgs) {
  const admin = await requireAdmin(request);
  const form = await request.formData();
  const get = (k: string) => (typeof form.get(k) === "string" ? (form.get(k) as string) : undefined);
  const intent = get("intent");
  if (intent === "train") {
    const id = await requestNightlyFit();
    return {
      message: id ? "Full fit queued. Refresh to follow its progress." : "A fit was queued moments ago.",
      errors: {},
      ruleId: null,
    };
  }
  if (intent === "refresh-cache") {
    const rules = await reloadRules();
    return { message: `Rules cache reloaded: ${rules.length} enabled rules.`, errors: {}, ruleId: null };
  }
  const rawId = get("id") || null;
  if (rawId !== null && !z.uuid().safeParse(rawId).success)
    return data({ message: "No such rule.", errors: {}, ruleId: null }, { status: 404 });
  const id = rawId;
  if (intent === "delete" && id) {
    const deleted = await deleteRule(id);
    return {
      message: deleted ? "Rule deleted; the cache was refreshed." : "No such rule.",
      errors: {},
      ruleId: null,
    };
  }
  let condition: unknown;
  try {
    condition = JSON.parse(get("condition") ?? "");
  } catch (error) {
    return data(
      {
        message: null,
        errors: { condition: [`Not valid JSON: ${(error as Error).message}`] },
        ruleId: id ?? "new",
        draft: draftOf(form),
      },
      { status: 400 },
    );
  }
  const parsed = ruleSchema.safeParse({
    name: get("name"),
    condition,
    action: get("action"),
    session_type: get("action") === "override" ? get("session_type") || null : null,
    excluded_types: form.getAll("excluded_types"),
    message: get("message"),
    priority: numberOrRaw(get("priority")),
    enabled: get("enabled") === "on",
  });
  if (!parsed.success)
    return data(
      {
        message: null,
        errors: issuesToFieldErrors(parsed.error.issues),
        ruleId: id ?? "new",
        draft: draftOf(form),
      },
      { status: 400 },
    );
  if (id) {
    if (!(await updateRule(id, parsed.data, admin.id)))
      return data({ message: "No such rule.", errors: {}, ruleId: null }, { status: 404 });
  } else await createRule(parsed.data, admin.id);
  return { message: `Rule ${id ? "saved" : "added"}; the cache was refreshed.`, errors: {}, ruleId: null };
}

/** What the admin typed, to refill the form when a save is refused (a stored rule shape, condition as text). */
function draftOf(form: FormData) {
  const text = (k: string) => (typeof form.get(k) === "string" ? (form.get(k) as string) : "");
  return {
    name: text("name"),
    conditionText: text("condition"),
    action: text("action") === "override" ? ("override" as const) : ("constraint" as const),
    session_type: text("session_type") || null,
    excluded_types: form.getAll("excluded_types").filter((t): t is string => typeof t === "string"),
    message: text("message"),
    priority: Number(text("priority")) || 0,
    enabled: text("enabled") === "on",
  };
}
type Draft = ReturnType<typeof draftOf>;

const input =
  "block w-full rounded-md border border-slate-300 bg-white px-2 py-1 text-sm dark:border-slate-700 dark:bg-slate-900";
const when = (iso: string | null) => (iso ? new Date(iso).toLocaleString() : "–");

type RuleView = ReturnType<typeof ruleJson>;

function RuleForm({
  rule: stored,
  draft,
  errors,
}: {
  rule: RuleView | null;
  draft: Draft | null;
  errors: Record<string, string[] | undefined>;
}) {
  const rule = draft ?? stored;
  const conditionText = draft ? draft.conditionText : stored ? JSON.stringify(stored.condition) : null;
  const err = (k: string) =>
    errors[k] ? <p className="text-xs text-red-700">{errors[k]!.join(". ")}</p> : null;
  const conditionErrors = Object.entries(errors).filter(
    ([k]) => k === "condition" || k.startsWith("condition."),
  );
  return (
    <Form
      method="post"
      className="grid gap-2 sm:grid-cols-6"
      aria-label={stored ? `Edit ${stored.name}` : "New rule"}
    >
      <input type="hidden" name="id" value={stored?.id ?? ""} />
      <input type="hidden" name="intent" value="save" />
      <label className="text-xs sm:col-span-2">
        Name
        <input name="name" defaultValue={rule?.name ?? ""} className={input} />
        {err("name")}
      </label>
      <label className="text-xs">
        Priority
        <input name="priority" type="number" defaultValue={rule?.priority ?? 100} className={input} />
        {err("priority")}
      </label>
      <label className="text-xs">
        Action
        <select name="action" defaultValue={rule?.action ?? "constraint"} className={input}>
          <option value="override">override</option>
          <option value="constraint">constraint</option>
        </select>
      </label>
      <label className="text-xs">
        Override advises
        <select name="session_type" defaultValue={rule?.session_type ?? "rest"} className={input}>
          {SESSION_TYPES.map((t) => (
            <option key={t} value={t}>
              {SESSION_TYPE_LABELS[t]}
            </option>
          ))}
        </select>
        {err("session_type")}
      </label>
      <label className="flex items-center gap-1 text-xs">
        <input type="checkbox" name="enabled" defaultChecked={rule?.enabled ?? true} /> Enabled
      </label>
      <label className="text-xs sm:col-span-3">
        Condition (JSON)
        <textarea
          name="condition"
          rows={2}
          defaultValue={conditionText ?? '{"field":"soreness","op":"gte","value":4}'}
          className={`${input} font-mono`}
        />
        {conditionErrors.map(([k, m]) => (
          <p key={k} className="text-xs text-red-700">
            {k}: {m?.join(". ")}
          </p>
        ))}
      </label>
      <fieldset className="text-xs sm:col-span-3">
        <legend>Constraint rules out</legend>
        {MODELLED_TYPES.map((t) => (
          <label key={t} className="mr-3 inline-flex items-center gap-1">
            <input
              type="checkbox"
              name="excluded_types"
              value={t}
              defaultChecked={rule?.excluded_types.includes(t)}
            />
            {SESSION_TYPE_LABELS[t]}
          </label>
        ))}
        {err("excluded_types")}
      </fieldset>
      <label className="text-xs sm:col-span-5">
        Message to the climber
        <input name="message" defaultValue={rule?.message ?? ""} className={input} />
        {err("message")}
      </label>
      <div className="flex items-end gap-2">
        <Button type="submit" className="py-1">
          {stored ? "Save" : "Add rule"}
        </Button>
      </div>
    </Form>
  );
}

export default function AdminClimb() {
  const { rules, cache, runs, population } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const errorsFor = (id: string) =>
    result?.ruleId === id ? (result.errors as Record<string, string[]>) : {};
  const draftFor = (id: string) =>
    result && "draft" in result && result.ruleId === id ? (result.draft as Draft) : null;
  return (
    <div className="space-y-6">
      <Notice message={result?.message} />
      <Card title="Rules cache (this process)">
        <p className="text-sm" data-testid="rules-cache">
          Loaded {when(cache.loaded_at)} · expires {when(cache.expires_at)} · TTL {cache.ttl_seconds} s ·{" "}
          {cache.loads} loads
        </p>
        <Form method="post" className="mt-2">
          <input type="hidden" name="intent" value="refresh-cache" />
          <Button type="submit" variant="secondary">
            Load now
          </Button>
        </Form>
      </Card>
      <Card title={`Coach rules (${rules.length}), checked in priority order before the model`}>
        <div className="space-y-4">
          {rules.map((r) => (
            <div
              key={r.id}
              className="rounded border border-slate-200 p-3 dark:border-slate-800"
              data-testid="rule"
            >
              <p className="text-sm">
                <strong>{r.name}</strong> · {r.action}
                {r.action === "override"
                  ? ` → ${r.session_type}`
                  : ` rules out ${r.excluded_types.join(", ")}`}{" "}
                · when <code>{describeCondition(r.condition as Condition)}</code>
                {r.enabled ? "" : " · disabled"}
              </p>
              <details className="mt-2">
                <summary className="cursor-pointer text-xs text-slate-600">Edit</summary>
                <div className="mt-2">
                  <RuleForm rule={r} draft={draftFor(r.id)} errors={errorsFor(r.id)} />
                  <Form method="post" className="mt-2">
                    <input type="hidden" name="intent" value="delete" />
                    <input type="hidden" name="id" value={r.id} />
                    <Button type="submit" variant="danger" className="py-1">
                      Delete
                    </Button>
                  </Form>
                </div>
              </details>
            </div>
          ))}
          <div className="rounded border border-dashed border-slate-300 p-3 dark:border-slate-700">
            <p className="mb-2 text-sm font-semibold">New rule</p>
            <RuleForm
              key={`new-${rules.length}`}
              rule={null}
              draft={draftFor("new")}
              errors={errorsFor("new")}
            />
          </div>
        </div>
      </Card>
      <Card title="Full hierarchical fits (climb.train-nightly, 02:00 UTC)">
        <p className="mb-2 text-xs text-slate-500">
          Population cache: loaded {when(population.loaded_at)}, TTL {population.ttl_seconds} s. A fit is used
          only when every R-hat is below 1.1 and every effective sample size above 100.
        </p>
        <Form method="post" className="mb-3">
          <input type="hidden" name="intent" value="train" />
          <Button type="submit">Run the full fit now</Button>
        </Form>
        <table className="w-full text-sm" data-testid="climb-runs">
          <thead>
            <tr className="text-left text-slate-500">
              <th>Started</th>
              <th>Status</th>
              <th>Climbers</th>
              <th>Sessions</th>
              <th>Max R-hat</th>
              <th>Min ESS</th>
              <th>Used</th>
              <th>Time</th>
            </tr>
          </thead>
          <tbody>
            {runs.map((r) => (
              <tr key={r.id}>
                <td>{when(r.started_at)}</td>
                <td>
                  {r.status}
                  {r.status === "running" ? ` ${Math.round(r.progress * 100)}%` : ""}
                  {r.error ? `: ${r.error}` : ""}
                </td>
                <td>{r.climbers}</td>
                <td>{r.sessions}</td>
                <td>{r.max_rhat?.toFixed(3) ?? "–"}</td>
                <td>{r.min_ess?.toFixed(0) ?? "–"}</td>
                <td>{r.converged === null ? "–" : r.converged ? "yes" : "no (not converged)"}</td>
                <td>{r.duration_ms ? `${(r.duration_ms / 1000).toFixed(1)} s` : "–"}</td>
              </tr>
            ))}
          </tbody>
        </table>
        {runs.find((r) => r.converged)?.population ? (
          <PopulationTable
            population={
              runs.find((r) => r.converged)!.population as unknown as { mean: number[]; tau: number[] }
            }
          />
        ) : null}
      </Card>
    </div>
  );
}

function PopulationTable({ population }: { population: { mean: number[]; tau: number[] } }) {
  return (
    <table className="mt-4 w-full text-sm" data-testid="population">
      <caption className="text-left text-xs text-slate-500">
        Latest converged population: mean and between-climber sd
      </caption>
      <tbody>
        {COEFFICIENT_NAMES.map((name, k) => (
          <tr key={name}>
            <td>{name}</td>
            <td className="tabular-nums">{population.mean[k]?.toFixed(3)}</td>
            <td className="tabular-nums">± {population.tau[k]?.toFixed(3)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
