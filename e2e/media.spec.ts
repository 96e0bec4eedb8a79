import type { Page } from "@playwright/test";
import { expect, test } from "./support/csp";
import { goLiveFromStudio } from "./support/studio";
import { createUser, logIn, type E2EUser } from "./support/users";
import { expectMovingVideo } from "./support/video";

async function newStream(request: import("@playwright/test").APIRequestContext, user: E2EUser, title: string): Promise<string> {
  const res = await request.post("/api/livestream/create", { headers: { Authorization: `Bearer ${user.token}` }, data: { title, category: "technology" } });
  expect(res.status()).toBe(201);
  return ((await res.json()) as { data: { streamId: string } }).data.streamId;
}

async function goLive(newPage: () => Promise<Page>, creator: E2EUser, streamId: string): Promise<Page> {
  const page = await newPage();
  await logIn(page, creator);
  await goLiveFromStudio(page, streamId);
  return page;
}

async function endFromStudio(studio: Page): Promise<void> {
  studio.once("dialog", (d) => void d.accept());
  await studio.getByRole("button", { name: "End stream" }).click();
  await expect(studio.getByText("Stream ended")).toBeVisible();
}

test("a creator goes live from the browser; a viewer sees moving video, then the ended state", async ({ newPage, request }) => {
  const creator = await createUser(request, "cam");
  const streamId = await newStream(request, creator, "Camera test");
  const studio = await goLive(newPage, creator, streamId);

  const viewer = await newPage();
  await viewer.goto(`/watch/${streamId}`);
  await expect(viewer.getByTestId("player")).toHaveAttribute("data-phase", "live", { timeout: 20_000 });
  const v = await expectMovingVideo(viewer.getByTestId("player-video"));
  expect(v.width).toBeGreaterThanOrEqual(160);
  await expect(viewer.getByTestId("unmute")).toBeVisible();
  await viewer.screenshot({ path: "test-results/screenshots/watch-live.png" });

  await expect(studio.getByTestId("stat-bitrate")).not.toHaveText("0 kbps", { timeout: 15_000 });
  await studio.screenshot({ path: "test-results/screenshots/studio-live.png", fullPage: true });

  await endFromStudio(studio);
  await expect(viewer.getByTestId("player")).toHaveAttribute("data-phase", "ended", { timeout: 15_000 });
  await expect(viewer.getByTestId("player-overlay")).toContainText("This stream has ended");
  await viewer.screenshot({ path: "test-results/screenshots/watch-ended.png" });
});

test("screen share with the camera as picture-in-picture reaches the viewer", async ({ newPage, request }) => {
  // Nine media steps, and the studio encodes a 1080p screen and a camera, both simulcast, on the same two
  // cores as the viewer's browser: the viewer's page took 7.5 s to load (2.6 s without the share), and the
  // test 38 s alone, 52 s in a local CI run, over 60 s in the official one.
  test.setTimeout(120_000);
  const creator = await createUser(request, "scr");
  const streamId = await newStream(request, creator, "Screen test");
  const studio = await goLive(newPage, creator, streamId);
  await studio.getByRole("button", { name: "Share screen" }).click();
  await expect(studio.getByRole("button", { name: "Stop sharing" })).toBeVisible();

  const viewer = await newPage();
  await viewer.goto(`/watch/${streamId}`);
  await expect(viewer.getByTestId("player")).toHaveAttribute("data-phase", "live", { timeout: 20_000 });
  await expect(viewer.getByTestId("player-pip")).toBeVisible({ timeout: 15_000 });
  await expectMovingVideo(viewer.getByTestId("player-video"));
  await expectMovingVideo(viewer.getByTestId("player-pip"));
  await viewer.screenshot({ path: "test-results/screenshots/watch-screenshare.png" });

  await studio.getByRole("button", { name: "Stop sharing" }).click();
  await expect(viewer.getByTestId("player-pip")).toHaveCount(0, { timeout: 15_000 });
  await expectMovingVideo(viewer.getByTestId("player-video"));

  await endFromStudio(studio);
  await expect(viewer.getByTestId("player")).toHaveAttribute("data-phase", "ended", { timeout: 15_000 });
});
