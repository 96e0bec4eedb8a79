import { after } from "node:test";
import { call, type TestUser } from "./http";

export type StreamData = {
  id: string;
  title: string;
  status: string;
  streamType: string;
  category: string;
  host: { id: string; username: string };
  analytics: { likes: number; shares: number; currentViewers: number };
  scheduledFor: string | null;
  startedAt: string | null;
  endedAt: string | null;
};
export type Created = { streamId: string; streamKey: string; roomId: string; urls: { rtmp: string; webrtc: string; whip: string; hls: string }; stream: StreamData };
export type Ok<T> = { success: true; data: T };
export type Err = { success: false; error: { code: string; message: string; details?: { path: string }[] } };
export type List = Ok<{ streams: StreamData[]; pagination: { page: number; limit: number; hasMore: boolean } }>;

export async function createStream(user: TestUser, body: Record<string, unknown> = {}): Promise<Created> {
  const res = await call<Ok<Created>>("POST", "/api/livestream/create", { token: user.token, json: { title: "Test stream", category: "technology", ...body } });
  if (res.status !== 201) throw new Error(`create failed: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body.data;
}

/** Streams this file put on air, by id: ended when the file is done (see below). */
const onAir = new Map<string, TestUser>();

export async function act(user: TestUser, id: string, action: "start" | "end" | "pause" | "resume") {
  const res = await call<{ success: boolean; data: StreamData; error: Err["error"] }>("POST", `/api/livestream/${id}/${action}`, { token: user.token });
  if (action === "end") onAir.delete(id);
  else if (res.status === 200) onAir.set(id, user);
  return res;
}

/**
 * A file's streams left on air would keep their recorder in the media worker for the rest of the suite (a
 * stream without its host's media ends after STREAM_IDLE_END_SECONDS, 30 min): dozens of idle rooms
 * that a worker paused or killed by a later test hands over and takes back all at once.
 */
after(async () => {
  await Promise.all([...onAir].map(([id, user]) => act(user, id, "end").catch(() => undefined)));
});
