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
  // More than ten new frames and a later time, within 10 s: a stall of a second or two on a loaded machine
  // (every browser, encoder and server share two cores) passes, a picture that stopped does not.
  let b = a;
  await expect
    .poll(async () => {
      b = await sample(video);
      return b.frames > a.frames + 10 && b.time > a.time;
    }, { timeout: 10_000, intervals: [1500, 1000] })
    .toBe(true);
  expect(b.width).toBeGreaterThan(0);
  expect(b.height).toBeGreaterThan(0);
  return b;
}
