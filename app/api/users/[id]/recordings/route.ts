import { route } from "@/lib/http/route";
import { userIdParams } from "@/lib/accounts/schemas";
import { channelRecordingsQuery, recordingListView } from "@/lib/recordings/schemas";
import { channelRecordings } from "@/lib/recordings/recordings";

export const GET = route(
  { tag: "Recordings", summary: "A channel's past broadcasts, newest first (the owner also sees unlisted ones)", auth: "optional", params: userIdParams, query: channelRecordingsQuery, response: recordingListView, errors: [404] },
  ({ actor, params, query }) => channelRecordings(actor, params.id, query),
);
