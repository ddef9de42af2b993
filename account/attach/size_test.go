package attach

import "testing"

func TestHumanSize(t *testing.T) {
	for n, want := range map[int64]string{
		0: "0 bytes", 980: "980 bytes", 1200: "1 KB", 20 << 10: "20 KB",
		3565158: "3.4 MB", 1288490189: "1.2 GB",
	} {
		if got := HumanSize(n); got != want {
			t.Errorf("HumanSize(%d) = %q, want %q", n, got, want)
		}
	}
}
