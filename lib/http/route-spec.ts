import type { ZodType } from "zod";
import type { ERROR_STATUS } from "@/lib/errors";

/** A status some error code of lib/errors.ts maps to: a typo such as 430 does not compile. */
export type ErrorStatus = (typeof ERROR_STATUS)[keyof typeof ERROR_STATUS];

/**
 * What the OpenAPI document says about one operation, declared beside its handler. The method and path are
 * not here: they are the export name and the folder, which the document reads from the module and its index.
 */
export type OperationSpec = {
  summary: string;
  tag: string;
  /** Longer prose for what the summary cannot say (e.g. how a webhook is signed). */
  description?: string;
  /** `optional`: anonymous callers are served, signed-in ones are recognised; a bad bearer token is still 401. */
  auth?: "required" | "optional" | "livekit-signature" | "stripe-signature" | "stream-key";
  params?: ZodType;
  query?: ZodType;
  /** A JSON body, parsed by route(). */
  body?: ZodType;
  /** A body read verbatim, not parsed by route(): its exact bytes are what a signature covers. */
  rawBody?: { contentType: string; schema: ZodType; description: string };
  /**
   * A success reply that is no JSON envelope (WHIP's SDP answer): its media type (none for an empty body)
   * and the headers it carries. `response` is then unused: give it `z.never()`.
   */
  rawResponse?: { contentType?: string; description: string; headers?: Record<string, string> };
  /** The `data` of the `{ success: true, data }` reply. */
  response: ZodType;
  /** Success status, 200 unless set. */
  status?: number;
  /** Statuses of `{ success: false, error }` replies the use case can give, beyond those route() adds itself. */
  errors?: ErrorStatus[];
  /**
   * Set by route(): a POST/PUT/PATCH/DELETE made with the session cookie from another site is refused with
   * 403 CSRF_REJECTED. The method is the export's name, so the document adds that 403 where it applies.
   */
  sameOriginWrites?: boolean;
  /** The success reply is media (a video, an image, a playlist), not JSON; `statuses` lists other media replies (206, 304). */
  binary?: { contentType: string; statuses?: Record<number, string> };
  /** Replies in neither envelope (whole body schema), e.g. health's 503 that still carries its data. */
  otherResponses?: Record<number, { description: string; body: ZodType; contentType?: string }>;
};

export type Documented<H> = H & { readonly openapi: OperationSpec };

/**
 * Attaches the spec to the handler itself, as a non-enumerable property rather than in a registry: Next
 * bundles each route apart and loads it lazily, so only the module that exports the handler reliably has it.
 */
export function documented<H extends (...args: never[]) => unknown>(spec: OperationSpec, handler: H): Documented<H> {
  return Object.defineProperty(handler, "openapi", { value: spec, enumerable: false }) as Documented<H>;
}

/** The spec a route module's export carries, if it is a documented handler. */
export function specOf(value: unknown): OperationSpec | undefined {
  if (typeof value !== "function" || !("openapi" in value)) return undefined;
  return value.openapi as OperationSpec;
}
