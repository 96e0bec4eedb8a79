import { errorBody, AppError } from "@/lib/errors";
import { json } from "@/lib/http/route";

/** Unknown API paths answer in the API's own error shape, not with an HTML page. */
function notFound(req: Request): Response {
  return json(errorBody(new AppError("NOT_FOUND", `No API route ${req.method} ${new URL(req.url).pathname}`)), 404);
}

export { notFound as GET, notFound as POST, notFound as PUT, notFound as PATCH, notFound as DELETE };
