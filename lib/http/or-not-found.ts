import { notFound } from "next/navigation";
import { toAppError } from "@/lib/errors";

/** For pages: a use case's NOT_FOUND becomes Next's 404 page; other errors go to the error boundary. */
export async function orNotFound<T>(p: Promise<T>): Promise<T> {
  try {
    return await p;
  } catch (err) {
    if (toAppError(err).code === "NOT_FOUND") notFound();
    throw err;
  }
}
