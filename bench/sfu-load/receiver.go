package main

import (
	"sync"
	"time"

	"github.com/pion/rtp"
)

const seqWindow = 1 << 14 // packets remembered for duplicate detection (≈ 10 s at 1,500 packets/s)

// receiver counts what one subscriber gets of one track, without decoding: packets, bytes, unique sequence
// numbers (so a retransmission that fills a gap is no loss), frame gaps (freezes) and the resolution of
// the last VP8 keyframe (which layer the SFU forwards).
type receiver struct {
	mu         sync.Mutex
	started    bool
	highest    uint64 // extended sequence number
	seen       [seqWindow / 64]uint64
	packets    uint64
	bytes      uint64
	unique     uint64
	lastFrame  time.Time
	frameTS    uint32
	haveTS     bool
	freezes    int
	maxGap     time.Duration
	width      int
	keyframes  int
	firstFrame time.Time
}

// snapshot is what the window's deltas are taken from.
type snapshot struct {
	at                      time.Time
	highest, packets, bytes uint64
	unique                  uint64
	freezes, keyframes      int
}

const freezeGap = 250 * time.Millisecond // WebRTC's freeze: a frame gap over max(3 × frame time, frame time + 150 ms)

func (r *receiver) add(h *rtp.Header, payload []byte, size int, now time.Time) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.packets++
	r.bytes += uint64(size)
	ext := uint64(h.SequenceNumber)
	if !r.started {
		r.started, r.highest = true, ext
	} else {
		// Unwrap the 16-bit number against the highest seen.
		hi16 := uint16(r.highest)
		delta := int16(h.SequenceNumber - hi16)
		ext = uint64(int64(r.highest) + int64(delta))
	}
	if ext > r.highest {
		for s := r.highest + 1; s <= ext && s <= r.highest+seqWindow; s++ {
			r.seen[(s%seqWindow)/64] &^= 1 << (s % 64)
		}
		r.highest = ext
	}
	if r.highest-ext < seqWindow {
		word, bit := (ext%seqWindow)/64, uint64(1)<<(ext%64)
		if r.seen[word]&bit == 0 {
			r.seen[word] |= bit
			r.unique++
		}
	}
	if w := vp8KeyframeWidth(payload); w > 0 {
		r.width = w
		r.keyframes++
	}
	// A new RTP timestamp is a new frame; the gap between frames' first packets shows a freeze.
	if !r.haveTS || h.Timestamp != r.frameTS {
		if r.haveTS {
			gap := now.Sub(r.lastFrame)
			if gap > r.maxGap {
				r.maxGap = gap
			}
			if gap > freezeGap {
				r.freezes++
			}
		} else {
			r.firstFrame = now
		}
		r.haveTS, r.frameTS, r.lastFrame = true, h.Timestamp, now
	}
}

func (r *receiver) snap(now time.Time) snapshot {
	r.mu.Lock()
	defer r.mu.Unlock()
	return snapshot{at: now, highest: r.highest, packets: r.packets, bytes: r.bytes, unique: r.unique, freezes: r.freezes, keyframes: r.keyframes}
}

// vp8KeyframeWidth reads the width from the first packet of a VP8 keyframe (RFC 7741 payload descriptor,
// then the keyframe header of RFC 6386 §9.1); 0 for any other packet.
func vp8KeyframeWidth(p []byte) int {
	if len(p) < 1 {
		return 0
	}
	x, s, pid := p[0]&0x80 != 0, p[0]&0x10 != 0, p[0]&0x07
	if !s || pid != 0 {
		return 0
	}
	i := 1
	if x {
		if len(p) < 2 {
			return 0
		}
		ext := p[1]
		i = 2
		if ext&0x80 != 0 { // picture id
			if len(p) <= i {
				return 0
			}
			if p[i]&0x80 != 0 {
				i += 2
			} else {
				i++
			}
		}
		if ext&0x40 != 0 { // TL0PICIDX
			i++
		}
		if ext&0x30 != 0 { // TID / KEYIDX
			i++
		}
	}
	if len(p) < i+10 || p[i]&0x01 != 0 { // P bit set: an interframe
		return 0
	}
	if p[i+3] != 0x9d || p[i+4] != 0x01 || p[i+5] != 0x2a {
		return 0
	}
	return int(uint16(p[i+6])|uint16(p[i+7])<<8) & 0x3fff
}

func (r *receiver) snapWidth() int {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.width
}

// resetWindow starts the longest-gap measure afresh (the join's wait for a first frame is no freeze).
func (r *receiver) resetWindow() {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.maxGap = 0
}

func (r *receiver) windowMaxGap() time.Duration {
	r.mu.Lock()
	defer r.mu.Unlock()
	// A stream that stopped altogether shows as a gap up to now.
	if g := time.Since(r.lastFrame); r.haveTS && g > r.maxGap {
		return g
	}
	return r.maxGap
}
