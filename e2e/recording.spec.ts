import { expect, test } from "./support/csp";
import { goLiveFromStudio } from "./support/studio";
import { createUser, logIn } from "./support/users";
import { expectMovingVideo } from "./support/video";

test.setTimeout(150_000);

test("the live HLS plays in the browser, and the recording plays and seeks after the end", async ({ page, newPage, request }) => {
  const creator = await createUser(request, "rec");
  const res = await request.post("/api/livestream/create", {
    headers: { Authorization: `Bearer ${creator.token}` },
    data: { title: "Recorded show", category: "technology", features: { recordingEnabled: true } },
  });
  expect(res.status()).toBe(201);
  const streamId = ((await res.json()) as { data: { streamId: string } }).data.streamId;
  await logIn(page, creator);
  await goLiveFromStudio(page, streamId);

  // The HLS rendition (what the player falls back to when WebRTC cannot connect), asked for directly.
  const viewer = await newPage();
  await viewer.goto(`/watch/${streamId}?player=hls`);
  const hlsVideo = viewer.getByTestId("hls-video");
  await expect(hlsVideo).toHaveAttribute("data-engine", /^(hls\.js|native)$/, { timeout: 15_000 });
  const engine = await hlsVideo.getAttribute("data-engine");
  test.info().annotations.push({ type: "hls engine", description: engine ?? "" });
  // Live HLS starts a few 2 s segments behind the recorder, which itself starts once the stream is live.
  await expectMovingVideo(hlsVideo, 40_000);
  await viewer.screenshot({ path: "test-results/screenshots/watch-hls.png" });

  // Where WebRTC cannot connect (here: LiveKit's signalling WebSocket refused), the player falls back to HLS by itself.
  const blocked = await newPage();
  await blocked.routeWebSocket(/\/rtc/, (ws) => ws.close());
  await blocked.goto(`/watch/${streamId}`);
  await expect(blocked.getByTestId("hls-video")).toHaveAttribute("data-engine", "hls.js", { timeout: 30_000 });
  await expectMovingVideo(blocked.getByTestId("hls-video"), 40_000);
  await blocked.close();

  page.once("dialog", (d) => void d.accept());
  await page.getByRole("button", { name: "End stream" }).click();
  await expect(page.getByText("Stream ended")).toBeVisible();

  // The ended stream offers its recording once the worker has finished it.
  const watcher = await newPage();
  await watcher.goto(`/watch/${streamId}`);
  await expect(watcher.getByTestId("watch-recording")).toBeVisible({ timeout: 45_000 });
  await watcher.screenshot({ path: "test-results/screenshots/watch-ended-recording.png" });

  // The channel lists it with its duration.
  await watcher.goto(`/${creator.username}`);
  const card = watcher.getByTestId("recording-card").first();
  await expect(card).toBeVisible({ timeout: 15_000 });
  // m:ss, not zero; on a slow machine the broadcast above can run past a minute.
  await expect(card.getByTestId("recording-duration")).toHaveText(/^(?!0:00$)\d+:[0-5]\d$/);
  await watcher.screenshot({ path: "test-results/screenshots/channel-recordings.png", fullPage: true });

  // The recording plays and seeks: the browser fetches byte ranges (206) of the MP4.
  const ranges: number[] = [];
  watcher.on("response", (r) => {
    if (r.url().includes("/video") && r.status() === 206) ranges.push(r.status());
  });
  await card.click();
  const video = watcher.getByTestId("recording-video");
  await expect.poll(() => video.evaluate((el: HTMLVideoElement) => el.duration), { timeout: 15_000 }).toBeGreaterThan(5);
  await video.evaluate((el: HTMLVideoElement) => {
    el.muted = true;
    return el.play();
  });
  await expectMovingVideo(video);
  const duration = await video.evaluate((el: HTMLVideoElement) => el.duration);
  await video.evaluate((el: HTMLVideoElement, t: number) => {
    el.currentTime = t;
  }, duration * 0.7);
  await expect.poll(() => video.evaluate((el: HTMLVideoElement) => el.currentTime), { timeout: 10_000 }).toBeGreaterThanOrEqual(duration * 0.7 - 0.1);
  await expect.poll(() => video.evaluate((el: HTMLVideoElement) => el.readyState), { timeout: 10_000 }).toBeGreaterThanOrEqual(2);
  expect(ranges.length).toBeGreaterThan(0);
  await watcher.screenshot({ path: "test-results/screenshots/recording-page.png" });

  // The owner sees unlist and delete; the viewer does not.
  await expect(watcher.getByTestId("recording-owner")).toHaveCount(0);
  await page.goto(watcher.url());
  await expect(page.getByTestId("recording-owner")).toBeVisible();
  await page.getByRole("button", { name: "Unlist" }).click();
  await expect(page.getByRole("button", { name: "List on channel" })).toBeVisible();
  await page.screenshot({ path: "test-results/screenshots/recording-page-owner.png" });
});
