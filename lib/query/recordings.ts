import { endpoints } from "@/lib/client/endpoints";

/** TanStack Query keys and fetchers of the recording endpoints. */
export const recordingKeys = {
  all: ["recordings"] as const,
  channel: (username: string) => ["recordings", "channel", username] as const,
  detail: (id: string) => ["recordings", "detail", id] as const,
  ofStream: (streamId: string) => ["recordings", "stream", streamId] as const,
};

const { recordings } = endpoints;

export const fetchChannelRecordings = (username: string) => recordings.channel(username);
/** The stream's recording, or null when none was kept (404). */
export const fetchStreamRecording = (streamId: string) => recordings.ofStream(streamId).catch(() => null);
