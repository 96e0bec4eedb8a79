import type { Metadata } from "next";
import { openApiDocument } from "@/lib/openapi/document";

export const metadata: Metadata = { title: "API reference" };

type Op = {
  summary?: string;
  description?: string;
  tags?: string[];
  security?: unknown[];
  parameters?: { name: string; in: string; required: boolean }[];
  requestBody?: { content: Record<string, { schema: unknown }> };
  responses: Record<string, unknown>;
};

const METHOD_STYLE: Record<string, string> = {
  get: "bg-sky-900 text-sky-200",
  post: "bg-emerald-900 text-emerald-200",
  patch: "bg-amber-900 text-amber-200",
  put: "bg-amber-900 text-amber-200",
  delete: "bg-red-900 text-red-200",
};

/** Human-readable rendering of /api/openapi.json: same document, no third-party viewer. */
export default function ApiDocsPage() {
  const doc = openApiDocument("/");
  const entries = Object.entries(doc.paths).flatMap(([path, methods]) => Object.entries(methods as Record<string, Op>).map(([method, op]) => ({ path, method, op })));
  return (
    <div className="flex flex-col gap-6">
      <header>
        <h1 className="text-3xl font-bold">API reference</h1>
        <p className="mt-2 max-w-3xl text-muted">
          {doc.info.description} Authenticate with <code className="rounded bg-surface-2 px-1">Authorization: Bearer &lt;token&gt;</code> from{" "}
          <code className="rounded bg-surface-2 px-1">POST /api/auth/login</code>. Machine-readable:{" "}
          <a href="/api/openapi.json" className="text-accent hover:underline">
            /api/openapi.json
          </a>{" "}
          (OpenAPI {doc.openapi}).
        </p>
      </header>
      <ul className="flex flex-col gap-3">
        {entries.map(({ path, method, op }) => (
          <li key={`${method} ${path}`} className="rounded-xl border border-border bg-surface">
            <details>
              <summary className="flex cursor-pointer flex-wrap items-center gap-3 px-4 py-3">
                <span className={`rounded px-2 py-0.5 font-mono text-xs font-bold uppercase ${METHOD_STYLE[method] ?? ""}`}>{method}</span>
                <code className="font-mono text-sm">{path}</code>
                <span className="text-sm text-muted">{op.summary}</span>
                {op.security ? <span className="ml-auto rounded-full border border-border px-2 py-0.5 text-xs text-muted">auth</span> : null}
              </summary>
              <div className="grid gap-4 border-t border-border px-4 py-3 text-sm md:grid-cols-2">
                {op.description ? <p className="text-muted md:col-span-2">{op.description}</p> : null}
                {op.parameters?.length ? (
                  <div>
                    <h3 className="mb-1 font-semibold">Parameters</h3>
                    <ul className="text-muted">
                      {op.parameters.map((p) => (
                        <li key={p.name}>
                          <code>{p.name}</code> ({p.in}
                          {p.required ? ", required" : ""})
                        </li>
                      ))}
                    </ul>
                  </div>
                ) : null}
                {Object.entries(op.requestBody?.content ?? {}).map(([type, { schema }]) => (
                  <div key={type}>
                    <h3 className="mb-1 font-semibold">
                      Body <span className="font-normal text-muted">({type})</span>
                    </h3>
                    <pre className="max-h-64 overflow-auto rounded bg-bg p-2 text-xs">{JSON.stringify(schema, null, 2)}</pre>
                  </div>
                ))}
                <div>
                  <h3 className="mb-1 font-semibold">Responses</h3>
                  <p className="text-muted">{Object.keys(op.responses).join(", ")}</p>
                </div>
              </div>
            </details>
          </li>
        ))}
      </ul>
    </div>
  );
}
