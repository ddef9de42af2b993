package rfc822

import (
	"bytes"
	"testing"
)

// BenchmarkBuildParse8MiB round-trips a message with an 8 MiB attachment.
func BenchmarkBuildParse8MiB(b *testing.B) {
	data := bytes.Repeat(allBytes(), 8<<20/768)
	var raw bytes.Buffer
	if err := Build(&raw, Draft{From: Address{Address: "a@example.com"}, Text: "see attached", Attachments: []DraftAttachment{{Filename: "big.bin", Data: data}}}); err != nil {
		b.Fatal(err)
	}
	b.SetBytes(int64(raw.Len()))
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		m, err := Parse(bytes.NewReader(raw.Bytes()), Limits{})
		if err != nil || len(m.Attachments) != 1 || !bytes.Equal(m.Attachments[0].Data, data) {
			b.Fatalf("round trip failed: %v", err)
		}
	}
}
