import { expect, type Page } from "@playwright/test";
import { sample } from "./video";

/** Opens the stream's studio (signed in as its host), waits for the camera preview and presses Go live. */
export async function goLiveFromStudio(page: Page, streamId: string, opts: { preset?: string } = {}): Promise<void> {
  await page.goto(`/studio/${streamId}`);
  if (opts.preset) await page.getByTestId("preset").selectOption(opts.preset);
  await expect.poll(async () => (await sample(page.getByTestId("studio-preview"))).width, { timeout: 15_000 }).toBeGreaterThan(0);
  await page.getByRole("button", { name: "Go live" }).click();
  await expect(page.getByTestId("studio-live")).toBeVisible();
}
