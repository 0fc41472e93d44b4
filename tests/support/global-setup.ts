import { execFile } from "node:child_process";
import fs from "node:fs/promises";
import path from "node:path";
import { promisify } from "node:util";
import type { TestProject } from "vitest/node";
import { createDb, withDatabase } from "../../db/client.ts";
import { startEmbeddedPostgres, tempDataDir, type EmbeddedPostgres } from "../../db/embedded.ts";
import { runMigrations } from "../../db/migrate.ts";
import { root, startServerProcess, stopServerProcess, type ServerProcess } from "./server-process.ts";

/**
 * One embedded PostgreSQL for the whole run. A migrated template database lets each test file get a fresh
 * database in milliseconds (CREATE DATABASE ... TEMPLATE). The production build is made once and the real
 * server (server.ts) is started against its own database for the HTTP tests.
 */
const run = promisify(execFile);
export const TEMPLATE_DB = "praxis_template";

declare module "vitest" {
  export interface ProvidedContext {
    pgUrl: string;
    templateDb: string;
    baseUrl: string;
    httpDbUrl: string;
  }
}

let pg: EmbeddedPostgres | undefined;
let server: ServerProcess | undefined;
let dataRoot: string | undefined;

export default async function setup(project: TestProject) {
  dataRoot = path.dirname(await tempDataDir("praxis-test-"));
  pg = await startEmbeddedPostgres({ dir: path.join(dataRoot, "pg") });
  const admin = createDb(pg.url, { max: 1 });
  await admin.sql.unsafe(`create database ${TEMPLATE_DB}`);
  const template = createDb(withDatabase(pg.url, TEMPLATE_DB), { max: 1 });
  await runMigrations(template);
  await template.sql.end();
  await admin.sql.unsafe(`create database praxis_http template ${TEMPLATE_DB}`);
  await admin.sql.end();

  await run(path.join(root, "node_modules/.bin/remix"), ["vite:build"], { cwd: root });
  server = await startServerProcess(
    {
      DATABASE_URL: withDatabase(pg.url, "praxis_http"),
      SESSION_SECRET: "integration-test-secret-0123456789abcdef",
      ADMIN_EMAIL: "admin@test.local",
      ADMIN_PASSWORD: "admin-password-123",
      // The tests send X-Forwarded-For so per-IP limits can be exercised without tripping each other.
      TRUST_PROXY: "true",
      COOKIE_SECURE: "false",
    },
    path.join(dataRoot, "server.log"),
  );
  const baseUrl = server.url;

  project.provide("pgUrl", pg.url);
  project.provide("templateDb", TEMPLATE_DB);
  project.provide("baseUrl", baseUrl);
  project.provide("httpDbUrl", withDatabase(pg.url, "praxis_http"));

  return async () => {
    await stopServer();
    await pg?.stop();
    if (dataRoot) await fs.rm(dataRoot, { recursive: true, force: true });
  };
}

async function stopServer(): Promise<void> {
  if (server) await stopServerProcess(server);
}
