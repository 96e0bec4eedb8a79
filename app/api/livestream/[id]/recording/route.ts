import { route } from "@/lib/http/route";
import { streamIdParams } from "@/lib/streams/schemas";
import { recordingView } from "@/lib/recordings/schemas";
import { getStreamRecording } from "@/lib/recordings/recordings";

export const GET = route(
  { tag: "Recordings", summary: "The recording of an ended stream, if one was kept", auth: "optional", params: streamIdParams, response: recordingView, errors: [403, 404] },
  ({ actor, params }) => getStreamRecording(actor, params.id),
);
