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

export async function act(user: TestUser, id: string, action: "start" | "end" | "pause" | "resume") {
  return call<{ success: boolean; data: StreamData; error: Err["error"] }>("POST", `/api/livestream/${id}/${action}`, { token: user.token });
}
