package rfc822

import (
	"bytes"
	"testing"
)

func TestCRLFWriterSplitAcrossWrites(t *testing.T) {
	var buf bytes.Buffer
	w := NewCRLFWriter(&buf)
	for _, p := range []string{"a\r", "\nb\r", "c\n", "\r", "\r\n"} {
		w.Write([]byte(p))
	}
	if got, want := buf.String(), "a\r\nb\r\nc\r\n\r\n\r\n"; got != want {
		t.Fatalf("got %q, want %q", got, want)
	}
}
