/** A failed API call, carrying the server's error code and field details. */
export class ApiError extends Error {
  override name = "ApiError";
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
  }

  /** Field path → message, from a VALIDATION_ERROR's details. */
  fieldErrors(): Record<string, string> {
    const out: Record<string, string> = {};
    if (Array.isArray(this.details)) {
      for (const d of this.details as { path?: string; message?: string }[]) if (d.path && d.message && !out[d.path]) out[d.path] = d.message;
    }
    return out;
  }
}

type Envelope<T> = { success: true; data: T } | { success: false; error: { code: string; message: string; details?: unknown } };

/** Calls the REST API (same origin, session cookie, or a bearer token) and unwraps `{ success, data }`. */
export async function api<T>(path: string, init: RequestInit & { json?: unknown; token?: string; baseUrl?: string } = {}): Promise<T> {
  const { json, token, baseUrl = "", headers, ...rest } = init;
  const res = await fetch(`${baseUrl}${path}`, {
    ...rest,
    headers: {
      ...(json !== undefined ? { "Content-Type": "application/json" } : {}),
      ...(token ? { Authorization: `Bearer ${token}` } : {}),
      ...headers,
    },
    body: json !== undefined ? JSON.stringify(json) : rest.body,
  });
  let body: Envelope<T> | null = null;
  try {
    body = (await res.json()) as Envelope<T>;
  } catch {
    body = null;
  }
  if (!body) throw new ApiError(res.status, "BAD_RESPONSE", `Unexpected response (${res.status})`);
  if (!body.success) throw new ApiError(res.status, body.error.code, body.error.message, body.error.details);
  return body.data;
}
