import { asc, eq, sql } from "drizzle-orm";
import { db } from "../../../db/client.ts";
import { climbRules } from "../../../db/schema/index.ts";
import { env } from "../../lib/env.server.ts";
import { logger } from "../../lib/logger.server.ts";
import { validConditionSchema, type Condition, type Facts, evaluateCondition } from "./rule-conditions.ts";
import type { RuleInput } from "./schemas.ts";
import type { ModelledType, SessionType } from "./session-types.ts";
import { cacheStatusJson, ttlCache, type TtlCache } from "../../lib/ttl-cache.ts";

export interface Rule {
  id: string;
  name: string;
  condition: Condition;
  action: "override" | "constraint";
  sessionType: SessionType | null;
  excludedTypes: ModelledType[];
  message: string;
  priority: number;
  enabled: boolean;
  updatedAt: Date;
}

type Row = typeof climbRules.$inferSelect;

function toRule(row: Row): Rule | null {
  // Rows are validated at save; a row edited by hand into something invalid is skipped, loudly.
  const condition = validConditionSchema.safeParse(row.condition);
  if (!condition.success) {
    logger().error(
      { ruleId: row.id, issues: condition.error.issues },
      "climb rule has an invalid condition; skipped",
    );
    return null;
  }
  return {
    id: row.id,
    name: row.name,
    condition: condition.data,
    action: row.action,
    sessionType: row.sessionType as SessionType | null,
    excludedTypes: row.excludedTypes as ModelledType[],
    message: row.message,
    priority: row.priority,
    enabled: row.enabled,
    updatedAt: row.updatedAt,
  };
}

async function loadEnabledRules(): Promise<Rule[]> {
  const rows = await db()
    .select()
    .from(climbRules)
    .where(eq(climbRules.enabled, true))
    .orderBy(asc(climbRules.priority), asc(climbRules.name));
  return rows.map(toRule).filter((r): r is Rule => r !== null);
}

const holder = globalThis as typeof globalThis & { __praxisClimbRules?: TtlCache<Rule[]> };

/** The enabled rules, from this process's cache (RULES_CACHE_TTL_SECONDS), in priority order. */
function rulesCache(): TtlCache<Rule[]> {
  holder.__praxisClimbRules ??= ttlCache(
    loadEnabledRules,
    () => env().RULES_CACHE_TTL_SECONDS,
    (rules) => logger().info({ rules: rules.length }, `[climb] rules cache refreshed: ${rules.length} rules`),
  );
  return holder.__praxisClimbRules;
}

export const cachedRules = () => rulesCache().get();
/** Drops this process's copy and loads the rules again now (the admin's "Load now"). */
export function reloadRules(): Promise<Rule[]> {
  rulesCache().invalidate();
  return rulesCache().get();
}

export interface RuleOutcome {
  override: Rule | null;
  constraints: Rule[];
}

/** Checks the rules in priority order: the first override that fires wins; every firing constraint applies. */
export function applyRules(rules: readonly Rule[], facts: Facts): RuleOutcome {
  const constraints: Rule[] = [];
  for (const rule of rules) {
    if (!evaluateCondition(rule.condition, facts)) continue;
    if (rule.action === "override") return { override: rule, constraints };
    constraints.push(rule);
  }
  return { override: null, constraints };
}

export async function listAllRules(): Promise<Rule[]> {
  const rows = await db().select().from(climbRules).orderBy(asc(climbRules.priority), asc(climbRules.name));
  return rows.map(toRule).filter((r): r is Rule => r !== null);
}

function values(input: RuleInput, adminId: string) {
  return {
    name: input.name,
    condition: input.condition,
    action: input.action,
    sessionType: input.action === "override" ? input.session_type : null,
    excludedTypes: input.action === "constraint" ? input.excluded_types : [],
    message: input.message,
    priority: input.priority,
    enabled: input.enabled,
    updatedBy: adminId,
  };
}

export async function createRule(input: RuleInput, adminId: string): Promise<Rule> {
  const [row] = await db().insert(climbRules).values(values(input, adminId)).returning();
  rulesCache().invalidate();
  return toRule(row!)!;
}

export async function updateRule(id: string, input: RuleInput, adminId: string): Promise<Rule | null> {
  const [row] = await db()
    .update(climbRules)
    .set({ ...values(input, adminId), updatedAt: sql`now()` })
    .where(eq(climbRules.id, id))
    .returning();
  rulesCache().invalidate();
  return row ? toRule(row) : null;
}

export async function deleteRule(id: string): Promise<boolean> {
  const rows = await db().delete(climbRules).where(eq(climbRules.id, id)).returning({ id: climbRules.id });
  rulesCache().invalidate();
  return rows.length > 0;
}

export function ruleJson(r: Rule) {
  return {
    id: r.id,
    name: r.name,
    condition: r.condition,
    action: r.action,
    session_type: r.sessionType,
    excluded_types: r.excludedTypes,
    message: r.message,
    priority: r.priority,
    enabled: r.enabled,
    updated_at: r.updatedAt.toISOString(),
  };
}

/** What the admin page shows of this process's rules cache. */
export const rulesCacheJson = () => cacheStatusJson(rulesCache());
