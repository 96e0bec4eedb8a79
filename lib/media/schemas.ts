import { z } from "zod";

/** A LiveKit room token for one stream: the host publishes, everyone else watches. */
export const mediaToken = z.object({
  url: z.string(),
  token: z.string(),
  identity: z.string(),
  role: z.enum(["host", "viewer", "guest"]).describe("guest: on the stream's stage, publishing what the host allows"),
  roomId: z.string(),
  expiresAt: z.string(),
});

export type MediaToken = z.infer<typeof mediaToken>;
