import type { APIRequestContext, Page } from "@playwright/test";
import { expect, test } from "./support/csp";
import { createUser, logIn, type E2EUser } from "./support/users";

const SHOTS = "test-results/screenshots";

async function liveStream(request: APIRequestContext, owner: E2EUser): Promise<string> {
  const auth = { Authorization: `Bearer ${owner.token}` };
  const created = await request.post("/api/livestream/create", { headers: auth, data: { title: "Moderation UI", category: "talk" } });
  expect(created.status()).toBe(201);
  const { streamId } = ((await created.json()) as { data: { streamId: string } }).data;
  expect((await request.post(`/api/livestream/${streamId}/start`, { headers: auth })).status()).toBe(200);
  return streamId;
}

async function say(page: Page, text: string): Promise<void> {
  // The chat has joined (and the page hydrated): typing earlier could be lost.
  await expect(page.getByTestId("chat-list")).toHaveAttribute("aria-busy", "false");
  await page.getByLabel("Send a message").fill(text);
  await page.getByLabel("Send a message").press("Enter");
}

test("the owner sets the channel's rules on the moderation page; a viewer sees the mode and why a message was refused", async ({ page, newPage, request }) => {
  test.setTimeout(60_000);
  const owner = await createUser(request, "mowner");
  const helper = await createUser(request, "mhelper");
  const viewer = await createUser(request, "mviewer");
  const streamId = await liveStream(request, owner);

  await logIn(page, owner);
  await page.goto("/dashboard");
  await page.getByRole("link", { name: "Moderation", exact: true }).click();
  await expect(page.getByRole("heading", { name: "Moderation", level: 1 })).toBeVisible();
  await expect(page.getByTestId("mod-role")).toHaveText("Owner");

  // A banned word, saved with the filters.
  await page.getByLabel("Add a banned word").fill("Grumbleweed");
  await page.getByRole("button", { name: "Add", exact: true }).first().click();
  await expect(page.getByTestId("banned-words")).toContainText("grumbleweed");
  await page.getByRole("button", { name: "Save filters" }).click();
  await expect(page.getByText("Filters saved")).toBeVisible();

  // A moderator by username.
  await page.getByLabel("Username").fill(helper.username);
  await page.getByRole("form", { name: "Add a moderator" }).getByRole("button", { name: "Add" }).click();
  await expect(page.getByTestId("moderator-row").filter({ hasText: helper.username })).toBeVisible();

  // Slow mode, applied at once; the log records all three.
  await page.getByLabel("Slow mode").selectOption({ label: "5s between messages" });
  await expect(page.getByLabel("Slow mode")).toHaveValue("5");
  await expect(page.getByTestId("mod-log-entry").filter({ hasText: helper.username })).toBeVisible();

  // Followers-only too: the viewer (not a follower) sees both chips, and the refusal's reason inline, with the text kept.
  await page.getByRole("switch", { name: /Followers-only/ }).click();
  await expect(page.getByRole("switch", { name: /Followers-only/ })).toHaveAttribute("aria-checked", "true");
  const v = await newPage();
  await logIn(v, viewer);
  await v.goto(`/watch/${streamId}`);
  await expect(v.getByTestId("chat-mode-chip").filter({ hasText: "Slow mode 5s" })).toBeVisible();
  await expect(v.getByTestId("chat-mode-chip").filter({ hasText: "Followers-only" })).toBeVisible();
  await say(v, "let me in");
  await expect(v.getByTestId("chat-refusal")).toHaveAttribute("data-code", "FOLLOWERS_ONLY");
  await expect(v.getByTestId("chat-refusal")).toContainText("follow the channel");
  await expect(v.getByLabel("Send a message")).toHaveValue("let me in");

  // The owner turns it off: the viewer's chip goes at once. The banned word is refused (the text stays to edit);
  // the edited message goes through and slow mode counts down on the button.
  await page.getByRole("switch", { name: /Followers-only/ }).click();
  await expect(v.getByTestId("chat-mode-chip").filter({ hasText: "Followers-only" })).toHaveCount(0);
  await say(v, "what a GRUMBLEWEED move");
  await expect(v.getByTestId("chat-refusal")).toHaveAttribute("data-code", "BLOCKED_TERM");
  await expect(v.getByLabel("Send a message")).toHaveValue("what a GRUMBLEWEED move");
  await say(v, "let me in");
  await expect(v.getByTestId("chat-message").filter({ hasText: "let me in" })).toBeVisible();
  await expect(v.getByTestId("chat-refusal")).toHaveCount(0);
  await expect(v.getByTestId("chat-send")).toHaveText(/^\ds$/);
  await v.screenshot({ path: `${SHOTS}/chat-viewer-slow-mode-desktop.png` });

  await page.setViewportSize({ width: 1280, height: 900 });
  await page.reload();
  await expect(page.getByTestId("banned-words")).toContainText("grumbleweed");
  await page.screenshot({ path: `${SHOTS}/moderation-page-desktop.png`, fullPage: true });
  await page.setViewportSize({ width: 390, height: 844 });
  await page.screenshot({ path: `${SHOTS}/moderation-page-mobile.png`, fullPage: true });
});

