import { pino, type Logger } from "pino";

/**
 * JSON logs. Anything that can carry a secret is redacted at the source so no transport can leak it;
 * tests scan captured logs for known secrets.
 */
export const REDACT_PATHS = [
  "password",
  "*.password",
  "token",
  "*.token",
  "secret",
  "*.secret",
  "req.headers.authorization",
  "req.headers.cookie",
  'res.headers["set-cookie"]',
  "headers.authorization",
  "headers.cookie",
];

const holder = globalThis as typeof globalThis & { __praxisLogger?: Logger };

export function createLogger(level = process.env.LOG_LEVEL ?? "info"): Logger {
  return pino({
    level,
    base: { service: "praxis" },
    redact: { paths: REDACT_PATHS, censor: "[redacted]" },
    timestamp: pino.stdTimeFunctions.isoTime,
  });
}

export function logger(): Logger {
  holder.__praxisLogger ??= createLogger();
  return holder.__praxisLogger;
}

export function setLogger(value: Logger): void {
  holder.__praxisLogger = value;
}
