package bench

import (
	"os"
	"strconv"
	"strings"
	"syscall"
	"time"
)

// selfCPU is the CPU time (user and system) this process has used: the
// raw client's cost, read around its fetch.
func selfCPU() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// cpuTicks reads the machine's CPU time from /proc/stat: all of it and
// the part the host gave to other machines (steal), in clock ticks.
func cpuTicks() (total, steal uint64) {
	raw, err := os.ReadFile("/proc/stat")
	if err != nil {
		return 0, 0
	}
	line, _, _ := strings.Cut(string(raw), "\n")
	f := strings.Fields(line)
	if len(f) < 9 || f[0] != "cpu" {
		return 0, 0
	}
	for i, v := range f[1:] {
		n, _ := strconv.ParseUint(v, 10, 64)
		total += n
		if i == 7 {
			steal = n
		}
	}
	return total, steal
}

// stealMeter adds up how much of the machine's CPU the host took away
// over the spans it measured: on a shared host the wall-clock ratios
// move with it, and a reader of the table needs to know.
type stealMeter struct{ total, steal uint64 }

// span measures fn.
func (m *stealMeter) span(fn func()) {
	t0, s0 := cpuTicks()
	fn()
	t1, s1 := cpuTicks()
	m.total += t1 - t0
	m.steal += s1 - s0
}

// percent is the share stolen, 0–100.
func (m *stealMeter) percent() float64 {
	if m.total == 0 {
		return 0
	}
	return 100 * float64(m.steal) / float64(m.total)
}
