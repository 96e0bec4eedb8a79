"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useSession } from "next-auth/react";
import { useRouter } from "next/navigation";
import { LiveStreamError } from "@/lib/client/api";
import { endpoints } from "@/lib/client/endpoints";
import { accountKeys, fetchFollowState } from "@/lib/query/accounts";
import type { FollowState } from "@/lib/accounts/schemas";
import { Button } from "@/components/ui/button";
import { useToast } from "@/components/ui/toast";
import { formatViewerCount } from "@/lib/client/format";

/** Follow / unfollow with an optimistic count; sends anonymous visitors to log in. */
export function FollowButton({ userId, username, initialCount }: { userId: string; username: string; initialCount: number }) {
  const { data: session, status } = useSession();
  const router = useRouter();
  const toast = useToast();
  const qc = useQueryClient();
  const key = accountKeys.follow(userId, session?.user?.name ?? "anon");
  const state = useQuery({ queryKey: key, queryFn: () => fetchFollowState(userId), enabled: status !== "loading", initialData: { following: false, followerCount: initialCount }, staleTime: 0 });
  const isSelf = session?.user?.name?.toLowerCase() === username.toLowerCase();

  const mutation = useMutation({
    mutationFn: (follow: boolean) => (follow ? endpoints.accounts.follow(userId) : endpoints.accounts.unfollow(userId)),
    onMutate: async (follow) => {
      await qc.cancelQueries({ queryKey: key });
      const prev = qc.getQueryData<FollowState>(key);
      if (prev) qc.setQueryData<FollowState>(key, { following: follow, followerCount: prev.followerCount + (follow ? 1 : -1) });
      return { prev };
    },
    onError: (err, _v, ctx) => {
      if (ctx?.prev) qc.setQueryData(key, ctx.prev);
      toast.show(err instanceof LiveStreamError ? err.message : "Could not update follow", "error");
    },
    onSuccess: (data) => qc.setQueryData(key, data),
  });

  const s = state.data;
  return (
    <div className="flex items-center gap-3">
      <span className="text-sm text-muted" data-testid="follower-count">
        {formatViewerCount(s.followerCount)} {s.followerCount === 1 ? "follower" : "followers"}
      </span>
      {isSelf ? null : (
        <Button
          variant={s.following ? "secondary" : "primary"}
          aria-pressed={s.following}
          disabled={mutation.isPending}
          onClick={() => (session ? mutation.mutate(!s.following) : router.push(`/login?callbackUrl=/${username}`))}
        >
          {s.following ? "Following" : "Follow"}
        </Button>
      )}
    </div>
  );
}
