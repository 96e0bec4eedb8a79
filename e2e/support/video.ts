import { expect, type Locator } from "@playwright/test";

export type VideoSample = { width: number; height: number; time: number; frames: number };

export async function sample(video: Locator): Promise<VideoSample> {
  return video.evaluate((el: HTMLVideoElement) => ({ width: el.videoWidth, height: el.videoHeight, time: el.currentTime, frames: el.getVideoPlaybackQuality().totalVideoFrames }));
}

/** Asserts real, moving video: a real size, advancing currentTime and a growing count of decoded frames. */
export async function expectMovingVideo(video: Locator): Promise<VideoSample> {
  await expect.poll(async () => (await sample(video)).frames, { timeout: 20_000 }).toBeGreaterThan(0);
  const a = await sample(video);
  await video.page().waitForTimeout(1500);
  const b = await sample(video);
  expect(b.width).toBeGreaterThan(0);
  expect(b.height).toBeGreaterThan(0);
  expect(b.time).toBeGreaterThan(a.time);
  expect(b.frames).toBeGreaterThan(a.frames + 10);
  return b;
}
