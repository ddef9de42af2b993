package render

import (
	"fmt"
	"runtime"
	"strings"
	"testing"
)

// quadraticShapes make naive converters quadratic in the input size.
func quadraticShapes() map[string]func(n int) (string, bool) {

	return map[string]func(n int) (string, bool){
		"css url(":      func(n int) (string, bool) { return "<style>" + strings.Repeat("url(", n) + "</style>", true },
		"css comments":  func(n int) (string, bool) { return "<div style='" + strings.Repeat("/**/a:b;", n) + "'>x</div>", true },
		"links":         func(n int) (string, bool) { return strings.Repeat("<a href=https://x.example/>y ", n), true },
		"unclosed cell": func(n int) (string, bool) { return "<table>" + strings.Repeat("<tr><td>x<td>y", n), true },
		"hidden p":      func(n int) (string, bool) { return strings.Repeat("<p style=display:none>x", n), true },
		"stray ends":    func(n int) (string, bool) { return strings.Repeat("<div>", 300) + strings.Repeat("</span>", n), true },
		"unclosed":      func(n int) (string, bool) { return strings.Repeat("<div><span>x", n), true },
		"br":            func(n int) (string, bool) { return "<p>" + strings.Repeat("x<br>", n), true },
		"text schemes":  func(n int) (string, bool) { return strings.Repeat("http:// ", n), false },
		"text urls":     func(n int) (string, bool) { return strings.Repeat("see https://x.example/a ", n), false },
		"text parens":   func(n int) (string, bool) { return "https://x.example/" + strings.Repeat(")", n), false },
		"text quotes":   func(n int) (string, bool) { return strings.Repeat("> ", n) + "x\n", false },
	}
}

func convert(src string, isHTML bool) {
	if isHTML {
		_ = HTML(src, Options{}).PlainText()
		SanitizedHTML(src)
		return
	}
	_ = Text(src).PlainText()
}

// TestNoQuadraticMemory checks that four times the input allocates about
// four times the memory (quadratic copying would be sixteen). Allocation
// counts do not depend on the machine's load; the time is measured by
// BenchmarkScaling.
func TestNoQuadraticMemory(t *testing.T) {
	for name, shape := range quadraticShapes() {
		allocated := func(n int) uint64 {
			src, isHTML := shape(n)
			var before, after runtime.MemStats
			runtime.GC()
			runtime.ReadMemStats(&before)
			convert(src, isHTML)
			runtime.ReadMemStats(&after)
			return after.TotalAlloc - before.TotalAlloc
		}
		small, large := allocated(5000), allocated(20000)
		if large > 8*small+1<<20 {
			t.Errorf("%s: 20k allocated %d bytes, 5k %d: not linear", name, large, small)
		}
	}
}

// BenchmarkScaling times each shape at 5k and 20k repetitions; the ratio
// of the two (about 4 when linear) is what to compare, not the absolute
// figures.
func BenchmarkScaling(b *testing.B) {
	for name, shape := range quadraticShapes() {
		for _, n := range []int{5000, 20000} {
			src, isHTML := shape(n)
			b.Run(fmt.Sprintf("%s/%d", strings.ReplaceAll(name, " ", "_"), n), func(b *testing.B) {
				for b.Loop() {
					convert(src, isHTML)
				}
			})
		}
	}
}
