import { expect, type Locator } from "@playwright/test";

export type VideoSample = { width: number; height: number; time: number; frames: number };

export async function sample(video: Locator): Promise<VideoSample> {
  return video.evaluate((el: HTMLVideoElement) => ({ width: el.videoWidth, height: el.videoHeight, time: el.currentTime, frames: el.getVideoPlaybackQuality().totalVideoFrames }));
}

/**
 * Asserts real, moving video: a real size, advancing currentTime and a growing count of decoded frames.
 * `firstFrameMs` bounds the wait for the first frame (HLS needs the recorder's first segments: give it more).
 */
export async function expectMovingVideo(video: Locator, firstFrameMs = 20_000): Promise<VideoSample> {
  await expect.poll(async () => (await sample(video)).frames, { timeout: firstFrameMs }).toBeGreaterThan(0);
  const a = await sample(video);
  await video.page().waitForTimeout(1500);
  const b = await sample(video);
  expect(b.width).toBeGreaterThan(0);
  expect(b.height).toBeGreaterThan(0);
  expect(b.time).toBeGreaterThan(a.time);
  expect(b.frames).toBeGreaterThan(a.frames + 10);
  return b;
}
