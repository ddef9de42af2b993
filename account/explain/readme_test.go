package explain

import (
	"os"
	"strings"
	"testing"
)

// wrenCodes are the codes Wren adds to the transport catalog, with their
// titles, in the order the README lists them.
func wrenCodes() [][2]string {
	var out [][2]string
	for _, s := range sentinels {
		out = append(out, [2]string{s.code, s.title})
	}
	for _, s := range contextSentinels {
		out = append(out, [2]string{s.code, s.title})
	}
	return append(out, [2]string{CodeUnknown, unknownWords.title})
}

// The README documents Wren's own codes as it does the transport's: users
// quote them to support.
func TestREADMEListsWrenCodes(t *testing.T) {
	b, err := os.ReadFile("../../README.md")
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range wrenCodes() {
		row := "| " + c[0] + " | " + c[1] + " |"
		if os.Getenv("WREN_PRINT_ROWS") != "" {
			t.Log(row)
		}
		if !strings.Contains(string(b), row) {
			t.Errorf("README lacks the row %q", row)
		}
	}
}
