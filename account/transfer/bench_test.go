package transfer

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"
	"time"

	"wren/account/internal/mailgen"
	"wren/account/mailfile"
	"wren/account/store"
)

// BenchmarkLocalImport imports a generated 2,000-message mbox into a
// local folder (profile with -cpuprofile; make bench has the figures).
func BenchmarkLocalImport(b *testing.B) {
	var buf bytes.Buffer
	w := mailfile.NewMboxWriter(&buf, mailfile.MboxRD)
	o := mailgen.Corpus()
	o.Now = time.Date(2026, 11, 1, 0, 0, 0, 0, time.UTC)
	for m := range mailgen.New(4, o).Messages(2000) {
		w.Write(mailfile.Message{Raw: m.Raw, Date: m.Date})
	}
	w.Flush()
	path := filepath.Join(b.TempDir(), "in.mbox")
	os.WriteFile(path, buf.Bytes(), 0o600)
	for b.Loop() {
		st, err := store.Open(b.Context(), filepath.Join(b.TempDir(), "mail.db"))
		if err != nil {
			b.Fatal(err)
		}
		if _, err := Import(b.Context(), MboxFile(path, mailfile.MboxRD, nil), Local{Store: st, Account: "pop", Folder: "In"}, Options{}); err != nil {
			b.Fatal(err)
		}
		st.Close()
	}
}
