package bench

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"syscall"
	"testing"
	"time"

	goimap "github.com/emersion/go-imap/v2"

	"wren/account/internal/mailgen"
	"wren/account/internal/wrenbin"
	"wren/transport/testserver"
)

// Issue 20's targets: the real program, the same run's raw client.
const (
	syncRatio      = 2.5
	resyncRatio    = 1.0
	processSearch  = 50 * time.Millisecond
	syncPeakRSS    = 100 << 20
	writtenPerSize = 3.0
	firstScreenMax = 500 * time.Millisecond
)

// mailbox is the realistic account of issue 20: an Inbox of n, an
// Archive of n/4 and a Sent folder of n/10.
type mailbox struct {
	folders []string
	counts  map[string]int
	bytes   int64
}

// loadMailbox writes the generated corpus into u's Maildir folders:
// the generator's own Sent mail into Sent, the rest into INBOX until it
// holds n, then into Archive.
func loadMailbox(tb testing.TB, srv *testserver.Servers, u testserver.User, n int) mailbox {
	tb.Helper()
	want := map[string]int{"INBOX": n, "Archive": n / 4, "Sent": n / 10}
	dirs := map[string]*Maildir{}
	for f := range want {
		dirs[f] = maildirOf(tb, srv, u, f)
	}
	total := n + n/4 + n/10
	mb := mailbox{folders: []string{"INBOX", "Archive", "Sent"}, counts: map[string]int{}}
	// Sent mail is about a fifth of what the generator writes; asking for
	// three times the total always fills every folder.
	for m := range corpusFor(u).Messages(3 * total) {
		f := "INBOX"
		switch {
		case m.Folder == mailgen.FolderSent:
			f = "Sent"
		case mb.counts["INBOX"] >= want["INBOX"]:
			f = "Archive"
		}
		if mb.counts[f] >= want[f] {
			continue
		}
		if err := dirs[f].Put(m.Raw, m.Date, m.Flags); err != nil {
			tb.Fatal(err)
		}
		mb.counts[f]++
		mb.bytes += int64(len(m.Raw))
		if mb.counts["INBOX"]+mb.counts["Archive"]+mb.counts["Sent"] == total {
			return mb
		}
	}
	tb.Fatalf("the generator filled %v of %v", mb.counts, want)
	return mb
}

// rawFetchFolders times the raw client fetching items of every folder of
// mb over one session, and each folder's share.
func rawFetchFolders(srv *testserver.Servers, u testserver.User, mb mailbox, items *goimap.FetchOptions) (time.Duration, map[string]time.Duration, error) {
	c, err := rawIMAPLogin(srv, u)
	if err != nil {
		return 0, nil, err
	}
	defer c.Close()
	each := map[string]time.Duration{}
	start := time.Now()
	for _, f := range mb.folders {
		t := time.Now()
		if _, err := c.Select(f, &goimap.SelectOptions{ReadOnly: true}).Wait(); err != nil {
			return 0, nil, err
		}
		n, err := fetchAll(c, items)
		if err != nil {
			return 0, nil, err
		}
		if n != mb.counts[f] {
			return 0, nil, fmt.Errorf("raw fetch of %s saw %d of %d", f, n, mb.counts[f])
		}
		each[f] = time.Since(t)
	}
	el := time.Since(start)
	return el, each, c.Logout().Wait()
}

// syncRun is one `wren sync --json` of the real program.
type syncRun struct {
	took    time.Duration
	folders map[string]float64 // seconds per folder, as it reports them
	timings map[string]float64
	peak    int64 // bytes
	written int64 // bytes the process caused to be written to storage
	cpu     time.Duration
}

// wrenProcess runs the real program on a profile.
type wrenProcess struct {
	bin, dir, ca string
}

// run runs the program with args; it returns what it printed, how it
// ended, its peak resident memory and how long it took.
func (w wrenProcess) run(ctx context.Context, stdin string, args ...string) ([]byte, *os.ProcessState, time.Duration, error) {
	out, ps, _, took, err := w.runPeak(ctx, stdin, args...)
	return out, ps, took, err
}

func (w wrenProcess) runPeak(ctx context.Context, stdin string, args ...string) ([]byte, *os.ProcessState, int64, time.Duration, error) {
	cmd := exec.CommandContext(ctx, w.bin, append([]string{"--profile", w.dir}, args...)...)
	cmd.Stdin = bytes.NewBufferString(stdin)
	cmd.Env = append(os.Environ(), "SSL_CERT_FILE="+w.ca)
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	start := time.Now()
	peak, err := RunPeak(cmd)
	took := time.Since(start)
	if err != nil {
		err = fmt.Errorf("wren %v: %w\n%s\n%s", args, err, stdout.String(), stderr.String())
	}
	return stdout.Bytes(), cmd.ProcessState, peak, took, err
}

