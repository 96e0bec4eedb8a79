// Command sfu-load measures what one LiveKit node can carry for a live stream: one publisher sends 720p
// VP8 simulcast (three layers, pre-encoded, so no encoder competes with the SFU for the CPU — as LiveKit's
// own `lk load-test` does), and N subscribers receive RTP without decoding it, counting packets, bytes,
// losses, freezes and the resolution each one is sent. bench/sfu.ts builds and drives it.
//
//	sfu-load publish   -url ws://127.0.0.1:7880 -room R -media DIR          (until SIGTERM)
//	sfu-load subscribe -url ws://127.0.0.1:7880 -room R -n 50 -measure 10s  (prints one JSON line)
//
// The API key and secret come from LIVEKIT_API_KEY and LIVEKIT_API_SECRET.
package main

import (
	"fmt"
	"os"
	"time"

	"github.com/livekit/protocol/auth"
)

func main() {
	if len(os.Args) < 2 {
		fmt.Fprintln(os.Stderr, "usage: sfu-load publish|subscribe [flags]")
		os.Exit(2)
	}
	var err error
	switch os.Args[1] {
	case "publish":
		err = runPublish(os.Args[2:])
	case "subscribe":
		err = runSubscribe(os.Args[2:])
	default:
		err = fmt.Errorf("unknown mode %q", os.Args[1])
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "sfu-load:", err)
		os.Exit(1)
	}
}

// token mints a join token with every grant explicit (an omitted canPublish counts as true in LiveKit).
func token(room, identity string, publish bool) (string, error) {
	key, secret := os.Getenv("LIVEKIT_API_KEY"), os.Getenv("LIVEKIT_API_SECRET")
	if key == "" || secret == "" {
		return "", fmt.Errorf("LIVEKIT_API_KEY and LIVEKIT_API_SECRET must be set")
	}
	no, subscribe := false, !publish
	grant := &auth.VideoGrant{RoomJoin: true, Room: room, CanPublish: &publish, CanSubscribe: &subscribe, CanPublishData: &no}
	return auth.NewAccessToken(key, secret).SetIdentity(identity).SetValidFor(time.Hour).SetVideoGrant(grant).ToJWT()
}
