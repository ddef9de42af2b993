package imapsync

import (
	"fmt"
	"testing"
)

// Batches grow from the first size to the largest, and shrink again at
// the end; together they cover every UID once, in order.
func TestGrowingChunks(t *testing.T) {
	uids := make([]uint32, 10000)
	for i := range uids {
		uids[i] = uint32(len(uids) - i)
	}
	var sizes []int
	next := 0
	for c := range growingChunks(uids, 200, 2000) {
		for _, u := range c {
			if u != uids[next] {
				t.Fatalf("uid %d at %d, want %d", u, next, uids[next])
			}
			next++
		}
		sizes = append(sizes, len(c))
	}
	if next != len(uids) {
		t.Fatalf("chunks covered %d of %d", next, len(uids))
	}
	t.Logf("sizes %v", sizes)
	if sizes[0] != 200 || sizes[len(sizes)-1] > 250 {
		t.Errorf("sizes %v: want the first 200 and the last at most 250", sizes)
	}
	for _, s := range sizes {
		if s > 2000 {
			t.Errorf("sizes %v: a batch above 2000", sizes)
		}
	}
	var small []int
	for c := range growingChunks(uids[:150], 200, 2000) {
		small = append(small, len(c))
	}
	if fmt.Sprint(small) != "[150]" {
		t.Errorf("150 uids: %v", small)
	}
}
