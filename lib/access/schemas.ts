import { z } from "zod";
import { ACTIONS, ROLES } from "@/lib/access/policy";

/** The actor's role in a stream's channel and the answer to every action: what a UI may offer. */
export const accessView = z.object({
  role: z.enum(ROLES),
  permissions: z.record(z.enum(ACTIONS), z.boolean()),
  timeoutUntil: z.string().nullable().describe("When the actor's chat timeout ends, if they are timed out"),
});

export type AccessView = z.infer<typeof accessView>;
