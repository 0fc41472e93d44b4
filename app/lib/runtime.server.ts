import { randomBytes } from "node:crypto";
import fs from "node:fs/promises";
import path from "node:path";
import { createDb, setDb, type DbHandle } from "../../db/client.ts";
import { startEmbeddedPostgres, type EmbeddedPostgres } from "../../db/embedded.ts";
import { runMigrations } from "../../db/migrate.ts";
import { seedIfEmpty } from "../../db/seed/index.ts";
import { seedAchievements } from "../modules/learn/achievements/achievements.server.ts";
import { startBoss, stopBoss } from "../../jobs/boss.ts";
import { ensureAdmin } from "../modules/auth/users.server.ts";
import { ensureDefaultVocabulary } from "../modules/learn/vocabulary.server.ts";
import { ensureDefaultCorpus } from "../modules/typing/corpus.server.ts";
import { syncModuleCatalog } from "../modules/recs/cross-module-catalog.server.ts";
import { env, seedDemoData, setLocalSessionSecret } from "./env.server.ts";
import { logger } from "./logger.server.ts";

/**
 * Brings the process's stateful parts up in order: Postgres (given or embedded), migrations, seeds,
 * first admin, pg-boss, then the library's catalog of other modules' practice. HTTP starts only after this
 * resolves. `stop()` undoes it in reverse.
 */
export interface Runtime {
  db: DbHandle;
  embedded: EmbeddedPostgres | null;
  stop(timeoutMs?: number): Promise<void>;
}

export interface RuntimeOptions {
  jobs?: boolean;
  work?: boolean;
  migrate?: boolean;
  seed?: boolean;
}

export async function startRuntime(options: RuntimeOptions = {}): Promise<Runtime> {
  const config = env();
  const log = logger();
  let embedded: EmbeddedPostgres | null = null;
  let url = config.DATABASE_URL;
  if (!url) {
    embedded = await startEmbeddedPostgres({ dir: config.EMBEDDED_PG_DIR, log: (m) => log.info(m) });
    url = embedded.url;
    await ensureLocalSecret(path.dirname(path.resolve(config.EMBEDDED_PG_DIR)));
  }
  const handle = createDb(url, { max: config.DATABASE_POOL_MAX });
  setDb(handle);
  try {
    if (options.migrate ?? true) await runMigrations(handle);
    if (options.migrate ?? true) {
      // Module content every instance needs (not demo data): loaded once into an empty table.
      const corpus = await ensureDefaultCorpus();
      if (corpus)
        log.info(
          { added: corpus.added, rejected: corpus.rejected.length },
          "loaded the default typing corpus",
        );
      await seedAchievements();
      const vocabulary = await ensureDefaultVocabulary();
      if (vocabulary)
        log.info(
          { added: vocabulary.added, rejected: vocabulary.rejected.length },
          "loaded the default French vocabulary",
        );
    }
    if ((options.seed ?? true) && seedDemoData() && (await seedIfEmpty())) log.info("seeded demo data");
    if (config.ADMIN_EMAIL && config.ADMIN_PASSWORD) {
      const outcome = await ensureAdmin(config.ADMIN_EMAIL, config.ADMIN_PASSWORD);
      if (outcome !== "present") log.info({ email: config.ADMIN_EMAIL }, `admin account ${outcome}`);
    }
    if (options.jobs ?? true) await startBoss({ url, work: options.work ?? true, max: 4 });
    // Other modules' practice in the library's catalog, after the seeds (and once the queue can take the
    // reindex new items need). A failure is logged: the library still works, and the next start retries.
    if (options.migrate ?? true)
      await syncModuleCatalog().then(
        (result) => log.info({ result }, "module catalog synced"),
        (error: unknown) => log.error({ err: error }, "module catalog sync failed"),
      );
  } catch (error) {
    await handle.sql.end({ timeout: 2 }).catch(() => undefined);
    await embedded?.stop();
    throw error;
  }

  let stopping: Promise<void> | null = null;
  return {
    db: handle,
    embedded,
    stop(timeoutMs = config.SHUTDOWN_TIMEOUT_MS) {
      stopping ??= (async () => {
        // Jobs get most of the budget; closing the pool and stopping Postgres take well under a second.
        await stopBoss(Math.max(1000, timeoutMs - 1000)).catch((e) =>
          log.error({ err: e }, "pg-boss stop failed"),
        );
        await handle.sql.end({ timeout: 2 }).catch(() => undefined);
        setDb(undefined);
        await embedded?.stop();
      })();
      return stopping;
    },
  };
}

/** Local mode only: a random session secret kept beside the embedded data so sessions survive restarts. */
async function ensureLocalSecret(dataDir: string): Promise<void> {
  if (env().SESSION_SECRET) return;
  const file = path.join(dataDir, "session-secret");
  let secret = await fs.readFile(file, "utf8").catch(() => "");
  if (secret.trim().length < 32) {
    secret = randomBytes(32).toString("base64url");
    await fs.writeFile(file, secret, { mode: 0o600 });
  }
  setLocalSessionSecret(secret.trim());
}
