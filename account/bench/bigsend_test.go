package bench

import (
	"bufio"
	"context"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"io"
	"math/rand/v2"
	"os"
	"path/filepath"
	"testing"
	"time"

	goimap "github.com/emersion/go-imap/v2"
	"github.com/emersion/go-sasl"
	gosmtp "github.com/emersion/go-smtp"

	"wren/account/internal/wrenbin"
	"wren/transport/testserver"
)

// bigSend is one large message of the memory benchmark and the peak
// resident memory the issue allows the real program while sending it.
type bigSend struct {
	size  int64
	limit int64
}

var bigSends = []bigSend{{16 << 20, 64 << 20}, {50 << 20, 96 << 20}}

// bigSendRows runs the real wren program (`wren send FILE --json`) for
// messages of 16 and 50 MiB through the test Postfix's large-message port,
// its Sent copy filed in Dovecot, and takes the process's peak resident
// memory from the kernel. The raw client sends the same file over SMTP and
// appends it to Sent in the same run. A start-up row shows what the
// program takes before any message.
func bigSendRows(ctx context.Context, b *testing.B, srv *testserver.Servers) []Row {
	bin := wrenbin.Build(b)
	from, to := srv.NewUser(b), srv.NewUser(b)
	dir := b.TempDir()
	w := wrenProcess{bin: bin, dir: dir, ca: srv.CAFile}
	wren := func(stdin string, args ...string) ([]byte, int64, time.Duration, error) {
		out, _, peak, took, err := w.runPeak(ctx, stdin, args...)
		return out, peak, took, err
	}
	if _, _, _, err := wren(from.Password+"\n", "account", "add", from.Address, "--password-stdin", "--name", "Big",
		"--incoming", "imaps://"+srv.IMAPTLS.Address(), "--outgoing", "smtps://"+srv.SubmitBig.Address()); err != nil {
		b.Fatal(err)
	}
	_, idle, idleTook, err := wren("", "outbox", "--json")
	if err != nil {
		b.Fatal(err)
	}
	rows := []Row{{Figure: "`wren outbox --json`, the program's start-up (no message)", Wren: idleTook, PeakRSS: idle, Target: "–", Info: true}}

	nr := benchRounds(b)
	for _, bs := range bigSends {
		var raws, sends []time.Duration
		var peak int64
		for r := range nr {
			// A new Message-ID each round: Wren looks for it in Sent
			// before filing, and would find an earlier round's copy.
			eml := filepath.Join(b.TempDir(), fmt.Sprintf("big-%d-%d.eml", bs.size>>20, r))
			if err := writeBigMessage(eml, from.Address, to.Address, bs.size); err != nil {
				b.Fatal(err)
			}
			raw, err := rawBigSend(srv, from, to.Address, eml)
			if err != nil {
				b.Fatalf("raw send of %d MiB: %v", bs.size>>20, err)
			}
			out, rss, took, err := wren("", "send", eml, "--json")
			if err != nil {
				b.Fatal(err)
			}
			var res struct {
				State  string
				Errors []struct{ Code, Title string }
			}
			if err := json.Unmarshal(out, &res); err != nil || res.State != "sent" || len(res.Errors) != 0 {
				b.Fatalf("wren send of %d MiB: %v\n%s", bs.size>>20, err, out)
			}
			raws, sends, peak = append(raws, raw), append(sends, took), max(peak, rss)
		}
		b.Logf("%d MiB send rounds: raw %v, wren %v, peak %d MB", bs.size>>20, raws, sends, peak>>20)
		rows = append(rows, Row{Figure: fmt.Sprintf("`wren send` of a %d MiB message, Sent copy filed (whole process)", bs.size>>20),
			Wren: median(sends), Raw: median(raws), RawName: "go-smtp send + go-imap APPEND, streamed",
			PeakRSS: peak, Target: fmt.Sprintf("peak < %d MB", bs.limit>>20), Pass: peak < bs.limit})
	}
	// Every send of Wren filed its copy (the raw client's are elsewhere).
	if n, err := countMessages(srv, from, "Sent"); err != nil || n != len(bigSends)*nr {
		b.Fatalf("Sent holds %d copies, want %d (%v)", n, len(bigSends)*nr, err)
	}
	return rows
}

func countMessages(srv *testserver.Servers, u testserver.User, folder string) (int, error) {
	ic, err := rawIMAPLogin(srv, u)
	if err != nil {
		return 0, err
	}
	defer ic.Close()
	st, err := ic.Status(folder, &goimap.StatusOptions{NumMessages: true}).Wait()
	if err != nil {
		return 0, err
	}
	return int(*st.NumMessages), ic.Logout().Wait()
}

