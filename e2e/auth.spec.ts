import { expect, test } from "@playwright/test";
import { randomBytes } from "node:crypto";
import { verificationLink } from "../tests/support/mail";

test("a new user signs up, logs out, logs in and sees their name in the header", async ({ page }) => {
  const username = `e2e_${randomBytes(4).toString("hex")}`;
  const password = "a-good-password";

  await page.goto("/");
  await page.getByRole("link", { name: "Sign up" }).click();
  await expect(page).toHaveURL(/\/signup$/);
  await page.getByLabel("Username").fill(username);
  await page.getByLabel("Email").fill(`${username}@example.test`);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Sign up" }).click();

  await expect(page.getByTestId("header-username")).toHaveText(username);
  await page.screenshot({ path: "test-results/screenshots/signed-up.png", fullPage: true });

  // The dashboard asks to confirm the address; the link mailed at sign-up does it, once.
  await page.goto("/dashboard");
  await expect(page.getByTestId("verify-email-notice")).toBeVisible();
  const link = await verificationLink(`${username}@example.test`);
  await page.goto(link);
  await expect(page.getByRole("heading", { name: "Email confirmed" })).toBeVisible();
  await page.goto("/dashboard");
  await expect(page.getByRole("heading", { name: "Creator dashboard" })).toBeVisible();
  await expect(page.getByTestId("verify-email-notice")).toHaveCount(0);
  await page.goto(link);
  await expect(page.getByRole("heading", { name: "This link does not work" })).toBeVisible();

  await page.getByRole("button", { name: "Log out" }).click();
  await expect(page.getByRole("link", { name: "Log in" })).toBeVisible();
  await expect(page.getByTestId("header-username")).toHaveCount(0);

  await page.getByRole("link", { name: "Log in" }).click();
  await page.getByLabel("Username or email").fill(username);
  await page.getByLabel("Password").fill("wrong-password");
  await page.getByRole("button", { name: "Log in" }).click();
  await expect(page.getByRole("alert").first()).toContainText("Invalid login or password");

  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Log in" }).click();
  await expect(page.getByTestId("header-username")).toHaveText(username);
  await page.screenshot({ path: "test-results/screenshots/logged-in.png", fullPage: true });
});

test("sign-up shows field errors for taken names and bad input", async ({ page }) => {
  await page.goto("/signup");
  await page.getByLabel("Username").fill("x");
  await page.getByLabel("Email").fill("not-an-email");
  await page.getByLabel("Password").fill("short");
  await page.getByRole("button", { name: "Sign up" }).click();
  await expect(page.locator("#username-error")).toBeVisible();
  await expect(page.locator("#password-error")).toBeVisible();
  await page.screenshot({ path: "test-results/screenshots/signup-errors.png", fullPage: true });
});
