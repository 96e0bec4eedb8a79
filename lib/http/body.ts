import "server-only";
import { AppError } from "@/lib/errors";

function tooLarge(limit: number): AppError {
  return new AppError("PAYLOAD_TOO_LARGE", `Body exceeds ${limit} bytes`);
}

/**
 * The body as text, counted while it streams: a declared Content-Length over the limit is refused before a
 * byte is read, and a body that grows past it (chunked, or longer than it said) stops being read there. The
 * one process also holds every socket, so no request may make it buffer more than `limit` bytes.
 *
 * At the limit the stream is cancelled: nothing more is pulled, TCP pushes back on the sender, the 413 still
 * goes out, and Node drops the connection when its keep-alive timeout passes (about 5 s, measured).
 */
export async function readBodyText(req: Request, limit: number): Promise<string> {
  const declared = req.headers.get("content-length");
  if (declared !== null && Number(declared) > limit) throw tooLarge(limit);
  if (!req.body) return "";
  const reader = req.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      size += value.byteLength;
      if (size > limit) {
        void reader.cancel().catch(() => undefined);
        throw tooLarge(limit);
      }
      chunks.push(value);
    }
  } finally {
    reader.releaseLock();
  }
  return Buffer.concat(chunks).toString("utf8");
}

/**
 * Whether a Content-Type names JSON: its media type (before any parameter) is exactly `application/json`,
 * so `application/json; charset=utf-8` passes and `application/jsonx` or `text/plain; application/json` —
 * which a cross-site form can send without a preflight — do not.
 */
export function isJsonContentType(header: string | null): boolean {
  const mediaType = (header ?? "").split(";", 1)[0] ?? "";
  return mediaType.trim().toLowerCase() === "application/json";
}
