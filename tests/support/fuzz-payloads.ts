import fc from "fast-check";
import { z, type ZodType } from "zod";

/**
 * Payloads for fuzzing socket events, from each event's own zod schema (through its JSON Schema): nearly
 * valid ones that reach the use cases with real ids, the same with one field broken (wrong type, missing,
 * extra, huge, deeply nested, prototype keys, Mongo operators, binary), and hostile values in place of the
 * whole payload. Values travel as socket.io-client encodes them: JSON, with typed arrays as attachments.
 */

type Json = { type?: string | string[]; properties?: Record<string, Json>; required?: string[]; enum?: unknown[]; const?: unknown; pattern?: string; format?: string; minimum?: number; maximum?: number; minLength?: number; maxLength?: number; items?: Json; minItems?: number; maxItems?: number; anyOf?: Json[]; oneOf?: Json[]; default?: unknown };

/** Real ids the near-valid payloads use, so they pass validation and reach access checks and persistence. */
export type Pools = { streamIds: string[]; userIds: string[]; messageIds: string[]; usernames: string[] };

const OBJECT_ID = /^\^\[a-f0-9\]\{24\}\$$/;

function regexOf(pattern: string): RegExp | null {
  for (const flags of ["u", ""]) {
    try {
      return new RegExp(pattern, flags);
    } catch {
      // try without the flag
    }
  }
  return null;
}

function stringArb(s: Json, name: string, pools: Pools): fc.Arbitrary<string> {
  if (s.enum) return fc.constantFrom(...(s.enum as string[]));
  if (s.pattern && OBJECT_ID.test(s.pattern)) {
    const pool = name === "userId" ? pools.userIds : name === "messageId" ? pools.messageIds : pools.streamIds;
    return fc.oneof({ weight: 4, arbitrary: fc.constantFrom(...pool) }, { weight: 1, arbitrary: fc.stringMatching(/^[a-f0-9]{24}$/) });
  }
  if (name === "username") return fc.constantFrom(...pools.usernames);
  if (s.format === "date-time") return fc.integer({ min: 1, max: 300 }).map((d) => new Date(Date.now() + d * 86_400_000).toISOString());
  if (s.format === "uri") return fc.constant("https://example.test/thumb.png");
  const max = Math.min(s.maxLength ?? 40, 40);
  const min = Math.min(s.minLength ?? 1, max);
  const re = s.pattern ? regexOf(s.pattern) : null;
  const plain = fc.string({ unit: fc.constantFrom(..."abcdefghijklmnopqrstuvwxyz0123456789_-"), minLength: Math.max(min, 1), maxLength: Math.max(max, 1) });
  return re ? fc.stringMatching(re).filter((v) => v.length >= min && v.length <= (s.maxLength ?? Infinity)) : plain;
}

/** A value the JSON Schema accepts (most of the time: patterns and refinements are approximated). */
export function validArb(s: Json, pools: Pools, name = ""): fc.Arbitrary<unknown> {
  if (s.const !== undefined) return fc.constant(s.const);
  const alts = s.anyOf ?? s.oneOf;
  if (alts) return fc.oneof(...alts.map((a) => validArb(a, pools, name)));
  const type = Array.isArray(s.type) ? s.type[0] : s.type;
  switch (type) {
    case "object": {
      const props = s.properties ?? {};
      const record = Object.fromEntries(Object.entries(props).map(([k, v]) => [k, validArb(v, pools, k)]));
      return fc.record(record, { requiredKeys: (s.required ?? []).filter((k) => k in props) });
    }
    case "array":
      return fc.array(validArb(s.items ?? {}, pools, name), { minLength: s.minItems ?? 0, maxLength: Math.min(s.maxItems ?? 3, 3) });
    case "string":
      return stringArb(s, name, pools);
    case "integer":
      return fc.integer({ min: s.minimum ?? -1000, max: s.maximum ?? 1000 });
    case "number":
      return fc.double({ min: s.minimum ?? -1000, max: s.maximum ?? 1000, noNaN: true, noDefaultInfinity: true });
    case "boolean":
      return fc.boolean();
    case "null":
      return fc.constant(null);
    default:
      return fc.jsonValue({ maxDepth: 1 });
  }
}

/** Built with JSON.parse, so `__proto__` is an own key as it is on the server, not the object's prototype. */
const PROTO_OBJECTS = [
  '{"__proto__":{"polluted":"yes","isAdmin":true}}',
  '{"constructor":{"prototype":{"polluted":"yes"}}}',
  '{"__proto__":null}',
  '{"toString":"x","valueOf":1,"hasOwnProperty":"x"}',
].map((s) => JSON.parse(s) as Record<string, unknown>);

const nested = (depth: number, leaf: unknown, asArray: boolean): unknown => {
  let v = leaf;
  for (let i = 0; i < depth; i++) v = asArray ? [v] : { a: v };
  return v;
};

