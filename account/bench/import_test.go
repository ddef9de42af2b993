package bench

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/mail"
	"os"
	"path/filepath"
	"testing"
	"time"

	"wren/account/internal/wrenbin"
	"wren/account/mailfile"
	"wren/account/store"
	"wren/account/transfer"
	"wren/transport/testserver"
)

// writeCorpusMbox writes the benchmark's generated corpus (long header
// blocks, Received chains, encoded names, threads, attachments) as an
// mbox of n messages and returns its path and size.
func writeCorpusMbox(tb testing.TB, n int) (string, int64) {
	tb.Helper()
	path := filepath.Join(tb.TempDir(), "corpus.mbox")
	f, err := os.Create(path)
	if err != nil {
		tb.Fatal(err)
	}
	defer f.Close()
	bw := bufio.NewWriterSize(f, 1<<20)
	w := mailfile.NewMboxWriter(bw, mailfile.MboxRD)
	count := 0
	for m := range corpusFor(testserver.User{}).Messages(n) { // the generator's own owner
		if err := w.Write(mailfile.Message{Raw: m.Raw, Date: m.Date}); err != nil {
			tb.Fatal(err)
		}
		count++
	}
	if err := w.Flush(); err != nil {
		tb.Fatal(err)
	}
	if err := bw.Flush(); err != nil {
		tb.Fatal(err)
	}
	fi, err := f.Stat()
	if err != nil || count != n {
		tb.Fatalf("wrote %d of %d messages: %v", count, n, err)
	}
	return path, fi.Size()
}

// rawMboxRead is the baseline: read the file, cut it at its "From "
// lines and parse each message's header with net/mail, the body read
// through; no store.
func rawMboxRead(path string) (time.Duration, int, error) {
	start := time.Now()
	f, err := os.Open(path)
	if err != nil {
		return 0, 0, err
	}
	defer f.Close()
	r := bufio.NewReaderSize(f, 64<<10)
	var msg bytes.Buffer
	n := 0
	parse := func() error {
		if msg.Len() == 0 {
			return nil
		}
		m, err := mail.ReadMessage(bytes.NewReader(msg.Bytes()))
		if err != nil {
			return err
		}
		if _, err := io.Copy(io.Discard, m.Body); err != nil {
			return err
		}
		n++
		msg.Reset()
		return nil
	}
	prevBlank := true
	for {
		line, err := r.ReadSlice('\n')
		if len(line) > 0 {
			if prevBlank && bytes.HasPrefix(line, []byte("From ")) {
				if perr := parse(); perr != nil {
					return 0, n, perr
				}
			} else {
				msg.Write(line)
			}
			prevBlank = len(bytes.TrimRight(line, "\r\n")) == 0
		}
		if err == io.EOF {
			break
		}
		if err != nil && err != bufio.ErrBufferFull {
			return 0, n, err
		}
	}
	if err := parse(); err != nil {
		return 0, n, err
	}
	return time.Since(start), n, nil
}

// importRows times `wren import` of an n-message mbox into a POP3
// account's local folder (a fresh profile each round, the real program as
// a process) beside the raw read-and-parse loop, in turn; and, for
// diagnosis, the same import in process (no program start, no keyring).
func importRows(ctx context.Context, b *testing.B, srv *testserver.Servers, n int) []Row {
	bin := wrenbin.Build(b)
	u := srv.NewUser(b)
	path, size := writeCorpusMbox(b, n)
	b.Logf("mbox of %d messages, %d MB", n, size>>20)
	nr := benchRounds(b)
	var raws, wrens, inproc []time.Duration
	var peak int64
	for round := range nr {
		raw, got, err := rawMboxRead(path)
		if err != nil || got != n {
			b.Fatalf("raw read: %d of %d messages, %v", got, n, err)
		}
		raws = append(raws, raw)

		dir := b.TempDir()
		w := wrenProcess{bin: bin, dir: dir, ca: srv.CAFile}
		run := func(stdin string, args ...string) ([]byte, time.Duration, error) {
			out, _, p, took, err := w.runPeak(ctx, stdin, args...)
			peak = max(peak, p)
			return out, took, err
		}
		if _, _, err := run(u.Password+"\n", "account", "add", u.Address, "--password-stdin", "--name", "Pop",
			"--incoming", "pop3s://"+srv.POP3TLS.Address(), "--outgoing", "smtps://"+srv.SubmitTLS.Address()); err != nil {
			b.Fatal(err)
		}
		out, took, err := run("", "import", path, "--folder", "Imported", "--json")
		if err != nil {
			b.Fatal(err)
		}
		var res struct {
			OK       bool
			Imported int
		}
		if err := json.Unmarshal(out, &res); err != nil || !res.OK || res.Imported != n {
			b.Fatalf("wren import: %v\n%s", err, out)
		}
		wrens = append(wrens, took)

		st, err := store.Open(ctx, filepath.Join(b.TempDir(), "mail.db"))
		if err != nil {
			b.Fatal(err)
		}
		start := time.Now()
		r, err := transfer.Import(ctx, transfer.MboxFile(path, mailfile.MboxRD, nil),
			transfer.Local{Store: st, Account: "pop", Folder: "Imported"}, transfer.Options{})
		inproc = append(inproc, time.Since(start))
		st.Close()
		if err != nil || r.Imported != n {
			b.Fatalf("in-process import: %d of %d, %v", r.Imported, n, err)
		}
		b.Logf("import round %d: raw %v, wren %v, in process %v", round, raw, took, inproc[len(inproc)-1])
	}
	return []Row{
		{Figure: fmt.Sprintf("`wren import` of a %d-message mbox (%d MB) into a local folder (whole process)", n, size>>20),
			Wren: median(wrens), Raw: median(raws), RawName: "read + cut at From lines + net/mail header parse, no store",
			PeakRSS: peak, Target: "–", Info: true},
		{Figure: "the same import in process (diagnostic)", Wren: median(inproc), Raw: median(raws),
			RawName: "as above", Target: "–", Info: true},
	}
}

// BenchmarkIssue19Import: import of a generated mbox (WREN_BENCH_N
// messages) by the real program, beside a raw loop over the same file.
func BenchmarkIssue19Import(b *testing.B) {
	srv := testserver.Require(b)
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Minute)
	defer cancel()
	rows := importRows(ctx, b, srv, corpusSize(b))
	title := fmt.Sprintf("Import by the real program, %s; times are medians of %d rounds taken in turn with the raw loop",
		time.Now().UTC().Format("2006-01-02"), benchRounds(b))
	report(b, title, "results-import.md", rows)
}
