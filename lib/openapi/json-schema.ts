import { z, type ZodType } from "zod";

export type JsonSchema = Record<string, unknown>;

/**
 * JSON Schema 2020-12, OpenAPI 3.1's dialect; `input` for what clients send, `output` for what they get.
 * A type JSON Schema cannot describe (a `z.date()`, `z.coerce.date()`) throws rather than becoming "any
 * value": the document would promise what the handler refuses.
 */
export function jsonSchema(s: ZodType, io: "input" | "output"): JsonSchema {
  const out = z.toJSONSchema(s, { io, unrepresentable: "throw", target: "draft-2020-12" }) as JsonSchema;
  delete out.$schema;
  return out;
}

/** An object schema's properties as OpenAPI parameters; path parameters are always required. */
export function parameters(s: ZodType | undefined, where: "path" | "query") {
  if (!s) return [];
  const js = jsonSchema(s, "input") as { properties?: Record<string, JsonSchema>; required?: string[] };
  return Object.entries(js.properties ?? {}).map(([name, sch]) => ({
    name,
    in: where,
    required: where === "path" || (js.required ?? []).includes(name),
    schema: sch,
  }));
}
