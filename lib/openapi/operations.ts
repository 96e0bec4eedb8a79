import { z, type ZodType } from "zod";
import { authResultSchema, loginInput, publicUserSchema, registerInput, selfUserSchema } from "@/lib/accounts/schemas";

export type Operation = {
  method: "get" | "post" | "patch" | "put" | "delete";
  path: string;
  summary: string;
  tag: string;
  auth?: "required" | "optional";
  params?: ZodType;
  query?: ZodType;
  body?: ZodType;
  response?: ZodType;
  status?: number;
  errors?: number[];
};

const healthCheck = z.object({ ok: z.boolean(), latencyMs: z.number(), error: z.string().optional() });

/** Every REST operation, described from the same zod schemas the routes parse with. */
export const operations: Operation[] = [
  {
    method: "post", path: "/api/auth/register", tag: "Accounts", summary: "Create an account; returns the user and a bearer token",
    body: registerInput, response: authResultSchema, status: 201, errors: [400, 409, 429],
  },
  {
    method: "post", path: "/api/auth/login", tag: "Accounts", summary: "Exchange username-or-email and password for a bearer token",
    body: loginInput, response: authResultSchema, errors: [400, 401, 429],
  },
  { method: "post", path: "/api/auth/logout", tag: "Accounts", summary: "Revoke every bearer token of the caller", auth: "required", response: z.object({ revoked: z.boolean() }), errors: [401] },
  { method: "get", path: "/api/users/me", tag: "Accounts", summary: "The caller's own profile", auth: "required", response: selfUserSchema, errors: [401] },
  {
    method: "get", path: "/api/users/{id}", tag: "Accounts", summary: "A public profile by id or username",
    params: z.object({ id: z.string() }), response: publicUserSchema, errors: [404],
  },
  {
    method: "get", path: "/api/health", tag: "System", summary: "Each dependency's status and latency (503 when degraded)",
    response: z.object({ status: z.enum(["ok", "degraded"]), uptimeSeconds: z.number(), checks: z.record(z.string(), healthCheck) }),
  },
];
