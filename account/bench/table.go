package bench

import (
	"fmt"
	"io"
	"strings"
	"time"
)

// Row is one line of the results table: a Wren figure beside its raw
// baseline. A zero Raw means the figure has an absolute target only.
type Row struct {
	Figure string
	Wren   time.Duration
	Raw    time.Duration
	// RawName says which raw client Raw came from.
	RawName string
	// Target is the target in words; Pass is whether it was met.
	Target string
	Pass   bool
	// PeakRSS is the process's peak during the figure, 0 when not taken.
	PeakRSS int64
	// Info marks a figure shown for context, without a target to pass.
	Info bool
}

// Ratio is Wren over raw, 0 without a baseline.
func (r Row) Ratio() float64 {
	if r.Raw <= 0 {
		return 0
	}
	return float64(r.Wren) / float64(r.Raw)
}

// WriteTable prints rows as a Markdown table.
func WriteTable(w io.Writer, title string, rows []Row) error {
	var b strings.Builder
	fmt.Fprintf(&b, "%s\n\n", title)
	b.WriteString("| figure | Wren | raw | raw client | ratio | peak RSS | target | result |\n")
	b.WriteString("| --- | ---: | ---: | --- | ---: | ---: | --- | --- |\n")
	for _, r := range rows {
		wren, raw, ratio, rss := "–", "–", "–", "–"
		if r.Wren > 0 {
			wren = dur(r.Wren)
		}
		if r.Raw > 0 {
			raw, ratio = dur(r.Raw), fmt.Sprintf("%.2f×", r.Ratio())
		}
		if r.PeakRSS > 0 {
			rss = fmt.Sprintf("%d MB", (r.PeakRSS+(1<<19))>>20)
		}
		result := "fail"
		switch {
		case r.Info:
			result = "–"
		case r.Pass:
			result = "pass"
		}
		fmt.Fprintf(&b, "| %s | %s | %s | %s | %s | %s | %s | %s |\n",
			r.Figure, wren, raw, orDash(r.RawName), ratio, rss, r.Target, result)
	}
	_, err := io.WriteString(w, b.String())
	return err
}

func dur(d time.Duration) string {
	switch {
	case d >= time.Second:
		return fmt.Sprintf("%.2f s", d.Seconds())
	case d >= time.Millisecond:
		return fmt.Sprintf("%.1f ms", float64(d)/float64(time.Millisecond))
	default:
		return fmt.Sprintf("%d µs", d.Microseconds())
	}
}

func orDash(s string) string {
	if s == "" {
		return "–"
	}
	return s
}
