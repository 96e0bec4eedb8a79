import nextVitals from "eslint-config-next/core-web-vitals";
import nextTs from "eslint-config-next/typescript";

const config = [
  ...nextVitals,
  ...nextTs,
  { ignores: [".next/**", "node_modules/**", ".data/**", "test-results/**", "playwright-report/**", "next-env.d.ts"] },
  {
    rules: {
      "@typescript-eslint/no-explicit-any": "error",
      "@typescript-eslint/ban-ts-comment": "error",
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
    },
  },
  {
    // Only the domain layer talks to the database; pages and route handlers go through lib/<domain>.
    files: ["app/**", "components/**", "server.ts", "lib/realtime/**", "lib/http/**"],
    rules: {
      "no-restricted-imports": ["error", { patterns: [{ group: ["@/lib/db/models/*", "**/db/models/*"], message: "Call a use case in lib/<domain> instead of a model." }] }],
    },
  },
];

export default config;
