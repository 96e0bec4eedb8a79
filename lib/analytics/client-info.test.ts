import { test } from "node:test";
import assert from "node:assert/strict";
import { countryOf, deviceOf } from "@/lib/analytics/client-info";

test("countries come from the offline GeoLite2 database; loopback, private and unknown addresses are ZZ", async () => {
  assert.equal(await countryOf("8.8.8.8"), "US");
  assert.equal(await countryOf("::ffff:81.2.69.160"), "GB");
  for (const ip of ["127.0.0.1", "::1", "10.1.2.3", "192.168.0.4", "172.20.0.1", "fd00::1", "unknown", "", null]) assert.equal(await countryOf(ip), "ZZ", String(ip));
});

test("devices come from the User-Agent: browser, OS and type", () => {
  assert.deepEqual(deviceOf("Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.0 Mobile/15E148 Safari/604.1"), { browser: "Safari", os: "iOS", deviceType: "mobile" });
  assert.deepEqual(deviceOf("Mozilla/5.0 (iPad; CPU OS 17_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.0 Mobile/15E148 Safari/604.1"), { browser: "Safari", os: "iOS", deviceType: "tablet" });
  assert.deepEqual(deviceOf("Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Safari/537.36"), { browser: "Chrome", os: "Linux", deviceType: "desktop" });
  assert.deepEqual(deviceOf("Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:120.0) Gecko/20100101 Firefox/120.0"), { browser: "Firefox", os: "Windows", deviceType: "desktop" });
  assert.deepEqual(deviceOf(null), { browser: "Other", os: "Other", deviceType: "unknown" });
});