// writeBigMessage writes a message as a user sends one: a short text and
// a photo-like attachment (random bytes, base64 in 76-column lines) that
// brings the file to about size bytes.
func writeBigMessage(path, from, to string, size int64) error {
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	w := bufio.NewWriterSize(f, 64<<10)
	fmt.Fprintf(w, "From: Bench Sender <%s>\r\nTo: %s\r\nSubject: =?UTF-8?Q?Fotos_vom_Wochenende_=E2=80=93_%d_MiB?=\r\n"+
		"Date: %s\r\nMessage-ID: <big-%d-%d@bench.wren.test>\r\nMIME-Version: 1.0\r\n"+
		"Content-Type: multipart/mixed; boundary=\"b1\"\r\n\r\n--b1\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n"+
		"Hier sind die Bilder.\r\n\r\n--b1\r\nContent-Type: image/jpeg; name=\"IMG_0001.jpg\"\r\n"+
		"Content-Disposition: attachment; filename=\"IMG_0001.jpg\"\r\nContent-Transfer-Encoding: base64\r\n\r\n",
		from, to, size>>20, time.Now().Format(time.RFC1123Z), size, time.Now().UnixNano())
	rng := rand.New(rand.NewPCG(uint64(size), 7))
	raw := make([]byte, 57) // one 76-column line of base64
	line := make([]byte, base64.StdEncoding.EncodedLen(len(raw)))
	for n := (size - 1024) / 78; n > 0; n-- {
		for i := range raw {
			raw[i] = byte(rng.Uint32())
		}
		base64.StdEncoding.Encode(line, raw)
		w.Write(line)
		w.WriteString("\r\n")
	}
	w.WriteString("--b1--\r\n")
	if err := w.Flush(); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}

// rawBigSend is the least a client does for the same send: the file
// streamed over one SMTP session, then appended over IMAP (to a folder
// of its own: Wren's look for its copy in Sent must not find this one).
func rawBigSend(srv *testserver.Servers, u testserver.User, rcpt, path string) (time.Duration, error) {
	start := time.Now()
	f, err := os.Open(path)
	if err != nil {
		return 0, err
	}
	defer f.Close()
	info, err := f.Stat()
	if err != nil {
		return 0, err
	}
	ep := srv.SubmitBig
	c, err := gosmtp.DialTLS(ep.Address(), tlsConfig(srv, ep))
	if err != nil {
		return 0, err
	}
	defer c.Close()
	if err := c.Auth(sasl.NewPlainClient("", u.Address, u.Password)); err != nil {
		return 0, err
	}
	if err := c.SendMail(u.Address, []string{rcpt}, f); err != nil {
		return 0, err
	}
	if err := c.Quit(); err != nil {
		return 0, err
	}
	if _, err := f.Seek(0, io.SeekStart); err != nil {
		return 0, err
	}
	ic, err := rawIMAPLogin(srv, u)
	if err != nil {
		return 0, err
	}
	defer ic.Close()
	_ = ic.Create("Raw Sent", nil).Wait() // exists on all but the first round
	app := ic.Append("Raw Sent", info.Size(), &goimap.AppendOptions{Flags: []goimap.Flag{goimap.FlagSeen}})
	if _, err := io.Copy(app, f); err != nil {
		return 0, err
	}
	if err := app.Close(); err != nil {
		return 0, err
	}
	if _, err := app.Wait(); err != nil {
		return 0, fmt.Errorf("APPEND: %w", err)
	}
	took := time.Since(start)
	return took, ic.Logout().Wait()
}

// BenchmarkIssue17Send is the send path's memory benchmark (issue #17),
// a table of its own beside Issue 4's in `make bench`.
func BenchmarkIssue17Send(b *testing.B) {
	srv := testserver.Require(b)
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Minute)
	defer cancel()
	rows := bigSendRows(ctx, b, srv)
	title := fmt.Sprintf("Large sends by the real program against the harness's Postfix and Dovecot, %s; "+
		"times are medians of %d rounds taken in turn with the raw client", time.Now().UTC().Format("2006-01-02"), benchRounds(b))
	report(b, title, "results-send.md", rows)
	for _, r := range rows {
		if !r.Info && !r.Pass {
			b.Errorf("%s: peak %d MB, target %s", r.Figure, r.PeakRSS>>20, r.Target)
		}
	}
}
