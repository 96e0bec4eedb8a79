import { expect, type APIRequestContext } from "@playwright/test";
import type { E2EUser } from "./users";

/** A stream created and started through the public API, with no media: for pages that need a live stream's chat. */
export async function startedStream(request: APIRequestContext, host: E2EUser, title: string, category = "talk"): Promise<string> {
  const auth = { Authorization: `Bearer ${host.token}` };
  const created = await request.post("/api/livestream/create", { headers: auth, data: { title, category } });
  expect(created.status()).toBe(201);
  const { streamId } = ((await created.json()) as { data: { streamId: string } }).data;
  expect((await request.post(`/api/livestream/${streamId}/start`, { headers: auth })).status()).toBe(200);
  return streamId;
}
