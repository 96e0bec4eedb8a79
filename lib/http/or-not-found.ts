import { notFound } from "next/navigation";
import { toAppError } from "@/lib/errors";

/**
 * For pages: a use case's NOT_FOUND becomes Next's 404 page, and so does FORBIDDEN where `hide` is set (a
 * page that must not reveal that something exists); other errors go to the error boundary.
 */
export async function orNotFound<T>(p: Promise<T>, opts: { hide?: "FORBIDDEN" } = {}): Promise<T> {
  try {
    return await p;
  } catch (err) {
    const code = toAppError(err).code;
    if (code === "NOT_FOUND" || code === opts.hide) notFound();
    throw err;
  }
}