/** Values that break a field, or stand in for the whole payload. */
export const hostileArb: fc.Arbitrary<unknown> = fc.oneof(
  fc.constantFrom<unknown>(null, undefined, true, false, 0, -0, -1, 1.5, 1e308, -1e308, 5e-324, 2 ** 53 + 1, Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY, "", " ", "\u0000", "\ud800", "\u202e\u200b", "%s%n%x", "${7*7}{{7*7}}", "0".repeat(24), "g".repeat(24), "A".repeat(24), "$where", "[object Object]", [], {}, [[]], [null]),
  fc.constantFrom(...PROTO_OBJECTS),
  fc.constantFrom<unknown>({ $ne: null }, { $gt: "" }, { $where: "sleep(100)" }, { $regex: ".*" }, ["$ne", null]),
  fc.integer({ min: 1_000, max: 12_000 }).map((n) => "x".repeat(n)),
  fc.integer({ min: 50, max: 1_000 }).chain((d) => fc.boolean().map((a) => nested(d, "leaf", a))),
  fc.integer({ min: 0, max: 4_096 }).map((n) => new Uint8Array(n).fill(0x41)),
  fc.array(fc.integer(), { minLength: 200, maxLength: 1_000 }),
  fc.anything({ maxDepth: 3, maxKeys: 6, withTypedArray: true, withSparseArray: true, withDate: true, withMap: true, withSet: true, withBoxedValues: true }),
);

/** One field of an object broken: replaced, deleted, or a key added beside it. */
function mutate(base: unknown): fc.Arbitrary<unknown> {
  if (typeof base !== "object" || base === null || Array.isArray(base)) return hostileArb;
  const keys = Object.keys(base);
  const replace = keys.length ? fc.tuple(fc.constantFrom(...keys), hostileArb).map(([k, v]) => ({ ...base, [k]: v })) : hostileArb;
  const remove = keys.length ? fc.constantFrom(...keys).map((k) => Object.fromEntries(Object.entries(base).filter(([key]) => key !== k))) : fc.constant({});
  const extra = fc.tuple(fc.oneof(fc.constantFrom("__proto__", "constructor", "prototype", "$where", "", "streamId ", "a".repeat(300)), fc.string()), hostileArb).map(([k, v]) => {
    const copy = JSON.parse(JSON.stringify(base)) as Record<string, unknown>;
    Object.defineProperty(copy, k, { value: v, enumerable: true, writable: true, configurable: true });
    return copy;
  });
  const protoMerge = fc.constantFrom(...PROTO_OBJECTS).map((p) => Object.assign(JSON.parse(JSON.stringify(base)) as object, JSON.parse(JSON.stringify(p)) as object));
  return fc.oneof(replace, remove, extra, protoMerge);
}

/** How a payload is sent: with an acknowledgement, without one, with extra arguments, or a non-function last. */
export type Shape = { kind: "ack" } | { kind: "noAck" } | { kind: "manyArgs"; extra: unknown[] } | { kind: "wrongAck"; last: unknown } | { kind: "onlyAck" };

export const shapeArb: fc.Arbitrary<Shape> = fc.oneof(
  { weight: 12, arbitrary: fc.constant<Shape>({ kind: "ack" }) },
  { weight: 2, arbitrary: fc.constant<Shape>({ kind: "noAck" }) },
  { weight: 2, arbitrary: fc.constant<Shape>({ kind: "onlyAck" }) },
  { weight: 1, arbitrary: fc.array(fc.oneof(fc.jsonValue({ maxDepth: 1 }), fc.constant(new Uint8Array(8))), { minLength: 1, maxLength: 60 }).map<Shape>((extra) => ({ kind: "manyArgs", extra })) },
  { weight: 1, arbitrary: fc.constantFrom<unknown>("function", 1, {}, [], null, true).map<Shape>((last) => ({ kind: "wrongAck", last })) },
);

export type Case = { payload: unknown; shape: Shape };

/** Near valid, one field broken, or hostile as a whole; sent in one of the shapes above. */
export function caseArb(schema: ZodType, pools: Pools): fc.Arbitrary<Case> {
  const json = z.toJSONSchema(schema, { io: "input", unrepresentable: "any" }) as Json;
  const valid = validArb(json, pools);
  const payload = fc.oneof({ weight: 4, arbitrary: valid }, { weight: 5, arbitrary: valid.chain(mutate) }, { weight: 2, arbitrary: hostileArb });
  return fc.record({ payload, shape: shapeArb });
}

/** Event names no handler has: prototype members, reserved-looking names, huge and odd ones. */
export const unknownEventArb: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom("__proto__", "constructor", "toString", "hasOwnProperty", "valueOf", "prototype", "error", "connection", "session", "stream_error", "", " ", "join_stream ", "JOIN_STREAM", "\u0000"),
  fc.string({ maxLength: 40 }),
  fc.integer({ min: 100, max: 5_000 }).map((n) => "e".repeat(n)),
);

/**
 * The first argument as the server receives it, when the packet has no binary part (JSON.stringify's view
 * of it). A packet with an attachment anywhere is rebuilt by the client's encoder key by key, which turns a
 * `__proto__` key into the copy's prototype: what arrives then is not predicted.
 */
export function overTheWire(args: unknown[]): { binary: boolean; first: unknown } {
  // Iterative: the payloads nest deeper than a recursive walk's stack allows.
  const binary = (root: unknown): boolean => {
    const stack = [root];
    while (stack.length) {
      const x = stack.pop();
      if (x === null || typeof x !== "object") continue;
      if (ArrayBuffer.isView(x) || x instanceof ArrayBuffer) return true;
      stack.push(...Object.values(x as object));
    }
    return false;
  };
  if (binary(args)) return { binary: true, first: undefined };
  // Inside the packet's argument array, as the encoder writes it: a top-level undefined becomes null.
  return { binary: false, first: (JSON.parse(JSON.stringify(args)) as unknown[])[0] };
}
