import nextVitals from "eslint-config-next/core-web-vitals";
import nextTs from "eslint-config-next/typescript";

/**
 * The layers and the arrows between them (ARCHITECTURE.md, "Layers"):
 *   edges (app/, lib/http, lib/socket, lib/openapi, server.ts, workers/) → domains (lib/<domain>) → access (lib/access)
 *   → infrastructure (lib/db, lib/livekit, lib/realtime, lib/*.ts); browser code (lib/client, lib/query,
 *   components, "use client" files) stands apart and imports server code's types only.
 * The arrows that must never exist are errors here.
 */
const DOMAINS = ["accounts", "streams", "chat", "media", "recordings", "moderation", "payments", "analytics", "demo", "guests"];
const domainModules = DOMAINS.map((d) => `@/lib/${d}/*`);
const edges = ["@/lib/http/*", "@/lib/socket/*", "@/lib/openapi/*", "@/app/*", "@/server", "@/workers/*"];
const browser = ["@/lib/client/*", "@/lib/query/*", "@/components/*"];
const models = { group: ["@/lib/db/models/*", "**/db/models/*"], message: "Only domains (lib/<domain>, lib/access) read and write models: call a use case." };

/** What browser code may import from the server side: zod schemas and small pure modules shared by both. */
const SHARED = "(client|query)/|[^/]+/schemas$|streams/(categories|status)$|chat/(emojis|text|limits)$|accounts/callback-path$|media/identities$|guests/stage-layout$|realtime/stream-batches$";
const serverForBrowser = {
  regex: `^@/(server$|lib/(?!${SHARED}))`,
  message: "Browser code imports server modules' types only (import type), or their zod schemas.",
  allowTypeImports: true,
};

const restrict = (...patterns) => ["error", { patterns }];

/** "use client" files anywhere under app/ are browser code too; folders cannot say which they are. */
const clientFiles = {
  meta: { type: "problem", schema: [] },
  create(context) {
    const first = context.sourceCode.ast.body[0];
    const isClient = first?.type === "ExpressionStatement" && first.directive === "use client";
    if (!isClient) return {};
    const allowed = new RegExp(`^@/lib/(${SHARED})`);
    return {
      ImportDeclaration(node) {
        const src = String(node.source.value);
        if (node.importKind === "type" || !src.startsWith("@/lib/") || allowed.test(src)) return;
        context.report({ node, message: `A "use client" file imports server code (${src}): import its type only, or go through lib/client.` });
      },
    };
  },
};

const config = [
  ...nextVitals,
  ...nextTs,
  { ignores: [".next/**", "node_modules/**", ".data/**", "test-results/**", "playwright-report/**", "next-env.d.ts"] },
  {
    plugins: { layers: { rules: { "client-imports": clientFiles } } },
    rules: {
      "@typescript-eslint/no-explicit-any": "error",
      "@typescript-eslint/ban-ts-comment": "error",
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
      "layers/client-imports": "error",
    },
  },
  {
    // Edges and everything outside lib/: never a model.
    files: ["app/**", "components/**", "server.ts", "lib/http/**", "lib/socket/**", "lib/openapi/**", "scripts/**", "tests/**", "e2e/**", "bench/**"],
    rules: { "@typescript-eslint/no-restricted-imports": restrict(models) },
  },
  {
    // Server-side edges: never a model, never browser code (pages under app/ may render components).
    files: ["server.ts", "lib/http/**", "lib/socket/**", "lib/openapi/**", "workers/**"],
    rules: { "@typescript-eslint/no-restricted-imports": restrict(models, { group: browser, message: "Server code imports no browser code." }) },
  },
  {
    // Infrastructure: no domain, no access rule, no edge, no browser code, no model.
    files: ["lib/db/**", "lib/livekit/**", "lib/realtime/**", "lib/*.ts"],
    ignores: ["lib/db/models/**", "lib/*.test.ts"],
    rules: {
      "@typescript-eslint/no-restricted-imports": restrict(
        { group: [...domainModules, "@/lib/access", "@/lib/access/*"], message: "Infrastructure serves the domains and never calls into them: pass a callback or emit a change (lib/events.ts)." },
        { group: [...edges, ...browser], message: "Infrastructure imports no edge and no browser code." },
        { group: ["@/lib/db/models/*"], message: "Infrastructure does not read models; domains do." },
      ),
    },
  },
  {
    // Access: policy over infrastructure and models; domains' types only.
    files: ["lib/access/**"],
    ignores: ["lib/access/*.test.ts"],
    rules: {
      "@typescript-eslint/no-restricted-imports": restrict(
        { group: domainModules, message: "The access module is below the domains: it may import their types only.", allowTypeImports: true },
        { group: [...edges, ...browser], message: "The access module imports no edge and no browser code." },
      ),
    },
  },
  {
    // Domains: no edge, no browser code.
    files: DOMAINS.map((d) => `lib/${d}/**`),
    rules: {
      "@typescript-eslint/no-restricted-imports": restrict({ group: [...edges, ...browser], message: "Domains know nothing of HTTP, sockets or the browser: the edges call them." }),
    },
  },
  {
    // Browser code: server code's types and schemas only, and never a model.
    files: ["lib/client/**", "lib/query/**", "components/**"],
    rules: { "@typescript-eslint/no-restricted-imports": restrict(models, serverForBrowser) },
  },
];

export default config;