func (w wrenProcess) sync(ctx context.Context, mb mailbox) (syncRun, error) {
	out, ps, peak, took, err := w.runPeak(ctx, "", "sync", "--json")
	if err != nil {
		return syncRun{}, err
	}
	var res struct {
		OK      bool
		Folders []struct {
			Name     string
			Messages int
			Seconds  float64
		}
		Timings map[string]float64
	}
	if err := json.Unmarshal(out, &res); err != nil || !res.OK {
		return syncRun{}, fmt.Errorf("wren sync: %v\n%s", err, out)
	}
	r := syncRun{took: took, folders: map[string]float64{}, timings: res.Timings, peak: peak}
	for _, f := range res.Folders {
		if want, ok := mb.counts[f.Name]; ok && f.Messages != want {
			return syncRun{}, fmt.Errorf("wren sync saw %d messages in %s, want %d", f.Messages, f.Name, want)
		}
		r.folders[f.Name] = f.Seconds
	}
	if ru, ok := ps.SysUsage().(*syscall.Rusage); ok {
		r.written = ru.Oublock * 512
		r.cpu = time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
	}
	return r, nil
}

// storeSize is the size of the profile's store files.
func storeSize(dir string) int64 {
	var n int64
	filepath.Walk(dir, func(_ string, fi os.FileInfo, err error) error {
		if err == nil && !fi.IsDir() && filepath.Ext(fi.Name()) != ".json" && filepath.Ext(fi.Name()) != ".log" {
			n += fi.Size()
		}
		return nil
	})
	return n
}

