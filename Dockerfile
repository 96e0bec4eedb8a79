# Production image of the app: Next build + server.ts (Socket.IO on the same port).
FROM node:20-bookworm-slim AS deps
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund

FROM deps AS build
WORKDIR /app
COPY . .
ENV NEXT_TELEMETRY_DISABLED=1
# `npm run build`: Next's build, then the pages' livekit-client script (.next/livekit/, read by server.ts at start).
RUN npm run build && npm prune --omit=dev

FROM node:20-bookworm-slim AS run
# ffmpeg: the media worker decodes RTMP ingest and encodes recordings, HLS and thumbnails with it.
RUN apt-get update && apt-get install -y --no-install-recommends ffmpeg && rm -rf /var/lib/apt/lists/*
WORKDIR /app
ENV NODE_ENV=production HOST=0.0.0.0 PORT=3000 NEXT_TELEMETRY_DISABLED=1
COPY --from=build /app /app
USER node
EXPOSE 3000
HEALTHCHECK --interval=15s --timeout=3s CMD node -e "fetch('http://127.0.0.1:3000/api/health').then(r=>process.exit(r.ok?0:1)).catch(()=>process.exit(1))"
CMD ["node_modules/.bin/tsx", "--import", "./scripts/node/server-only.mjs", "server.ts"]
