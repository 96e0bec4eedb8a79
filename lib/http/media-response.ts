import "server-only";
import { AppError } from "@/lib/errors";
import type { MediaFile } from "@/lib/media/storage";

/** `bytes=a-b`, `bytes=a-`, `bytes=-n` (the first range of a list); null: no usable Range header, serve it all. */
export function parseRange(header: string | null, size: number): { start: number; end: number } | null | "unsatisfiable" {
  const m = header ? /^bytes=(\d*)-(\d*)(?:,.*)?$/.exec(header.trim()) : null;
  if (!m || (m[1] === "" && m[2] === "")) return null;
  let start: number;
  let end: number;
  if (m[1] === "") {
    const n = Number(m[2]);
    if (n === 0) return "unsatisfiable";
    start = Math.max(0, size - n);
    end = size - 1;
  } else {
    start = Number(m[1]);
    // last < first is no valid range at all (RFC 9110 §14.1.1): ignored, the whole file is served.
    if (m[2] !== "" && Number(m[2]) < start) return null;
    end = m[2] === "" ? size - 1 : Math.min(Number(m[2]), size - 1);
  }
  if (start >= size || start > end) return "unsatisfiable";
  return { start, end };
}

function notModified(req: Request, etag: string, mtime: Date): boolean {
  const inm = req.headers.get("if-none-match");
  if (inm) return inm.split(",").some((t) => t.trim() === etag || t.trim() === "*");
  const ims = req.headers.get("if-modified-since");
  return Boolean(ims) && Math.floor(mtime.getTime() / 1000) <= Math.floor(new Date(ims ?? "").getTime() / 1000);
}

/**
 * A file as an HTTP reply: validators (ETag, Last-Modified → 304), caching as the caller says, and, with
 * `ranges`, byte ranges (206 with Content-Range; 416 outside the file) so players seek without downloading.
 */
export async function mediaResponse(req: Request, file: MediaFile, opts: { cacheControl: string; ranges?: boolean }): Promise<Response> {
  const etag = `"${file.size.toString(16)}-${Math.floor(file.mtime.getTime()).toString(16)}"`;
  const headers: Record<string, string> = {
    "Content-Type": file.contentType,
    "Cache-Control": opts.cacheControl,
    ETag: etag,
    "Last-Modified": file.mtime.toUTCString(),
    "X-Content-Type-Options": "nosniff",
    ...(opts.ranges ? { "Accept-Ranges": "bytes" } : {}),
  };
  if (notModified(req, etag, file.mtime)) return new Response(null, { status: 304, headers });
  const range = opts.ranges ? parseRange(req.headers.get("range"), file.size) : null;
  if (range === "unsatisfiable") throw new AppError("RANGE_NOT_SATISFIABLE", "The requested range is outside the file", { headers: { "Content-Range": `bytes */${file.size}`, "Accept-Ranges": "bytes" } });
  const head = req.method === "HEAD";
  if (range) {
    const length = range.end - range.start + 1;
    return new Response(head ? null : await file.open(range), { status: 206, headers: { ...headers, "Content-Range": `bytes ${range.start}-${range.end}/${file.size}`, "Content-Length": String(length) } });
  }
  return new Response(head ? null : await file.open(), { status: 200, headers: { ...headers, "Content-Length": String(file.size) } });
}
