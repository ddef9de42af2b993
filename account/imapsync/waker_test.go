package imapsync

import (
	"context"
	"testing"
	"time"
)

func TestWaker(t *testing.T) {
	var w Waker
	w.Signal()
	w.Signal() // two before anyone looks: one wake-up
	if woken, stop := w.Pause(t.Context(), time.Hour); !woken || stop {
		t.Fatalf("pending wake-up: woken %v, stop %v", woken, stop)
	}
	if woken, stop := w.Pause(t.Context(), time.Millisecond); woken || stop {
		t.Fatalf("a second wake-up from two signals: woken %v, stop %v", woken, stop)
	}
	w.Signal()
	w.Drain()
	if woken, _ := w.Pause(t.Context(), time.Millisecond); woken {
		t.Fatal("a drained wake-up still woke")
	}
	ctx, cancel := context.WithCancel(t.Context())
	cancel()
	if woken, stop := w.Pause(ctx, time.Hour); woken || !stop {
		t.Fatalf("ended context: woken %v, stop %v", woken, stop)
	}
}
