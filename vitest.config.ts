import tsconfigPaths from "vite-tsconfig-paths";
import { defineConfig } from "vitest/config";

// `npm test`: unit tests (no database) and integration tests against a real embedded PostgreSQL and the
// real production server over HTTP. End-to-end browser tests have their own config (vitest.e2e.config.ts).
export default defineConfig({
  plugins: [tsconfigPaths()],
  test: {
    env: {
      SESSION_SECRET: "test-secret-0123456789abcdef-0123456789",
      LOG_LEVEL: "silent",
    },
    projects: [
      {
        extends: true,
        test: {
          name: "unit",
          include: ["{app,db,jobs,ml,scripts}/**/*.test.ts"],
          environment: "node",
        },
      },
      {
        extends: true,
        test: {
          name: "integration",
          include: ["tests/integration/**/*.test.ts"],
          environment: "node",
          globalSetup: ["tests/support/global-setup.ts"],
          setupFiles: ["tests/support/database-per-file.ts"],
          testTimeout: 30_000,
          hookTimeout: 120_000,
          // Two cores: files run two at a time, each on its own database.
          maxWorkers: 2,
        },
      },
    ],
  },
});
