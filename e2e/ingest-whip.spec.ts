import type { Page } from "@playwright/test";
import { RoomServiceClient } from "livekit-server-sdk";
import { expect, test } from "./support/csp";
import { createUser, logIn } from "./support/users";
import { expectMovingVideo } from "./support/video";

/**
 * OBS's part is played by a Chromium page: an RTCPeerConnection with the fake camera and microphone, its
 * offer POSTed to the app's WHIP URL with the stream key as the Bearer token, the answer applied. Nothing
 * calls REST start. The page sits on a bare JSON document of the app: Chromium's local-network rules refuse
 * a made-up origin's requests to loopback, and no session cookie is involved (a fresh context).
 */

type Published = { status: number; location: string | null; etag: string | null; text: string };

async function obsPage(page: Page): Promise<void> {
  await page.goto("/api/health");
}

/** Starts publishing over WHIP as OBS does (all candidates in the offer, no trickle); returns the reply. */
function publish(page: Page, url: string, key: string): Promise<Published> {
  return page.evaluate(
    async ({ url, key }) => {
      const w = window as unknown as { pc?: RTCPeerConnection; media?: MediaStream };
      w.pc?.close();
      const media = (w.media ??= await navigator.mediaDevices.getUserMedia({ video: { width: 640, height: 360, frameRate: 15 }, audio: true }));
      const pc = new RTCPeerConnection();
      for (const track of media.getTracks()) {
        const t = pc.addTransceiver(track, { direction: "sendonly" });
        // OBS sends H.264 (no B-frames); prefer it where this browser can encode it.
        const h264 = (RTCRtpSender.getCapabilities("video")?.codecs ?? []).filter((c) => c.mimeType === "video/H264");
        if (track.kind === "video" && h264.length) t.setCodecPreferences([...h264, ...(RTCRtpSender.getCapabilities("video")?.codecs ?? []).filter((c) => c.mimeType !== "video/H264")]);
      }
      await pc.setLocalDescription(await pc.createOffer());
      await new Promise<void>((resolve) => {
        if (pc.iceGatheringState === "complete") return resolve();
        pc.addEventListener("icegatheringstatechange", () => pc.iceGatheringState === "complete" && resolve());
        setTimeout(resolve, 3000);
      });
      const res = await fetch(url, { method: "POST", headers: { Authorization: `Bearer ${key}`, "Content-Type": "application/sdp" }, body: pc.localDescription?.sdp });
      const text = await res.text();
      if (res.status === 201) await pc.setRemoteDescription({ type: "answer", sdp: text });
      else pc.close();
      w.pc = pc;
      return { status: res.status, location: res.headers.get("Location"), etag: res.headers.get("ETag"), text };
    },
    { url, key },
  );
}

const pcState = (page: Page) => page.evaluate(() => (window as unknown as { pc?: RTCPeerConnection }).pc?.connectionState ?? "none");

function rooms(): RoomServiceClient {
  return new RoomServiceClient((process.env.LIVEKIT_URL ?? "").replace(/^ws/, "http"), process.env.LIVEKIT_API_KEY ?? "", process.env.LIVEKIT_API_SECRET ?? "");
}

async function encoderPresent(roomId: string, hostId: string): Promise<boolean> {
  const participants = await rooms().listParticipants(roomId).catch(() => []);
  return participants.some((p) => p.identity === `${hostId}:encoder`);
}

