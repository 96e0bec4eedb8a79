/** Publishing presets: resolution, frame rate and top-layer bitrate, plus lower simulcast layers. */
export type Layer = { width: number; height: number; fps: number; maxBitrate: number };
export type QualityPreset = { id: string; label: string; main: Layer; simulcast: Layer[] };

const L = (width: number, height: number, fps: number, kbps: number): Layer => ({ width, height, fps, maxBitrate: kbps * 1000 });

// Bitrates follow common live-streaming guidance for H.264/VP8 at 30 fps (higher for 60 fps and 4K).
export const QUALITY_PRESETS: QualityPreset[] = [
  { id: "360p", label: "360p", main: L(640, 360, 30, 800), simulcast: [L(320, 180, 15, 150)] },
  { id: "480p", label: "480p", main: L(854, 480, 30, 1_200), simulcast: [L(428, 240, 15, 250)] },
  { id: "720p", label: "720p", main: L(1280, 720, 30, 2_500), simulcast: [L(320, 180, 15, 150), L(640, 360, 30, 600)] },
  { id: "1080p", label: "1080p", main: L(1920, 1080, 30, 4_500), simulcast: [L(480, 270, 15, 300), L(960, 540, 30, 1_200)] },
  { id: "1440p", label: "1440p", main: L(2560, 1440, 30, 9_000), simulcast: [L(640, 360, 30, 600), L(1280, 720, 30, 2_500)] },
  { id: "4k", label: "4K", main: L(3840, 2160, 30, 16_000), simulcast: [L(960, 540, 30, 1_200), L(1920, 1080, 30, 4_500)] },
];

export const DEFAULT_PRESET = "720p";

export function presetById(id: string): QualityPreset {
  return QUALITY_PRESETS.find((p) => p.id === id) ?? (QUALITY_PRESETS.find((p) => p.id === DEFAULT_PRESET) as QualityPreset);
}
