package main

import (
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"sync"
	"sync/atomic"
	"time"

	"github.com/livekit/protocol/livekit"
	lksdk "github.com/livekit/server-sdk-go/v2"
	"github.com/pion/rtp"
	"github.com/pion/webrtc/v4"
)

type subscriber struct {
	room *lksdk.Room
	rx   receiver
	got  atomic.Bool // a video track is subscribed
}

// result is one line of JSON per subscriber, over the measuring window.
type result struct {
	Kbps      float64 `json:"kbps"`
	Packets   uint64  `json:"packets"`
	Lost      int64   `json:"lost"`
	LossPct   float64 `json:"lossPct"`
	Freezes   int     `json:"freezes"`
	MaxGapMs  float64 `json:"maxGapMs"`
	Width     int     `json:"width"`
	Keyframes int     `json:"keyframes"`
}

type report struct {
	N          int      `json:"n"`
	Joined     int      `json:"joined"`
	Subscribed int      `json:"subscribed"`
	FullLayer  int      `json:"fullLayer"`
	JoinMs     float64  `json:"joinMs"`
	SettleMs   float64  `json:"settleMs"`
	WindowMs   float64  `json:"windowMs"`
	JoinErrors []string `json:"joinErrors,omitempty"`
	Subs       []result `json:"subs"`
}

func (s *subscriber) read(track *webrtc.TrackRemote) {
	buf := make([]byte, 1600)
	var h rtp.Header
	for {
		n, _, err := track.Read(buf)
		if err != nil {
			return
		}
		hl, err := h.Unmarshal(buf[:n])
		if err != nil {
			continue
		}
		end := n
		if h.Padding && n > hl {
			end -= int(buf[n-1])
		}
		if end < hl {
			end = hl
		}
		s.rx.add(&h, buf[hl:end], n, time.Now())
	}
}

// connectTimeout is generous: a join waits behind the others in flight on a busy machine.
const connectTimeout = 30 * time.Second

func join(url, room string, i int) (*subscriber, error) {
	tok, err := token(room, fmt.Sprintf("sfu-load-sub-%d", i), false)
	if err != nil {
		return nil, err
	}
	s := &subscriber{}
	cb := &lksdk.RoomCallback{ParticipantCallback: lksdk.ParticipantCallback{
		OnTrackSubscribed: func(track *webrtc.TrackRemote, pub *lksdk.RemoteTrackPublication, _ *lksdk.RemoteParticipant) {
			if track.Kind() != webrtc.RTPCodecTypeVideo {
				return
			}
			// The full layer, as a viewer on a large screen asks for it.
			_ = pub.SetVideoQuality(livekit.VideoQuality_HIGH)
			s.got.Store(true)
			go s.read(track)
		},
	}}
	r, err := lksdk.ConnectToRoomWithToken(url, tok, cb, lksdk.WithAutoSubscribe(true), lksdk.WithConnectTimeout(connectTimeout))
	if err != nil {
		return nil, err
	}
	s.room = r
	return s, nil
}

func runSubscribe(args []string) error {
	fs := flag.NewFlagSet("subscribe", flag.ExitOnError)
	url := fs.String("url", "", "LiveKit URL (ws://...)")
	room := fs.String("room", "", "room name")
	n := fs.Int("n", 10, "subscribers")
	parallel := fs.Int("parallel", 4, "joins in flight at once")
	fullWidth := fs.Int("full-width", 1280, "the full layer's width")
	settleMax := fs.Duration("settle", 20*time.Second, "longest wait for every subscriber to reach the full layer")
	warmup := fs.Duration("warmup", 3*time.Second, "wait after settling, before measuring")
	measure := fs.Duration("measure", 10*time.Second, "measuring window")
	_ = fs.Parse(args)

	t0 := time.Now()
	subs := make([]*subscriber, *n)
	errs := make([]string, 0)
	var mu sync.Mutex
	var wg sync.WaitGroup
	sem := make(chan struct{}, *parallel)
	for i := range subs {
		wg.Add(1)
		sem <- struct{}{}
		go func(i int) {
			defer wg.Done()
			defer func() { <-sem }()
			s, err := join(*url, *room, i)
			mu.Lock()
			defer mu.Unlock()
			if err != nil {
				errs = append(errs, err.Error())
				return
			}
			subs[i] = s
		}(i)
	}
	wg.Wait()
	joinMs := float64(time.Since(t0).Milliseconds())
	defer func() {
		for _, s := range subs {
			if s != nil {
				s.room.Disconnect()
			}
		}
	}()

	// Settle: every joined subscriber has seen a keyframe of the full layer (or the wait ran out).
	t1 := time.Now()
	for time.Since(t1) < *settleMax {
		full := 0
		for _, s := range subs {
			if s != nil && s.rx.snapWidth() == *fullWidth {
				full++
			}
		}
		if full == len(subs)-len(errs) {
			break
		}
		time.Sleep(200 * time.Millisecond)
	}
	settleMs := float64(time.Since(t1).Milliseconds())
	time.Sleep(*warmup)

	fmt.Println(`{"phase":"measuring"}`)
	start := make([]snapshot, len(subs))
	for i, s := range subs {
		if s != nil {
			start[i] = s.rx.snap(time.Now())
			s.rx.resetWindow()
		}
	}
	time.Sleep(*measure)
	rep := report{N: *n, JoinMs: joinMs, SettleMs: settleMs, WindowMs: float64(measure.Milliseconds()), JoinErrors: errs}
	for i, s := range subs {
		if s == nil {
			continue
		}
		rep.Joined++
		if s.got.Load() {
			rep.Subscribed++
		}
		e := s.rx.snap(time.Now())
		b := start[i]
		secs := e.at.Sub(b.at).Seconds()
		expected := int64(e.highest - b.highest)
		lost := expected - int64(e.unique-b.unique)
		if lost < 0 {
			lost = 0
		}
		res := result{Kbps: float64(e.bytes-b.bytes) * 8 / 1000 / secs, Packets: e.packets - b.packets, Lost: lost, Freezes: e.freezes - b.freezes, Keyframes: e.keyframes - b.keyframes, Width: s.rx.snapWidth(), MaxGapMs: float64(s.rx.windowMaxGap().Microseconds()) / 1000}
		if expected > 0 {
			res.LossPct = 100 * float64(lost) / float64(expected)
		}
		if res.Width == *fullWidth {
			rep.FullLayer++
		}
		rep.Subs = append(rep.Subs, res)
	}
	return json.NewEncoder(os.Stdout).Encode(rep)
}
