"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useSession } from "next-auth/react";
import { useRouter } from "next/navigation";
import { api, ApiError } from "@/lib/client/api";
import { Button } from "@/components/ui/button";
import { useToast } from "@/components/ui/toast";
import { formatViewerCount } from "@/lib/client/format";

type FollowState = { following: boolean; followerCount: number };

/** Follow / unfollow with an optimistic count; sends anonymous visitors to log in. */
export function FollowButton({ userId, username, initialCount }: { userId: string; username: string; initialCount: number }) {
  const { data: session, status } = useSession();
  const router = useRouter();
  const toast = useToast();
  const qc = useQueryClient();
  const key = ["follow", userId, session?.user?.name ?? "anon"] as const;
  const state = useQuery({ queryKey: key, queryFn: () => api<FollowState>(`/api/users/${userId}/follow`), enabled: status !== "loading", initialData: { following: false, followerCount: initialCount }, staleTime: 0 });
  const isSelf = session?.user?.name?.toLowerCase() === username.toLowerCase();

  const mutation = useMutation({
    mutationFn: (follow: boolean) => api<FollowState>(`/api/users/${userId}/follow`, { method: follow ? "POST" : "DELETE" }),
    onMutate: async (follow) => {
      await qc.cancelQueries({ queryKey: key });
      const prev = qc.getQueryData<FollowState>(key);
      if (prev) qc.setQueryData<FollowState>(key, { following: follow, followerCount: prev.followerCount + (follow ? 1 : -1) });
      return { prev };
    },
    onError: (err, _v, ctx) => {
      if (ctx?.prev) qc.setQueryData(key, ctx.prev);
      toast.show(err instanceof ApiError ? err.message : "Could not update follow", "error");
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
