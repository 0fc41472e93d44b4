import fs from "node:fs/promises";
import path from "node:path";
import type { TestProject } from "vitest/node";
import { tempDataDir } from "../../db/embedded.ts";
import { startServerProcess, stopServerProcess } from "../support/server-process.ts";

export const E2E_ADMIN = { email: "admin@e2e.test", password: "e2e-admin-password" };

declare module "vitest" {
  export interface ProvidedContext {
    e2eUrl: string;
  }
}

/** The real server in production mode on a fresh embedded database, exactly as `npm start` runs it. */
export default async function setup(project: TestProject) {
  const dir = path.dirname(await tempDataDir("praxis-e2e-"));
  const server = await startServerProcess(
    {
      EMBEDDED_PG_DIR: path.join(dir, "pg"),
      ADMIN_EMAIL: E2E_ADMIN.email,
      ADMIN_PASSWORD: E2E_ADMIN.password,
      SEED_DEMO_DATA: "true",
    },
    path.join(dir, "server.log"),
  );
  project.provide("e2eUrl", server.url);
  return async () => {
    await stopServerProcess(server);
    await fs.rm(dir, { recursive: true, force: true });
  };
}
