import { spawn } from "node:child_process";
import { expect, test } from "./support/csp";
import { createUser } from "./support/users";
import { expectMovingVideo } from "./support/video";

const RTMP_PORT = process.env.RTMP_PORT ?? "";

test("an encoder pushes over RTMP with the stream key; a viewer on the watch page sees moving video", async ({ newPage, request }) => {
  test.setTimeout(60_000);
  expect(RTMP_PORT).not.toBe("");
  const creator = await createUser(request, "obs");
  const auth = { Authorization: `Bearer ${creator.token}` };
  const created = await request.post("/api/livestream/create", { headers: auth, data: { title: "OBS over RTMP", category: "technology" } });
  expect(created.status()).toBe(201);
  const { streamId, streamKey } = ((await created.json()) as { data: { streamId: string; streamKey: string } }).data;
  // Started over REST: a stream that starts by itself when the encoder's media arrives is live either way.
  expect((await request.post(`/api/livestream/${streamId}/start`, { headers: auth })).status()).toBe(200);

  // ffmpeg stands in for OBS: a moving test pattern with a tone, small and bounded.
  const args = ["-hide_banner", "-loglevel", "error", "-nostdin", "-re", "-f", "lavfi", "-i", "testsrc2=size=320x240:rate=15", "-f", "lavfi", "-i", "sine=frequency=440:sample_rate=48000"];
  args.push("-t", "40", "-c:v", "libx264", "-preset", "ultrafast", "-tune", "zerolatency", "-g", "30", "-pix_fmt", "yuv420p", "-c:a", "aac", "-f", "flv", `rtmp://127.0.0.1:${RTMP_PORT}/live/${streamKey}`);
  const encoder = spawn("ffmpeg", args, { stdio: "ignore" });
  try {
    const viewer = await newPage();
    await viewer.goto(`/watch/${streamId}`);
    await expect(viewer.getByTestId("player")).toHaveAttribute("data-phase", "live", { timeout: 25_000 });
    const v = await expectMovingVideo(viewer.getByTestId("player-video"));
    expect(v.width).toBeGreaterThanOrEqual(160);
    await viewer.screenshot({ path: "test-results/screenshots/watch-rtmp.png" });
  } finally {
    encoder.kill("SIGKILL");
  }
});
