import { expect, test } from "./support/csp";
import { goLiveFromStudio } from "./support/studio";
import { createUser, logIn } from "./support/users";

type Quality = { t: string; bitrateKbps: number | null; fps: number | null; droppedFrames: number | null; packetLoss: number | null; rttMs: number | null };

/**
 * The studio reports its publisher's WebRTC stats with `update_stream_metrics` every 5 s while live: the
 * stream's analytics get a quality point with the bitrate and frame rate the browser measured.
 */
test("the live studio's sender stats reach the stream's quality series", async ({ newPage, request }) => {
  const creator = await createUser(request, "qm");
  const auth = { Authorization: `Bearer ${creator.token}` };
  const created = await request.post("/api/livestream/create", { headers: auth, data: { title: "Quality test", category: "technology" } });
  expect(created.status()).toBe(201);
  const streamId = ((await created.json()) as { data: { streamId: string } }).data.streamId;

  const studio = await newPage();
  await logIn(studio, creator);
  await goLiveFromStudio(studio, streamId);
  await expect(studio.getByTestId("stat-bitrate")).not.toHaveText("0 kbps", { timeout: 15_000 });

  const quality = async () => {
    const res = await request.get(`/api/livestream/user/analytics/${streamId}`, { headers: auth });
    return ((await res.json()) as { data: { quality: Quality[] } }).data.quality.filter((q) => q.bitrateKbps !== null);
  };
  // The encoder's first report may say 0 fps (it is still starting): wait for one that carries a frame rate.
  await expect.poll(async () => (await quality()).filter((x) => (x.fps ?? 0) > 0).length, { timeout: 20_000 }).toBeGreaterThan(0);
  const [q] = (await quality()).filter((x) => (x.fps ?? 0) > 0);
  expect(q?.bitrateKbps).toBeGreaterThan(0);
  expect(q?.fps).toBeGreaterThan(0);
  expect(q?.droppedFrames).toBeGreaterThanOrEqual(0);

  studio.once("dialog", (d) => void d.accept());
  await studio.getByRole("button", { name: "End stream" }).click();
  await expect(studio.getByText("Stream ended")).toBeVisible();
});