test("OBS over WHIP: the stream goes live by itself, a viewer sees it, rotating the key cuts the encoder off, DELETE ends a session", async ({ newPage, request }) => {
  test.setTimeout(150_000);
  const host = await createUser(request, "obs");
  const created = await request.post("/api/livestream/create", { headers: { Authorization: `Bearer ${host.token}` }, data: { title: "OBS over WHIP", category: "gaming" } });
  expect(created.status()).toBe(201);
  const { streamId, streamKey, roomId, urls } = ((await created.json()) as { data: { streamId: string; streamKey: string; roomId: string; urls: { whip: string } } }).data;
  expect(urls.whip).not.toContain(streamKey);

  // The host waits on the dashboard.
  const dashboard = await newPage();
  await logIn(dashboard, host);
  await dashboard.goto("/dashboard");
  const row = dashboard.getByTestId("my-stream").filter({ hasText: "OBS over WHIP" });
  await expect(row.getByTestId("encoder-status")).toHaveAttribute("data-state", "waiting");
  await expect(row.getByTestId("whip-server")).toHaveText(urls.whip);
  await expect(row.getByTestId("stream-key")).not.toContainText("live_");
  await dashboard.screenshot({ path: "test-results/screenshots/dashboard-waiting-encoder.png", fullPage: true });

  // The studio shows the same panel: both paths, keyboard-operable tabs, the OBS settings for each.
  const studio = await newPage();
  await logIn(studio, host);
  await studio.goto(`/studio/${streamId}`);
  await expect(studio.getByTestId("encoder-status")).toBeVisible();
  await studio.getByRole("tab", { name: /RTMP/ }).focus();
  await studio.keyboard.press("ArrowLeft");
  await expect(studio.getByRole("tab", { name: /WHIP/ })).toHaveAttribute("aria-selected", "true");
  await studio.keyboard.press("ArrowRight");
  await expect(studio.getByTestId("rtmp-server")).toHaveText(/^rtmp:\/\/.+\/live$/);
  // Copy buttons put the value on the clipboard (the key too while it is hidden) and say so.
  await studio.context().grantPermissions(["clipboard-read", "clipboard-write"]);
  await studio.getByRole("button", { name: "Copy server" }).click();
  await expect(studio.getByText("Server copied")).toBeVisible();
  expect(await studio.evaluate(() => navigator.clipboard.readText())).toMatch(/^rtmp:\/\/.+\/live$/);
  await studio.getByRole("button", { name: "Copy stream key" }).click();
  await expect(studio.getByText("Stream key copied")).toBeVisible();
  expect(await studio.evaluate(() => navigator.clipboard.readText())).toBe(streamKey);
  await studio.getByText("OBS settings for RTMP").click();
  await expect(studio.getByTestId("obs-settings-rtmp")).toContainText("AAC");
  await studio.screenshot({ path: "test-results/screenshots/studio-obs-panel.png", fullPage: true });
  await studio.close();

  // OBS starts streaming.
  const obs = await newPage();
  await obsPage(obs);
  const first = await publish(obs, urls.whip, streamKey);
  expect(first.status, first.text).toBe(201);
  expect(first.location).toMatch(/\/api\/ingest\/whip\/PA_/);
  await expect.poll(() => pcState(obs), { timeout: 15_000 }).toBe("connected");

  // The dashboard turns live without a reload; no REST start was made.
  await expect(row.getByTestId("encoder-status")).toHaveAttribute("data-state", "live", { timeout: 15_000 });
  await expect(row).toHaveAttribute("data-status", "live");
  await dashboard.screenshot({ path: "test-results/screenshots/dashboard-live-from-obs.png", fullPage: true });

  // A viewer in another browser context sees the encoder's video.
  const viewer = await newPage();
  await viewer.goto(`/watch/${streamId}`);
  await expect(viewer.getByTestId("player")).toHaveAttribute("data-phase", "live", { timeout: 20_000 });
  const v = await expectMovingVideo(viewer.getByTestId("player-video"));
  expect(v.width).toBeGreaterThanOrEqual(160);
  await viewer.screenshot({ path: "test-results/screenshots/watch-obs-whip.png" });

  // OBS's "Stop streaming" (DELETE on the session URL, with the key) ends the session…
  const deleted = await obs.evaluate(async ({ location, key }) => (await fetch(location, { method: "DELETE", headers: { Authorization: `Bearer ${key}` } })).status, { location: first.location ?? "", key: streamKey });
  expect(deleted).toBe(200);
  await expect.poll(() => encoderPresent(roomId, host.id), { timeout: 5000 }).toBe(false);
  // …and "Start streaming" again within the grace period (5 s in tests) resumes the same stream.
  const again = await publish(obs, urls.whip, streamKey);
  expect(again.status, again.text).toBe(201);
  await expect.poll(() => pcState(obs), { timeout: 15_000 }).toBe("connected");
  await expect(viewer.getByTestId("player")).toHaveAttribute("data-phase", "live", { timeout: 20_000 });
  await expectMovingVideo(viewer.getByTestId("player-video"));
  await expect(row).toHaveAttribute("data-status", "live");

  // Rotating the key (with its confirmation) removes the encoder from the room at once.
  dashboard.once("dialog", (d) => void d.accept());
  await row.getByRole("button", { name: "Rotate key" }).click();
  await expect(dashboard.getByText("New stream key issued")).toBeVisible();
  await expect.poll(() => encoderPresent(roomId, host.id), { timeout: 5000 }).toBe(false);
  await expect(viewer.getByTestId("player")).toHaveAttribute("data-phase", "host-away", { timeout: 10_000 });
  await expect(row.getByTestId("encoder-status")).toHaveAttribute("data-state", /reconnecting|waiting/, { timeout: 10_000 });
  // OBS retrying with the old key is refused; the new key is there to reveal and copy.
  expect((await publish(obs, urls.whip, streamKey)).status).toBe(401);
  await obs.evaluate(() => (window as unknown as { pc?: RTCPeerConnection }).pc?.close());
  await row.getByRole("button", { name: "Reveal" }).click();
  const newKey = (await row.getByTestId("stream-key").textContent()) ?? "";
  expect(newKey).toMatch(/^live_[a-f0-9]{64}$/);
  expect(newKey).not.toBe(streamKey);
  await dashboard.screenshot({ path: "test-results/screenshots/dashboard-key-rotated.png", fullPage: true });
});
