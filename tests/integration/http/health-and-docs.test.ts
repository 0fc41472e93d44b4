import { describe, expect, it } from "vitest";
import { call } from "../../support/http";

describe("operations endpoints", () => {
  it("/health answers without touching the database", async () => {
    const response = await call("/health");
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ status: "ok" });
  });

  it("/api/health reports database and queue checks", async () => {
    const response = await call("/api/health");
    expect(response.status).toBe(200);
    const body = await response.json();
    expect(body).toMatchObject({
      status: "healthy",
      version: expect.any(String),
      checks: { database: { status: "ok" }, queue: { status: "ok" } },
    });
    expect(Date.parse(body.timestamp)).not.toBeNaN();
  });

  it("/metrics exposes HTTP and job metrics in Prometheus format", async () => {
    await call("/api/me");
    const text = await (await call("/metrics")).text();
    expect(text).toContain(
      'praxis_http_request_duration_seconds_bucket{le="0.005",method="GET",route="/api/me",status="401"}',
    );
    expect(text).toContain('praxis_job_queue_jobs{queue="auth.purge-expired-sessions"');
    expect(text).toContain("praxis_process_cpu_user_seconds_total");
  });

  it("sends security headers with a per-request CSP nonce on pages", async () => {
    const a = await call("/login");
    const b = await call("/login");
    const csp = a.headers.get("content-security-policy")!;
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).toMatch(/script-src 'self' 'nonce-[^']+'/);
    expect(csp).not.toBe(b.headers.get("content-security-policy"));
    expect(a.headers.get("x-content-type-options")).toBe("nosniff");
    expect(a.headers.get("referrer-policy")).toBe("strict-origin-when-cross-origin");
    expect(a.headers.get("x-request-id")).toMatch(/^[0-9a-f-]{36}$/);
    const html = await a.text();
    const nonce = /'nonce-([^']+)'/.exec(csp)![1]!;
    expect(html).toContain(`nonce="${nonce}"`);
  });

  it("serves an OpenAPI 3.1 document and a readable reference", async () => {
    const doc = await (await call("/api/openapi.json")).json();
    expect(doc.openapi).toBe("3.1.0");
    expect(Object.keys(doc.paths)).toEqual(
      expect.arrayContaining(["/api/me", "/api/tokens", "/api/tokens/{id}", "/api/health"]),
    );
    const page = await call("/api/docs");
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain("/api/tokens/{id}");
    expect(html).toContain("Create an API token");
  });

  it("serves hashed assets with long-lived caching and compresses HTML", async () => {
    const html = await (await call("/login")).text();
    const asset = /\/assets\/[^"]+\.js/.exec(html)![0];
    const response = await call(asset);
    expect(response.status).toBe(200);
    expect(response.headers.get("cache-control")).toContain("immutable");
    const page = await fetch(`${(await import("../../support/http")).baseUrl()}/login`, {
      headers: { "Accept-Encoding": "gzip" },
    });
    expect(page.headers.get("content-encoding")).toBe("gzip");
  });
});
