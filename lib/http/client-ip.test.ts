import { test } from "node:test";
import assert from "node:assert/strict";
import { parseConfig, type TrustedProxies } from "@/lib/config";
import { clientAddress } from "@/lib/http/client-ip";

const none: TrustedProxies = { kind: "none" };
const oneHop: TrustedProxies = { kind: "hops", hops: 1 };
const twoHops: TrustedProxies = { kind: "hops", hops: 2 };
const list = (...entries: string[]): TrustedProxies => ({ kind: "list", entries });

test("without trusted proxies the header is ignored", () => {
  assert.equal(clientAddress("203.0.113.9", "1.2.3.4", none), "203.0.113.9");
  assert.equal(clientAddress("::ffff:203.0.113.9", undefined, none), "203.0.113.9");
  assert.equal(clientAddress(undefined, undefined, none), "unknown");
});

test("one hop: the address the proxy appended, whatever the client wrote to the left", () => {
  assert.equal(clientAddress("10.0.0.2", "198.51.100.7", oneHop), "198.51.100.7");
  for (const forged of ["1.1.1.1", "9.9.9.9, 8.8.8.8", "garbage", ""]) {
    const header = forged ? `${forged}, 198.51.100.7` : "198.51.100.7";
    assert.equal(clientAddress("10.0.0.2", header, oneHop), "198.51.100.7", header);
  }
  // Several header lines are one list.
  assert.equal(clientAddress("10.0.0.2", ["6.6.6.6", "198.51.100.7"], oneHop), "198.51.100.7");
});

test("hops: two proxies, and fewer entries than hops stops at the left-most", () => {
  assert.equal(clientAddress("10.0.0.2", "6.6.6.6, 198.51.100.7, 10.0.0.1", twoHops), "198.51.100.7");
  assert.equal(clientAddress("10.0.0.2", "198.51.100.7", twoHops), "198.51.100.7");
  assert.equal(clientAddress("10.0.0.2", undefined, twoHops), "10.0.0.2");
});

test("a malformed entry where an address should be is never the client: the hop that received it is", () => {
  assert.equal(clientAddress("10.0.0.2", "not-an-ip", oneHop), "10.0.0.2");
  assert.equal(clientAddress("10.0.0.2", "1.2.3.4, x", twoHops), "10.0.0.2");
});

test("list: walks from the right past trusted proxies only", () => {
  const trust = list("10.0.0.0/8", "::1");
  assert.equal(clientAddress("10.0.0.2", "6.6.6.6, 198.51.100.7, 10.1.1.1", trust), "198.51.100.7");
  assert.equal(clientAddress("::1", "198.51.100.7", trust), "198.51.100.7");
  // The peer is not a trusted proxy: the header is the client's own writing.
  assert.equal(clientAddress("203.0.113.9", "198.51.100.7", trust), "203.0.113.9");
  // Every hop trusted: the left-most address.
  assert.equal(clientAddress("10.0.0.2", "10.0.0.3", trust), "10.0.0.3");
  assert.equal(clientAddress("::ffff:127.0.0.1", "2001:db8::5", list("loopback")), "2001:db8::5");
  assert.equal(clientAddress("192.168.1.4", "2001:db8::5", list("private")), "2001:db8::5");
});

test("TRUSTED_PROXIES parses hops and lists; TRUST_PROXY=true is one hop", () => {
  assert.deepEqual(parseConfig({}).trustedProxies, none);
  assert.deepEqual(parseConfig({ TRUST_PROXY: "true" }).trustedProxies, oneHop);
  assert.deepEqual(parseConfig({ TRUSTED_PROXIES: "2" }).trustedProxies, twoHops);
  assert.deepEqual(parseConfig({ TRUSTED_PROXIES: "0", TRUST_PROXY: "true" }).trustedProxies, none);
  assert.deepEqual(parseConfig({ TRUSTED_PROXIES: " 10.0.0.0/8, ::1 ,loopback" }).trustedProxies, list("10.0.0.0/8", "::1", "loopback"));
  assert.throws(() => parseConfig({ TRUSTED_PROXIES: "10.0.0.0/33" }), /TRUSTED_PROXIES/);
  assert.throws(() => parseConfig({ TRUSTED_PROXIES: "proxy.example.org" }), /TRUSTED_PROXIES.*proxy\.example\.org/);
});