func syncRows(ctx context.Context, b *testing.B, srv *testserver.Servers, n int) []Row {
	bin := wrenbin.Build(b)
	u := srv.NewUser(b)
	start := time.Now()
	mb := loadMailbox(b, srv, u, n)
	b.Logf("loaded %v (%d MB) in %s", mb.counts, mb.bytes>>20, time.Since(start).Round(time.Millisecond))
	if _, _, err := rawFetchFolders(srv, u, mb, warmItems()); err != nil {
		b.Fatalf("warm-up fetch: %v", err)
	}
	var raws, rawInbox, syncs, inbox, resyncs, rawFlags, searches []time.Duration
	var cpus, rawCPUs []time.Duration // CPU time used
	var stolen stealMeter             // over the raw fetches and the syncs
	var err error
	var peak, written, size int64
	var phases map[string]float64
	for round := range benchRounds(b) {
		var raw time.Duration
		var each map[string]time.Duration
		cpu0 := selfCPU()
		stolen.span(func() { raw, each, err = rawFetchFolders(srv, u, mb, envelopeItems()) })
		if err != nil {
			b.Fatal(err)
		}
		raws, rawInbox = append(raws, raw), append(rawInbox, each["INBOX"])
		rawCPUs = append(rawCPUs, selfCPU()-cpu0)

		w := wrenProcess{bin: bin, dir: b.TempDir(), ca: srv.CAFile}
		if _, _, _, err := w.run(ctx, u.Password+"\n", "account", "add", u.Address, "--password-stdin", "--name", "Bench",
			"--incoming", "imaps://"+srv.IMAPTLS.Address(), "--outgoing", "smtps://"+srv.SubmitTLS.Address()); err != nil {
			b.Fatal(err)
		}
		var r syncRun
		stolen.span(func() { r, err = w.sync(ctx, mb) })
		if err != nil {
			b.Fatal(err)
		}
		syncs, cpus = append(syncs, r.took), append(cpus, r.cpu)
		inbox = append(inbox, time.Duration(r.folders["INBOX"]*float64(time.Second)))
		peak, written, phases = max(peak, r.peak), max(written, r.written), r.timings
		size = storeSize(w.dir)

		rf, _, err := rawFetchFolders(srv, u, mb, flagsItems())
		if err != nil {
			b.Fatal(err)
		}
		rawFlags = append(rawFlags, rf)
		again, err := w.sync(ctx, mb)
		if err != nil {
			b.Fatal(err)
		}
		resyncs = append(resyncs, again.took)

		for _, q := range []string{"budget", "from:anna", "subject:flight"} {
			_, _, took, err := w.run(ctx, "", "search", q, "--json")
			if err != nil {
				b.Fatal(err)
			}
			searches = append(searches, took)
		}
		b.Logf("round %d: raw %v (INBOX %v), wren sync %v (INBOX %.2fs, CPU %v), phases %v, resync %v (raw FLAGS %v), peak %d MB, written %d MB of a %d MB store",
			round, raw, each["INBOX"], r.took, r.folders["INBOX"], r.cpu.Round(time.Millisecond), r.timings, again.took, rf, r.peak>>20, r.written>>20, size>>20)
	}
	// The window on a fresh profile of the same account, timed from its
	// login to the newest 50 rows in its list, beside the command line's
	// whole first sync.
	var shown []time.Duration
	for range benchRounds(b) {
		w := wrenProcess{bin: bin, dir: b.TempDir(), ca: srv.CAFile}
		if _, _, _, err := w.run(ctx, u.Password+"\n", "account", "add", u.Address, "--password-stdin", "--name", "Bench",
			"--incoming", "imaps://"+srv.IMAPTLS.Address(), "--outgoing", "smtps://"+srv.SubmitTLS.Address()); err != nil {
			b.Fatal(err)
		}
		fs, err := windowFirstScreen(ctx, b, w)
		if err != nil {
			b.Fatal(err)
		}
		shown = append(shown, fs.rows-fs.login)
		b.Logf("window: logged in %v after start, newest 50 rows %v after start", fs.login, fs.rows)
	}
	total := n + n/4 + n/10
	sync, raw := median(syncs), median(raws)
	return []Row{
		{Figure: fmt.Sprintf("`wren sync`, fresh profile, all folders (%d messages), header search ready", total),
			Wren: sync, Raw: raw, RawName: "UID FETCH 1:* (UID FLAGS RFC822.SIZE ENVELOPE) of the 3 folders, one session",
			Target: fmt.Sprintf("≤ %.1f× raw", syncRatio), Pass: float64(sync) <= syncRatio*float64(raw), PeakRSS: peak},
		{Figure: fmt.Sprintf("INBOX (%d) headers inside that sync, before the threads and index of the end", n),
			Wren: median(inbox), Raw: median(rawInbox), RawName: "the same fetch of INBOX", Target: "–", Info: true},
		{Figure: fmt.Sprintf("phases of the last sync: %s", phaseWords(phases)), Target: "–", Info: true},
		{Figure: fmt.Sprintf("CPU time (user and system) of that sync, against the raw client's own; the host took %.0f%% of the machine's CPU during the timed fetches and syncs", stolen.percent()),
			Wren: median(cpus), Raw: median(rawCPUs), RawName: "the raw client's process", Target: "–", Info: true},
		{Figure: fmt.Sprintf("peak resident memory; written %d MB for a %d MB store (%.1f×)", written>>20, size>>20, float64(written)/float64(max(size, 1))),
			PeakRSS: peak, Target: fmt.Sprintf("≤ %d MB, written ≤ %.0f× store", syncPeakRSS>>20, writtenPerSize),
			Pass: peak <= syncPeakRSS && float64(written) <= writtenPerSize*float64(size)},
		{Figure: "unchanged `wren sync` (whole process)", Wren: median(resyncs), Raw: median(rawFlags),
			RawName: "UID FETCH 1:* (UID FLAGS) of the 3 folders", Target: fmt.Sprintf("≤ %.1f× raw (at 100k)", resyncRatio),
			Pass: float64(median(resyncs)) <= resyncRatio*float64(median(rawFlags))},
		{Figure: "`wren search` median (whole process, 3 queries per round)", Wren: median(searches),
			Target: "< 50 ms", Pass: median(searches) < processSearch},
		{Figure: "the window on a fresh profile: newest 50 rows listed, after its login", Wren: median(shown),
			Target: "< 0.5 s", Pass: median(shown) < firstScreenMax},
	}
}

// phaseWords lists a sync's phase timings.
func phaseWords(p map[string]float64) string {
	if len(p) == 0 {
		return "none reported"
	}
	var b bytes.Buffer
	for _, k := range []string{"connect", "fetch", "store", "index", "total"} {
		if v, ok := p[k]; ok {
			fmt.Fprintf(&b, "%s %.2f s, ", k, v)
		}
	}
	return string(bytes.TrimSuffix(b.Bytes(), []byte(", ")))
}

// BenchmarkIssue20Sync: the first sync as the user meets it, the real
// `wren sync` on a fresh profile against the test Dovecot holding a
// realistic mailbox (WREN_BENCH_N in INBOX, a quarter of it in Archive, a
// tenth in Sent), beside the raw client in the same run.
func BenchmarkIssue20Sync(b *testing.B) {
	srv := testserver.Require(b)
	ctx, cancel := context.WithTimeout(context.Background(), 90*time.Minute)
	defer cancel()
	rows := syncRows(ctx, b, srv, corpusSize(b))
	title := fmt.Sprintf("The first sync by the real program, %s; times are medians of %d rounds taken in turn with the raw client",
		time.Now().UTC().Format("2006-01-02"), benchRounds(b))
	report(b, title, fmt.Sprintf("results-sync-%d.md", corpusSize(b)), rows)
}
