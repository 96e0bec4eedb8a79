import { z } from "zod";
import { route } from "@/lib/http/route";
import { recordingIdParams, recordingView, updateRecordingInput } from "@/lib/recordings/schemas";
import { deleteRecording, getRecording, updateRecording } from "@/lib/recordings/recordings";

const T = "Recordings";

export const GET = route(
  { tag: T, summary: "A past broadcast (access follows the stream's audience; unlisted ones by direct link)", auth: "optional", params: recordingIdParams, response: recordingView, errors: [403, 404] },
  ({ actor, params }) => getRecording(actor, params.id),
);
export const PATCH = route(
  { tag: T, summary: "List or unlist a recording on the channel page (owner only)", auth: "required", params: recordingIdParams, body: updateRecordingInput, response: recordingView, errors: [403, 404] },
  ({ actor, params, body }) => updateRecording(actor, params.id, body),
);
export const DELETE = route(
  { tag: T, summary: "Delete a recording and its files (owner only)", auth: "required", params: recordingIdParams, response: z.object({ deleted: z.literal(true) }), errors: [403, 404] },
  ({ actor, params }) => deleteRecording(actor, params.id),
);
