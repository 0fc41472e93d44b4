import { defineConfig } from "vitest/config";

// End-to-end: the production build on its own embedded Postgres, driven by Debian's Chromium.
export default defineConfig({
  test: {
    include: ["tests/e2e/**/*.e2e.test.ts"],
    globalSetup: ["tests/e2e/global-setup.ts"],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    fileParallelism: false,
    env: { LOG_LEVEL: "silent" },
  },
});