test("a moderator acts from a chat line: menu, user card, timeout; the viewer sees the countdown", async ({ page, newPage, request }) => {
  test.setTimeout(60_000);
  const owner = await createUser(request, "cowner");
  const viewer = await createUser(request, "cviewer");
  const streamId = await liveStream(request, owner);

  const v = await newPage();
  await logIn(v, viewer);
  await v.goto(`/watch/${streamId}`);
  await say(v, "hello from the viewer");
  // Taken by the server (the sender's chat shows it) before the moderator opens the page.
  await expect(v.getByTestId("chat-message").filter({ hasText: "hello from the viewer" })).toBeVisible();

  await logIn(page, owner);
  await page.goto(`/watch/${streamId}`);
  const line = page.getByTestId("chat-message").filter({ hasText: "hello from the viewer" });
  await expect(line).toBeVisible();

  // The per-line menu, by keyboard: focus the name, Tab to the menu button, open it with Enter.
  await line.getByRole("button", { name: /open user card/ }).focus();
  const menuButton = line.getByRole("button", { name: /^Moderate / });
  await expect(menuButton).toBeVisible();
  await menuButton.press("Enter");
  await expect(page.getByRole("menuitem", { name: "Delete message" })).toBeFocused();
  await page.keyboard.press("ArrowDown");
  await expect(page.getByRole("menuitem", { name: "Timeout 10 minutes" })).toBeFocused();
  await page.screenshot({ path: `${SHOTS}/chat-mod-menu-desktop.png` });
  await page.keyboard.press("Escape");
  await expect(menuButton).toBeFocused();

  // The user card: opened from the name, Esc closes it and focus returns.
  await line.getByRole("button", { name: /open user card/ }).click();
  const card = page.getByTestId("user-card");
  await expect(card.getByTestId("card-role")).toHaveText("Viewer");
  await page.screenshot({ path: `${SHOTS}/chat-user-card-desktop.png` });
  await page.setViewportSize({ width: 390, height: 844 });
  await page.screenshot({ path: `${SHOTS}/chat-user-card-mobile.png` });
  await page.keyboard.press("Escape");
  await expect(card).toHaveCount(0);
  await page.setViewportSize({ width: 1280, height: 800 });

  // The moderator toolbar in the chat header: slow mode from there shows as a chip to the viewer.
  await page.getByRole("button", { name: "Chat moderation settings" }).click();
  await page.getByRole("group", { name: "Chat moderation settings" }).getByLabel("Slow mode").selectOption("3");
  await expect(v.getByTestId("chat-mode-chip").filter({ hasText: "Slow mode 3s" })).toBeVisible();
  await page.screenshot({ path: `${SHOTS}/chat-mod-toolbar-desktop.png` });
  await page.keyboard.press("Escape");
  await expect(page.getByRole("group", { name: "Chat moderation settings" })).toHaveCount(0);

  // Timeout from the card: the room sees a system line, the viewer a live countdown and no input.
  await line.getByRole("button", { name: /open user card/ }).click();
  await card.getByRole("button", { name: "Time out for 1 min" }).click();
  await expect(page.getByTestId("chat-system").filter({ hasText: new RegExp(`was timed out for (1m|5\\ds) by ${owner.username}`) })).toBeVisible();
  await expect(card.getByTestId("card-timeout")).toBeVisible();
  await expect(v.getByTestId("chat-timed-out")).toContainText(/ends in 0:5\d|ends in 1:00/);
  await expect(v.getByLabel("Send a message")).toBeDisabled();
  await expect(v.getByTestId("chat-message").filter({ hasText: "hello from the viewer" })).toHaveCount(0);
  await v.screenshot({ path: `${SHOTS}/chat-timed-out-desktop.png` });

  // Lifting it gives the input back at once.
  await card.getByRole("button", { name: "Lift timeout" }).click();
  await expect(v.getByLabel("Send a message")).toBeEnabled();
  await page.setViewportSize({ width: 390, height: 844 });
  await page.keyboard.press("Escape");
  await page.screenshot({ path: `${SHOTS}/chat-moderator-mobile.png`, fullPage: true });
});
