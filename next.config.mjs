/** @type {import('next').NextConfig} */
const nextConfig = {
  reactStrictMode: true,
  poweredByHeader: false,
  // Native or server-only packages stay outside the bundle so server.ts and route handlers share one instance.
  serverExternalPackages: ["@node-rs/argon2", "mongoose", "socket.io", "livekit-server-sdk", "nodemailer", "maxmind"],
  // `npm test` runs `tsc --noEmit` and ESLint over the whole tree; the build does not repeat them.
  typescript: { ignoreBuildErrors: true },
  // `next dev` compiles from scratch on each start instead of restoring Turbopack's cache from the last session.
  // A restored cache goes stale when the project folder changed while no dev server watched it (a `next build`
  // into .next, a test run writing test-results/): every browser's HMR subscription to the main chunk list is
  // then answered "restart" and each page reloads as soon as it loads, over and over (e2e/dev-server.spec.ts).
  experimental: { turbopackFileSystemCacheForDev: false },
  // In the browser, livekit-client is the copy the page loads as its own script (the watch page's early join,
  // components/player/early-entry.ts): not bundled a second time into Next's chunks. The server render keeps the package.
  turbopack: { resolveAlias: { "livekit-client": { browser: "./lib/client/livekit-global.ts" } } },
  async headers() {
    return [
      {
        source: "/:path*",
        headers: [
          { key: "X-Content-Type-Options", value: "nosniff" },
          { key: "Referrer-Policy", value: "strict-origin-when-cross-origin" },
          { key: "X-Frame-Options", value: "DENY" },
          { key: "Permissions-Policy", value: "camera=(self), microphone=(self), display-capture=(self)" },
        ],
      },
    ];
  },
};

export default nextConfig;
