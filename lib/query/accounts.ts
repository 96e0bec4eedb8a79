import { endpoints } from "@/lib/client/endpoints";

/** TanStack Query keys and fetchers of the account endpoints. */
export const accountKeys = {
  /** Per viewer too: signing in or out must not show the previous viewer's state. */
  follow: (userId: string, viewer: string) => ["follow", userId, viewer] as const,
  me: ["me"] as const,
};

export const fetchFollowState = (userId: string) => endpoints.accounts.followState(userId);
export const fetchMe = () => endpoints.accounts.me();
