import { expect, test } from "./support/csp";
import { createUser, logIn } from "./support/users";

test("two people chat, type, react and delete in real time; text stays text", async ({ newPage, request }) => {
  const host = await createUser(request, "chost");
  const alice = await createUser(request, "alice");
  const bob = await createUser(request, "bob");
  const created = await request.post("/api/livestream/create", { headers: { Authorization: `Bearer ${host.token}` }, data: { title: "Chat test", category: "talk" } });
  const { streamId } = ((await created.json()) as { data: { streamId: string } }).data;
  expect((await request.post(`/api/livestream/${streamId}/start`, { headers: { Authorization: `Bearer ${host.token}` } })).status()).toBe(200);

  const a = await newPage();
  const b = await newPage();
  await logIn(a, alice);
  await logIn(b, bob);
  await a.goto(`/watch/${streamId}`);
  await b.goto(`/watch/${streamId}`);
  await expect(a.getByText("No messages yet. Say hello!")).toBeVisible();
  await expect(b.getByTestId("chat-viewers")).toHaveText("2 watching");

  // Alice types: Bob sees the indicator; then her message, with a mention rendered as a link.
  await a.getByLabel("Send a message").pressSequentially("Hello ", { delay: 20 });
  await expect(b.getByTestId("typing")).toContainText(`${alice.username} is typing`);
  await a.getByLabel("Send a message").fill(`Hello from Alice @${bob.username}`);
  await a.getByLabel("Send a message").press("Enter");
  const onBob = b.getByTestId("chat-message").filter({ hasText: "Hello from Alice" });
  await expect(onBob).toBeVisible();
  await expect(onBob.getByRole("link", { name: `@${bob.username}` })).toHaveAttribute("href", `/${bob.username}`);

  // Bob answers with something that looks like HTML: it is shown as text and never runs.
  await b.getByLabel("Send a message").fill(`<img src=x onerror="window.__xss=1"> hi`);
  await b.getByRole("button", { name: "Chat", exact: true }).click();
  const bobsMessage = a.getByTestId("chat-message").filter({ hasText: '<img src=x onerror="window.__xss=1"> hi' });
  await expect(bobsMessage).toBeVisible();
  expect(await a.evaluate(() => (window as unknown as { __xss?: number }).__xss)).toBeUndefined();

  // Alice reacts to Bob's message; both see the count.
  await bobsMessage.hover();
  await bobsMessage.getByRole("button", { name: "React to message" }).click();
  await bobsMessage.getByRole("button", { name: "👍" }).click();
  await expect(b.getByTestId("chat-message").filter({ hasText: "hi" }).getByTestId("message-reaction")).toHaveText("👍 1");

  // Bob sends floating reactions: Alice's overlay shows them.
  for (let i = 0; i < 3; i++) await b.getByRole("button", { name: "React 🔥" }).click();
  await expect(a.getByTestId("floating-reaction").first()).toBeVisible();
  await a.screenshot({ path: "test-results/screenshots/chat.png" });

  // Alice deletes her own message: it disappears for Bob.
  const mine = a.getByTestId("chat-message").filter({ hasText: "Hello from Alice" });
  await mine.hover();
  await mine.getByRole("button", { name: "Delete message" }).click();
  await expect(onBob).toHaveCount(0);

  // An anonymous visitor reads the chat (history replayed) but is asked to log in to write.
  const anon = await newPage();
  await anon.goto(`/watch/${streamId}`);
  await expect(anon.getByTestId("chat-message").filter({ hasText: "hi" })).toBeVisible();
  await expect(anon.getByText("to chat and react.")).toBeVisible();
});
