import { expect, test } from "@playwright/test";
import { randomBytes } from "node:crypto";
import { createUser, logIn } from "./support/users";

function localInput(d: Date): string {
  return new Date(d.getTime() - d.getTimezoneOffset() * 60_000).toISOString().slice(0, 16);
}

test("a creator schedules a stream; another user finds it by search and category and follows the creator", async ({ browser, request }) => {
  const creator = await createUser(request, "creator");
  const viewer = await createUser(request, "viewer");
  const word = `orbit${randomBytes(3).toString("hex")}`;
  const title = `Telescope night ${word}`;

  // The creator schedules a stream from the dashboard.
  const creatorCtx = await browser.newContext();
  const cp = await creatorCtx.newPage();
  await logIn(cp, creator);
  await cp.getByRole("link", { name: "Dashboard" }).click();
  await expect(cp.getByRole("heading", { name: "Creator dashboard" })).toBeVisible();
  await cp.locator("#new-title").fill(title);
  await cp.locator("#new-description").fill("Looking at Saturn together");
  await cp.locator("#new-category").selectOption("science");
  await cp.locator("#new-tags").fill("astronomy, night");
  await cp.locator("#new-scheduledFor").fill(localInput(new Date(Date.now() + 26 * 3_600_000)));
  await cp.getByRole("button", { name: "Create stream" }).click();
  await expect(cp.getByText("Stream scheduled")).toBeVisible();
  const row = cp.getByTestId("my-stream").filter({ hasText: title });
  await expect(row).toHaveAttribute("data-status", "scheduled");
  await row.getByRole("button", { name: "Reveal" }).click();
  await expect(row.getByTestId("stream-key")).toHaveText(/^live_[a-f0-9]{64}$/);
  await cp.screenshot({ path: "test-results/screenshots/dashboard-scheduled.png", fullPage: true });

  // A second user finds it by search…
  const viewerCtx = await browser.newContext();
  const vp = await viewerCtx.newPage();
  await logIn(vp, viewer);
  await vp.getByRole("searchbox", { name: "Search streams" }).fill(word.toUpperCase());
  await vp.keyboard.press("Enter");
  await expect(vp).toHaveURL(/\/search\?q=/);
  await expect(vp.getByTestId("stream-card").filter({ hasText: title })).toBeVisible();
  await vp.screenshot({ path: "test-results/screenshots/search.png", fullPage: true });

  // …and by category…
  await vp.goto("/category/science");
  const card = vp.getByTestId("stream-card").filter({ hasText: title });
  await expect(card).toBeVisible();
  await vp.screenshot({ path: "test-results/screenshots/category.png", fullPage: true });

  // …opens it, goes to the creator's channel and follows.
  await card.click();
  await expect(vp.getByTestId("stream-title")).toHaveText(title);
  await expect(vp.getByTestId("player")).toHaveAttribute("data-phase", "starting-soon");
  await vp.getByRole("link", { name: new RegExp(`@${creator.username}`) }).click();
  await expect(vp).toHaveURL(new RegExp(`/${creator.username}$`));
  await expect(vp.getByTestId("channel-offline")).toBeVisible();
  await vp.getByRole("button", { name: "Follow" }).click();
  await expect(vp.getByRole("button", { name: "Following" })).toHaveAttribute("aria-pressed", "true");
  await expect(vp.getByTestId("follower-count")).toHaveText("1 follower");
  await vp.reload();
  await expect(vp.getByRole("button", { name: "Following" })).toBeVisible();
  await vp.screenshot({ path: "test-results/screenshots/channel-followed.png", fullPage: true });

  // The follow is real on the server.
  const state = await request.get(`/api/users/${creator.id}/follow`, { headers: { Authorization: `Bearer ${viewer.token}` } });
  expect(((await state.json()) as { data: { following: boolean } }).data.following).toBe(true);

  await creatorCtx.close();
  await viewerCtx.close();
});

test("the creator goes live and ends from the dashboard; the channel shows the live state", async ({ browser, request }) => {
  const creator = await createUser(request, "live");
  const ctx = await browser.newContext();
  const page = await ctx.newPage();
  await logIn(page, creator);
  await page.goto("/dashboard");
  await page.locator("#new-title").fill("Quick live test");
  await page.getByRole("button", { name: "Create stream" }).click();
  const row = page.getByTestId("my-stream").filter({ hasText: "Quick live test" });
  await row.getByRole("button", { name: "Go live" }).click();
  await expect(row).toHaveAttribute("data-status", "live");
  await page.goto(`/${creator.username}`);
  await expect(page.getByRole("link", { name: "Open with chat" })).toBeVisible();
  await page.goto("/dashboard");
  page.once("dialog", (d) => void d.accept());
  await page.getByTestId("my-stream").filter({ hasText: "Quick live test" }).getByRole("button", { name: "End stream" }).click();
  await expect(page.getByText("Stream ended")).toBeVisible();
  await ctx.close();
});
