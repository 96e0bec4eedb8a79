import { randomBytes } from "node:crypto";
import { expect, type APIRequestContext, type Page } from "@playwright/test";
import { confirmEmail } from "../../tests/support/mail";

export type E2EUser = { username: string; password: string; token: string; id: string };

/** Creates an account through the public API and confirms its address from the mail sink (each test seeds its own data). */
export async function createUser(request: APIRequestContext, prefix = "e2e"): Promise<E2EUser> {
  const username = `${prefix}_${randomBytes(4).toString("hex")}`;
  const password = "a-good-password";
  const res = await request.post("/api/auth/register", { data: { username, email: `${username}@example.test`, password } });
  expect(res.status()).toBe(201);
  await confirmEmail(`${username}@example.test`);
  const body = (await res.json()) as { data: { token: string; user: { id: string } } };
  return { username, password, token: body.data.token, id: body.data.user.id };
}

/** Logs in through the login form, as a person does. */
export async function logIn(page: Page, user: E2EUser): Promise<void> {
  await page.goto("/login");
  await page.getByLabel("Username or email").fill(user.username);
  await page.getByLabel("Password").fill(user.password);
  await page.getByRole("button", { name: "Log in" }).click();
  await expect(page.getByTestId("header-username")).toHaveText(user.username);
}
