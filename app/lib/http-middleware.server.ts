import { randomBytes, randomUUID } from "node:crypto";
import type { NextFunction, Request, Response } from "express";
import helmet from "helmet";
import { problemBody, type ProblemInit } from "./api.server.ts";
import { metrics } from "./metrics.server.ts";
import { hasSessionCookie } from "./session.server.ts";

/** Express middleware shared by server.ts: ids, security headers, metrics, the cross-site check. */

/** Answers a problem+json from Express (the same body as api.server's problem()). */
export function sendProblem(res: Response, status: number, init: ProblemInit = {}): void {
  res.status(status);
  res.setHeader("Content-Type", "application/problem+json");
  res.setHeader("Cache-Control", "no-store");
  res.end(JSON.stringify(problemBody(status, init)));
}

const REQUEST_ID = /^[A-Za-z0-9._-]{8,100}$/;

export function requestId(req: Request, res: Response, next: NextFunction): void {
  const incoming = req.get("x-request-id");
  const id = incoming && REQUEST_ID.test(incoming) ? incoming : randomUUID();
  res.locals.requestId = id;
  res.locals.cspNonce = randomBytes(16).toString("base64");
  res.setHeader("X-Request-Id", id);
  next();
}

/** CSP with a per-request nonce for Remix's inline hydration scripts; dev relaxes it for Vite's HMR. */
export function securityHeaders(dev: boolean) {
  return helmet({
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        "default-src": ["'self'"],
        "script-src": dev
          ? ["'self'", "'unsafe-inline'"]
          : ["'self'", (_req, res) => `'nonce-${(res as Response).locals.cspNonce as string}'`],
        "style-src": ["'self'", "'unsafe-inline'"],
        "img-src": ["'self'", "data:", "blob:"],
        "font-src": ["'self'", "data:"],
        "connect-src": dev ? ["'self'", "ws:", "wss:"] : ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
      },
    },
    referrerPolicy: { policy: "strict-origin-when-cross-origin" },
    frameguard: { action: "deny" },
    crossOriginEmbedderPolicy: false,
    hsts: dev ? false : { maxAge: 15_552_000, includeSubDomains: true },
  });
}

const ID_SEGMENT =
  /^(?:[0-9]+|[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}|[A-Za-z0-9_-]{24,})$/i;

/** Collapses ids in a path so the route label has bounded cardinality. */
export function routeLabel(path: string): string {
  if (path.startsWith("/assets/")) return "/assets/*";
  return (
    path
      .split("/")
      .map((s) => (ID_SEGMENT.test(s) ? ":id" : s))
      .join("/") || "/"
  );
}

export function httpMetrics(req: Request, res: Response, next: NextFunction): void {
  const stop = metrics().httpDuration.startTimer();
  res.on("finish", () => {
    stop({ method: req.method, route: routeLabel(req.path), status: String(res.statusCode) });
  });
  next();
}

const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

/**
 * Cross-site request protection. A state-changing request from a browser on another origin is refused,
 * whether or not it carries our cookie (so a foreign page cannot log a victim into its own account either).
 * A cookie-authenticated mutation with no Origin header must at least say Sec-Fetch-Site: same-origin.
 * Bearer-token requests carry no ambient credential and pass; so do cookie-less non-browser clients.
 */
export function sameOriginCheck(allowedOrigins: () => string[]) {
  return (req: Request, res: Response, next: NextFunction): void => {
    if (SAFE_METHODS.has(req.method) || req.get("authorization")) return next();
    const origin = req.get("origin");
    const own = `${req.protocol}://${req.get("host")}`;
    let ok: boolean;
    if (origin) ok = origin === own || allowedOrigins().includes(origin);
    else if (hasSessionCookie(req.get("cookie"))) ok = req.get("sec-fetch-site") === "same-origin";
    else ok = true;
    if (ok) return next();
    sendProblem(res, 403, {
      title: "Cross-site request refused",
      detail: "State-changing requests must come from this site",
    });
  };
}

/** Early 413 for API bodies whose declared length is over the limit (routes also enforce it while reading). */
export function apiBodyLimit(limit: () => number) {
  return (req: Request, res: Response, next: NextFunction): void => {
    const length = Number(req.get("content-length") ?? "0");
    if (req.path.startsWith("/api/") && length > limit()) {
      sendProblem(res, 413, { detail: `The body exceeds the limit of ${limit()} bytes` });
      return;
    }
    next();
  };
}
