import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { apiEndpoints } from "~/lib/api-endpoints.server";
import { buildOpenApiDocument } from "~/lib/openapi.server";

export const meta: MetaFunction = () => [{ title: "API reference · Praxis" }];

interface Operation {
  summary: string;
  description?: string;
  tags: string[];
  security: object[];
  parameters: { name: string; in: string; required: boolean; description?: string; schema: unknown }[];
  requestBody?: { content: Record<string, { schema: unknown }> };
  responses: Record<string, { description: string; content?: Record<string, { schema: unknown }> }>;
}

export function loader({ request }: LoaderFunctionArgs) {
  const doc = buildOpenApiDocument(apiEndpoints, new URL(request.url).origin);
  const operations = Object.entries(doc.paths).flatMap(([path, methods]) =>
    Object.entries(methods as Record<string, Operation>).map(([method, op]) => ({ path, method, op })),
  );
  const tags = [...new Set(operations.map((o) => o.op.tags[0] ?? "other"))];
  return { info: doc.info, tags, operations };
}

const METHOD_STYLE: Record<string, string> = {
  get: "bg-sky-100 text-sky-900 dark:bg-sky-900 dark:text-sky-100",
  post: "bg-emerald-100 text-emerald-900 dark:bg-emerald-900 dark:text-emerald-100",
  patch: "bg-amber-100 text-amber-900 dark:bg-amber-900 dark:text-amber-100",
  put: "bg-amber-100 text-amber-900 dark:bg-amber-900 dark:text-amber-100",
  delete: "bg-red-100 text-red-900 dark:bg-red-900 dark:text-red-100",
};

function Schema({ value }: { value: unknown }) {
  return (
    <pre className="mt-1 max-h-80 overflow-auto rounded bg-slate-100 p-3 text-xs dark:bg-slate-950">
      {JSON.stringify(value, null, 2)}
    </pre>
  );
}

export default function ApiDocs() {
  const { info, tags, operations } = useLoaderData<typeof loader>();
  return (
    <div className="space-y-8">
      <div>
        <h1 className="text-3xl font-bold">{info.title}</h1>
        <p className="mt-2 max-w-3xl text-slate-700 dark:text-slate-300">{info.description}</p>
        <p className="mt-2 text-sm">
          Machine-readable:{" "}
          <a className="text-brand-600 underline dark:text-brand-100" href="/api/openapi.json">
            /api/openapi.json
          </a>{" "}
          (OpenAPI 3.1, version {info.version})
        </p>
      </div>
      <nav aria-label="API sections" className="flex flex-wrap gap-2 text-sm">
        {tags.map((t) => (
          <a
            key={t}
            href={`#${t}`}
            className="rounded-full border border-slate-300 px-3 py-1 dark:border-slate-700"
          >
            {t}
          </a>
        ))}
      </nav>
      {tags.map((tag) => (
        <section key={tag} id={tag} className="space-y-4">
          <h2 className="text-2xl font-semibold capitalize">{tag}</h2>
          {operations
            .filter((o) => (o.op.tags[0] ?? "other") === tag)
            .map(({ path, method, op }) => (
              <details
                key={`${method} ${path}`}
                className="rounded-lg border border-slate-200 bg-white p-4 dark:border-slate-800 dark:bg-slate-900"
              >
                <summary className="cursor-pointer list-none">
                  <span
                    className={`mr-3 inline-block w-16 rounded px-2 py-0.5 text-center font-mono text-xs font-bold uppercase ${METHOD_STYLE[method] ?? ""}`}
                  >
                    {method}
                  </span>
                  <code className="font-mono text-sm">{path}</code>
                  <span className="ml-3 text-sm text-slate-600 dark:text-slate-400">{op.summary}</span>
                </summary>
                <div className="mt-4 space-y-3 text-sm">
                  {op.description ? <p>{op.description}</p> : null}
                  <p>
                    <span className="font-medium">Auth:</span>{" "}
                    {op.security.length === 0 ? "none" : "session cookie or Bearer token"}
                  </p>
                  {op.parameters.length > 0 ? (
                    <div>
                      <h3 className="font-medium">Parameters</h3>
                      <ul className="list-inside list-disc">
                        {op.parameters.map((p) => (
                          <li key={`${p.in}-${p.name}`}>
                            <code>{p.name}</code> ({p.in}
                            {p.required ? ", required" : ""}){" "}
                            <code className="text-xs">{JSON.stringify(p.schema)}</code>
                            {p.description ? ` — ${p.description}` : ""}
                          </li>
                        ))}
                      </ul>
                    </div>
                  ) : null}
                  {op.requestBody ? (
                    <div>
                      <h3 className="font-medium">Request body (application/json)</h3>
                      <Schema value={Object.values(op.requestBody.content)[0]?.schema} />
                    </div>
                  ) : null}
                  <div>
                    <h3 className="font-medium">Responses</h3>
                    <ul className="space-y-2">
                      {Object.entries(op.responses).map(([status, r]) => (
                        <li key={status}>
                          <span className="font-mono font-semibold">{status}</span> {r.description}
                          {r.content &&
                          !String(
                            Object.values(r.content)[0]?.schema &&
                              JSON.stringify(Object.values(r.content)[0]?.schema),
                          ).includes("#/components") ? (
                            <Schema value={Object.values(r.content)[0]?.schema} />
                          ) : null}
                        </li>
                      ))}
                    </ul>
                  </div>
                </div>
              </details>
            ))}
        </section>
      ))}
    </div>
  );
}
