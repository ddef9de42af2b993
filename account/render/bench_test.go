package render

import (
	"strings"
	"testing"
	"time"

	"golang.org/x/net/html"
)

// BenchmarkHTML converts every html/ corpus body, and reports how long
// x/net/html.Parse alone takes for the same bodies in the same run
// ("x-parse": conversion time over parse time).
func BenchmarkHTML(b *testing.B) {
	var bodies []string
	size := 0
	for _, m := range corpusMessages(b, "html") {
		if m.HTML != "" {
			bodies = append(bodies, m.HTML)
			size += len(m.HTML)
		}
	}
	b.SetBytes(int64(size))
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		for _, s := range bodies {
			HTML(s, Options{})
		}
	}
	render := b.Elapsed()
	b.StopTimer()
	start := time.Now()
	for range b.N {
		for _, s := range bodies {
			if _, err := html.Parse(strings.NewReader(s)); err != nil {
				b.Fatal(err)
			}
		}
	}
	parse := time.Since(start)
	b.ReportMetric(float64(render)/float64(parse), "x-parse")
	b.Logf("%d bodies, %d bytes: convert %v, x/net/html.Parse %v per run", len(bodies), size, render/time.Duration(b.N), parse/time.Duration(b.N))
}
