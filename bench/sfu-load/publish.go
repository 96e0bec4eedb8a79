package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"path/filepath"
	"syscall"
	"time"

	"github.com/livekit/protocol/livekit"
	lksdk "github.com/livekit/server-sdk-go/v2"
	"github.com/pion/webrtc/v4"
	"github.com/pion/webrtc/v4/pkg/media"
	"github.com/pion/webrtc/v4/pkg/media/ivfreader"
)

// loopingIVF hands out the frames of an IVF file forever, in memory: a publisher that never runs dry.
type loopingIVF struct {
	frames   [][]byte
	i        int
	duration time.Duration
}

func loadIVF(path string) (*loopingIVF, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	r, h, err := ivfreader.NewWith(f)
	if err != nil {
		return nil, err
	}
	out := &loopingIVF{duration: time.Second * time.Duration(h.TimebaseNumerator) / time.Duration(h.TimebaseDenominator)}
	for {
		frame, _, err := r.ParseNextFrame()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, err
		}
		out.frames = append(out.frames, frame)
	}
	if len(out.frames) == 0 {
		return nil, fmt.Errorf("%s has no frames", path)
	}
	return out, nil
}

func (l *loopingIVF) NextSample(context.Context) (media.Sample, error) {
	s := media.Sample{Data: l.frames[l.i], Duration: l.duration}
	l.i = (l.i + 1) % len(l.frames)
	return s, nil
}
func (l *loopingIVF) OnBind() error   { return nil }
func (l *loopingIVF) OnUnbind() error { return nil }
func (l *loopingIVF) Close() error    { return nil }

var layers = []struct {
	file    string
	quality livekit.VideoQuality
	w, h    uint32
}{
	{"q.ivf", livekit.VideoQuality_LOW, 320, 180},
	{"h.ivf", livekit.VideoQuality_MEDIUM, 640, 360},
	{"f.ivf", livekit.VideoQuality_HIGH, 1280, 720},
}

func runPublish(args []string) error {
	fs := flag.NewFlagSet("publish", flag.ExitOnError)
	url := fs.String("url", "", "LiveKit URL (ws://...)")
	room := fs.String("room", "", "room name")
	dir := fs.String("media", "", "folder with q.ivf, h.ivf, f.ivf (VP8: 320x180, 640x360, 1280x720)")
	_ = fs.Parse(args)
	tok, err := token(*room, "sfu-load-publisher", true)
	if err != nil {
		return err
	}
	var tracks []*lksdk.LocalTrack
	var providers []*loopingIVF
	for _, l := range layers {
		p, err := loadIVF(filepath.Join(*dir, l.file))
		if err != nil {
			return err
		}
		t, err := lksdk.NewLocalTrack(webrtc.RTPCodecCapability{MimeType: webrtc.MimeTypeVP8, ClockRate: 90000}, lksdk.WithSimulcast("camera", &livekit.VideoLayer{Quality: l.quality, Width: l.w, Height: l.h}))
		if err != nil {
			return err
		}
		tracks, providers = append(tracks, t), append(providers, p)
	}
	r, err := lksdk.ConnectToRoomWithToken(*url, tok, &lksdk.RoomCallback{}, lksdk.WithAutoSubscribe(false))
	if err != nil {
		return err
	}
	defer r.Disconnect()
	if _, err := r.LocalParticipant.PublishSimulcastTrack(tracks, &lksdk.TrackPublicationOptions{Name: "camera", Source: livekit.TrackSource_CAMERA, VideoWidth: 1280, VideoHeight: 720}); err != nil {
		return err
	}
	for i, t := range tracks {
		if err := t.StartWrite(providers[i], nil); err != nil {
			return err
		}
	}
	fmt.Println(`{"published":true}`)
	stop := make(chan os.Signal, 1)
	signal.Notify(stop, syscall.SIGTERM, syscall.SIGINT)
	<-stop
	return nil
}
