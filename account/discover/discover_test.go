package discover

import (
	"context"
	"errors"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"go.uber.org/goleak"

	"wren/account"
)

func TestMain(m *testing.M) { goleak.VerifyTestMain(m) }

const acURL = "https://autoconfig.example.test/mail/config-v1.1.xml"

func tried(res *Result, src account.Source) []Attempt {
	var out []Attempt
	for _, a := range res.Tried {
		if a.Source == src {
			out = append(out, a)
		}
	}
	return out
}

func TestAutoconfigWins(t *testing.T) {
	e := newEnv(t, []string{"mail.example.test. 60 IN A 127.0.0.1"}, "autoconfig.example.test", "example.test")
	e.web.serve(acURL, exampleXML)
	// Guessing starts too but blocks; the winner must cancel it.
	prober := &fakeProber{block: true}
	e.opts.Prober = prober
	start := time.Now()
	res, events, err := e.discover(t, "alice@example.test")
	if err != nil {
		t.Fatal(err)
	}
	if took := time.Since(start); took > fastTimeouts.Probe {
		t.Errorf("took %v: lower sources were not cancelled", took)
	}
	in, out := res.Incoming[0], res.Outgoing[0]
	if in.Server.String() != "imap imap.example.test:993 (tls)" || in.Server.Source != account.SourceAutoconfig || in.Tier != T1 {
		t.Errorf("incoming = %+v", in)
	}
	if out.Server.String() != "smtp smtp.example.test:465 (tls)" || out.Server.Source != account.SourceAutoconfig {
		t.Errorf("outgoing = %+v", out)
	}
	if len(res.Enable) != 1 || len(res.Docs) != 1 || res.NeedsOAuth || res.Offline {
		t.Errorf("result = %+v", res)
	}
	if !slices.Contains(e.web.requests(), "https://autoconfig.example.test/mail/config-v1.1.xml?emailaddress=alice%40example.test") {
		t.Errorf("requests = %q", e.web.requests())
	}
	started := map[account.Source]bool{}
	found := false
	for _, ev := range events {
		if ev.Kind == Started {
			started[ev.Source] = true
		}
		if ev.Kind == Finished && ev.Source == account.SourceAutoconfig && ev.Found {
			found = true
		}
	}
	if len(started) != 9 || !found {
		t.Errorf("events = %+v", events)
	}
}

func TestWellKnownAlone(t *testing.T) {
	e := newEnv(t, nil, "example.test")
	e.web.serve("https://example.test/.well-known/autoconfig/mail/config-v1.1.xml", exampleXML)
	res, _, err := e.discover(t, "alice@example.test")
	if err != nil {
		t.Fatal(err)
	}
	if res.Incoming[0].Server.Source != account.SourceWellKnown || res.Incoming[0].Tier != T1 {
		t.Errorf("incoming = %+v", res.Incoming[0])
	}
	if !slices.Contains(e.web.requests(), "https://example.test/.well-known/autoconfig/mail/config-v1.1.xml?emailaddress=alice%40example.test") {
		t.Errorf("requests = %q", e.web.requests())
	}
}

func TestISPDBNeverGetsTheAddress(t *testing.T) {
	e := newEnv(t, nil)
	e.web.serve("https://ispdb.test/v1.1/example.test", exampleXML)
	res, _, err := e.discover(t, "alice@example.test")
	if err != nil {
		t.Fatal(err)
	}
	if res.Incoming[0].Server.Source != account.SourceISPDB || res.Outgoing[0].Server.Source != account.SourceISPDB {
		t.Errorf("result = %+v", res)
	}
	for _, r := range e.web.requests() {
		if strings.HasPrefix(r, "https://ispdb.test/") && r != "https://ispdb.test/v1.1/example.test" {
			t.Errorf("ISPDB request %q", r)
		}
	}
}

func TestOverrideFile(t *testing.T) {
	dir := t.TempDir()
	x := strings.ReplaceAll(exampleXML, "imap.%EMAILDOMAIN%", "127.0.0.1")
	if err := os.WriteFile(filepath.Join(dir, "example.test.xml"), []byte(x), 0o600); err != nil {
		t.Fatal(err)
	}
	e := newEnv(t, nil, "autoconfig.example.test")
	e.web.serve(acURL, exampleXML) // a higher-priority override still wins
	e.opts.OverrideDir = dir
	res, _, err := e.discover(t, "alice@example.test")
	if err != nil {
		t.Fatal(err)
	}
	if in := res.Incoming[0]; in.Server.Host != "127.0.0.1" || in.Server.Source != account.SourceOverride || in.Tier != T1 {
		t.Errorf("incoming = %+v", in)
	}
}

func TestEmbeddedTable(t *testing.T) {
	e := newEnv(t, nil)
	res, _, err := e.discover(t, "Jane.Doe@GMail.com")
	if err != nil {
		t.Fatal(err)
	}
	if res.Provider == nil || res.Provider.ID != "gmail" || res.Provider.AppPasswordURL == "" {
		t.Fatalf("provider = %+v", res.Provider)
	}
	in := res.Incoming[0]
	if in.Server.String() != "imap imap.gmail.com:993 (tls)" || in.Server.Source != account.SourceBuiltin || !in.Stated ||
		!equal(in.Usernames, []string{"Jane.Doe@gmail.com", "Jane.Doe"}) {
		t.Errorf("incoming = %+v", in)
	}
	if res.Outgoing[0].Server.String() != "smtp smtp.gmail.com:465 (tls)" {
		t.Errorf("outgoing = %+v", res.Outgoing[0])
	}
}

func TestEmbeddedLocalUsername(t *testing.T) {
	e := newEnv(t, nil)
	res, _, err := e.discover(t, "jo@icloud.com")
	if err != nil {
		t.Fatal(err)
	}
	if !equal(res.Incoming[0].Usernames, []string{"jo", "jo@icloud.com"}) || !equal(res.Outgoing[0].Usernames, []string{"jo@icloud.com", "jo"}) {
		t.Errorf("usernames in %q out %q", res.Incoming[0].Usernames, res.Outgoing[0].Usernames)
	}
}

func TestPriorityBeatsSpeed(t *testing.T) {
	zone := []string{
		"_imaps._tcp.example.test. 60 IN SRV 0 1 993 imap.example.test.",
		"_submissions._tcp.example.test. 60 IN SRV 0 1 465 smtp.example.test.",
	}
	e := newEnv(t, zone, "autoconfig.example.test")
	srvDone := make(chan struct{})
	e.web.handle(acURL, func(w http.ResponseWriter, r *http.Request) {
		// Answer only after SRV has finished, so the faster source had
		// every chance to win.
		select {
		case <-srvDone:
		case <-r.Context().Done():
			return
		}
		_, _ = w.Write([]byte(exampleXML))
	})
	var order []account.Source
	res, err := New(e.opts).Discover(context.Background(), "alice@example.test", func(ev Event) {
		if ev.Kind == Finished {
			order = append(order, ev.Source)
			if ev.Source == account.SourceSRV {
				close(srvDone)
			}
		}
	})
	if err != nil {
		t.Fatal(err)
	}
	if res.Incoming[0].Server.Source != account.SourceAutoconfig || res.Outgoing[0].Server.Source != account.SourceAutoconfig {
		t.Errorf("winner = %+v / %+v", res.Incoming[0], res.Outgoing[0])
	}
	if slices.Index(order, account.SourceSRV) > slices.Index(order, account.SourceAutoconfig) {
		t.Errorf("finish order %v: SRV should have finished first", order)
	}
	// SRV's answer repeats the winner's first server: no duplicate.
	if len(res.Incoming) != 3 || len(res.Outgoing) != 2 {
		t.Errorf("alternatives: in %+v out %+v", res.Incoming, res.Outgoing)
	}
}

func TestMissingSideFilledFromNextSource(t *testing.T) {
	zone := []string{
		"_imaps._tcp.example.test. 60 IN SRV 0 1 993 imap.example.test.",
		"smtp.example.test. 60 IN A 127.0.0.1",
	}
	e := newEnv(t, zone)
	prober := &fakeProber{ok: map[string]bool{"smtp.example.test:465": true}}
	e.opts.Prober = prober
	res, _, err := e.discover(t, "alice@example.test")
	if err != nil {
		t.Fatal(err)
	}
	if in := res.Incoming[0]; in.Server.Source != account.SourceSRV || in.Server.Port != 993 || in.Stated {
		t.Errorf("incoming = %+v", in)
	}
	if out := res.Outgoing[0]; out.Server.Source != account.SourceGuess || out.Server.String() != "smtp smtp.example.test:465 (tls)" || out.Tier != T1 {
		t.Errorf("outgoing = %+v", out)
	}
	for _, c := range prober.called() {
		if strings.HasSuffix(c, ":25") {
			t.Errorf("port 25 probed although 465 worked: %q", prober.called())
		}
	}
}

func TestMXToProviderCoUK(t *testing.T) {
	zone := []string{
		"shop.example.co.uk. 60 IN MX 20 alt1.aspmx.l.google.com.",
		"shop.example.co.uk. 60 IN MX 10 aspmx.l.google.com.",
	}
	e := newEnv(t, zone)
	res, _, err := e.discover(t, "alice@shop.example.co.uk")
	if err != nil {
		t.Fatal(err)
	}
	if res.Provider == nil || res.Provider.ID != "google-workspace" {
		t.Fatalf("provider = %+v", res.Provider)
	}
	in := res.Incoming[0]
	if in.Server.Host != "imap.gmail.com" || in.Server.Source != account.SourceMX || in.Tier != T1 || in.Server.Username != "alice@shop.example.co.uk" {
		t.Errorf("incoming = %+v", in)
	}
	reqs := e.web.requests()
	for _, want := range []string{"https://ispdb.test/v1.1/l.google.com", "https://ispdb.test/v1.1/google.com"} {
		if !slices.Contains(reqs, want) {
			t.Errorf("no request %s in %q", want, reqs)
		}
	}
	if !e.dns.Queried("MX shop.example.co.uk.") {
		t.Error("the real resolver did not ask the fake DNS server")
	}
}

func TestMXDomainsUsePublicSuffixes(t *testing.T) {
	zone := []string{"example.test. 60 IN MX 10 in.mx.hoster.co.uk."}
	e := newEnv(t, zone, "autoconfig.hoster.co.uk")
	e.web.serve("https://ispdb.test/v1.1/hoster.co.uk", strings.ReplaceAll(exampleXML, "example.test<", "hoster.co.uk<"))
	res, _, err := e.discover(t, "alice@example.test")
	if err != nil {
		t.Fatal(err)
	}
	if in := res.Incoming[0]; in.Server.Source != account.SourceMX || in.Tier != T1 {
		t.Errorf("incoming = %+v", in)
	}
	reqs := e.web.requests()
	full, base := slices.Index(reqs, "https://ispdb.test/v1.1/mx.hoster.co.uk"), slices.Index(reqs, "https://ispdb.test/v1.1/hoster.co.uk")
	if full < 0 || base < 0 || slices.Contains(reqs, "https://ispdb.test/v1.1/co.uk") {
		t.Errorf("requests = %q", reqs)
	}
	for _, r := range reqs {
		if strings.Contains(r, "hoster") && strings.Contains(r, "emailaddress") {
			t.Errorf("address sent to the MX domain: %s", r)
		}
	}
}

func TestMXProviderURLIsT2(t *testing.T) {
	zone := []string{"example.test. 60 IN MX 10 mx.hoster.test."}
	e := newEnv(t, zone, "autoconfig.hoster.test")
	x := strings.NewReplacer("imap.%EMAILDOMAIN%", "imap.hoster.test", "smtp.example.test", "smtp.hoster.test").Replace(exampleXML)
	e.web.serve("https://autoconfig.hoster.test/mail/config-v1.1.xml", x)
	res, _, err := e.discover(t, "alice@example.test")
	if err != nil {
		t.Fatal(err)
	}
	in := res.Incoming[0]
	if in.Server.Host != "imap.hoster.test" || in.Tier != T2 || !strings.Contains(in.Reason, "hoster.test") {
		t.Errorf("incoming = %+v", in)
	}
	// A host inside the address's own domain stays T1.
	for _, c := range res.Incoming {
		if c.Server.Host == "pop.example.test" && c.Tier != T1 {
			t.Errorf("pop = %+v", c)
		}
	}
}

func TestNullMX(t *testing.T) {
	e := newEnv(t, []string{"example.test. 60 IN MX 0 ."})
	_, _, err := e.discover(t, "alice@example.test")
	if !errors.Is(err, account.ErrNotFound) {
		t.Fatalf("err = %v, want ErrNotFound", err)
	}
}

func TestSRVDotTargetsAndPriorities(t *testing.T) {
	zone := []string{
		"_imaps._tcp.example.test. 60 IN SRV 0 0 0 .",
		"_imap._tcp.example.test. 60 IN SRV 20 1 143 imap2.example.test.",
		"_imap._tcp.example.test. 60 IN SRV 10 1 143 imap1.example.test.",
		"_pop3s._tcp.example.test. 60 IN SRV 0 1 995 pop.elsewhere.test.",
		"_submissions._tcp.example.test. 60 IN SRV 0 0 0 .",
		"_submission._tcp.example.test. 60 IN SRV 0 1 587 smtp.example.test.",
	}
	e := newEnv(t, zone)
	res, _, err := e.discover(t, "alice@example.test")
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, c := range res.Incoming {
		got = append(got, c.Server.String())
	}
	want := []string{"imap imap1.example.test:143 (starttls)", "imap imap2.example.test:143 (starttls)", "pop3 pop.elsewhere.test:995 (tls)"}
	if !equal(got, want) {
		t.Errorf("incoming = %q, want %q", got, want)
	}
	if pop := res.Incoming[2]; pop.Tier != T2 || !strings.Contains(pop.Reason, "elsewhere.test") {
		t.Errorf("pop = %+v", pop)
	}
	if res.Incoming[0].Tier != T1 || !equal(res.Incoming[0].Usernames, []string{"alice@example.test", "alice"}) {
		t.Errorf("imap = %+v", res.Incoming[0])
	}
	if len(res.Outgoing) != 1 || res.Outgoing[0].Server.String() != "smtp smtp.example.test:587 (starttls)" {
		t.Errorf("outgoing = %+v", res.Outgoing)
	}
}

func TestGuessingWhenNothingIsPublished(t *testing.T) {
	zone := []string{
		"example.test. 60 IN A 127.0.0.1",
		"mail.example.test. 60 IN A 127.0.0.1",
		"smtp.example.test. 60 IN A 127.0.0.1",
		"pop.example.test. 60 IN A 127.0.0.1",
	}
	e := newEnv(t, zone)
	prober := &fakeProber{ok: map[string]bool{
		"mail.example.test:143": true, "example.test:143": true,
		"smtp.example.test:587": true, "pop.example.test:995": true,
	}}
	e.opts.Prober = prober
	res, _, err := e.discover(t, "alice@example.test")
	if err != nil {
		t.Fatal(err)
	}
	var in []string
	for _, c := range res.Incoming {
		in = append(in, c.Server.String())
		if c.Server.Source != account.SourceGuess || c.Tier != T1 || c.Stated {
			t.Errorf("candidate = %+v", c)
		}
	}
	if !equal(in, []string{"imap mail.example.test:143 (starttls)", "imap example.test:143 (starttls)"}) {
		t.Errorf("incoming = %q", in)
	}
	if res.Outgoing[0].Server.String() != "smtp smtp.example.test:587 (starttls)" {
		t.Errorf("outgoing = %+v", res.Outgoing)
	}
	calls := prober.called()
	for _, c := range calls {
		if strings.HasPrefix(c, "pop") || strings.HasSuffix(c, ":25") || strings.HasSuffix(c, ":110") {
			t.Errorf("probed %s although IMAP/465/587 worked", c)
		}
		if strings.HasPrefix(c, "imap.") || strings.HasPrefix(c, "imaps.") {
			t.Errorf("probed %s, which does not resolve", c)
		}
	}
	if !slices.Contains(calls, "mail.example.test:993") {
		t.Errorf("implicit TLS not tried: %q", calls)
	}
}

func TestGuessingFallsBackToPOP3AndPort25(t *testing.T) {
	zone := []string{"mail.example.test. 60 IN A 127.0.0.1"}
	e := newEnv(t, zone)
	prober := &fakeProber{ok: map[string]bool{"mail.example.test:110": true, "mail.example.test:25": true}}
	e.opts.Prober = prober
	res, _, err := e.discover(t, "alice@example.test")
	if err != nil {
		t.Fatal(err)
	}
	if res.Incoming[0].Server.String() != "pop3 mail.example.test:110 (starttls)" || res.Outgoing[0].Server.String() != "smtp mail.example.test:25 (starttls)" {
		t.Errorf("in %+v out %+v", res.Incoming, res.Outgoing)
	}
	calls := prober.called()
	if i, j := slices.Index(calls, "mail.example.test:143"), slices.Index(calls, "mail.example.test:995"); i < 0 || j < i {
		t.Errorf("POP3 before IMAP settled: %q", calls)
	}
}

func TestBadAutoconfigAnswers(t *testing.T) {
	cases := []struct {
		name    string
		handler http.HandlerFunc
		want    error
	}{
		// It never answers: once the client gives up, the handler aborts
		// rather than sending an empty 200 that a loaded machine could
		// deliver before the client's deadline error.
		{"slow", func(w http.ResponseWriter, r *http.Request) { <-r.Context().Done(); panic(http.ErrAbortHandler) }, context.DeadlineExceeded},
		{"huge", func(w http.ResponseWriter, r *http.Request) {
			_, _ = w.Write([]byte(strings.Repeat(" ", MaxConfigSize+10)))
		}, ErrTooLarge},
		{"malformed", func(w http.ResponseWriter, r *http.Request) { _, _ = w.Write([]byte("<clientConfig><emailProvider>")) }, ErrBadConfig},
		{"html", func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Type", "text/html")
			_, _ = w.Write([]byte("<html><body>Sign in to the Wi-Fi</body></html>"))
		}, ErrBadConfig},
		{"status", func(w http.ResponseWriter, r *http.Request) { w.WriteHeader(http.StatusNoContent) }, ErrHTTPStatus},
		{"to-http", func(w http.ResponseWriter, r *http.Request) {
			http.Redirect(w, r, "http://autoconfig.example.test/mail/config-v1.1.xml", http.StatusFound)
		}, ErrDowngrade},
		{"loop", func(w http.ResponseWriter, r *http.Request) {
			http.Redirect(w, r, acURL+"?again=1", http.StatusFound)
		}, ErrTooManyHops},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			e := newEnv(t, nil, "autoconfig.example.test")
			e.opts.Timeouts.HTTP = 300 * time.Millisecond
			e.web.handle(acURL, c.handler)
			e.web.serve("https://ispdb.test/v1.1/example.test", exampleXML)
			// Were the http:// redirect followed, this would win.
			e.web.serve("http://autoconfig.example.test/mail/config-v1.1.xml", exampleXML)
			res, _, err := e.discover(t, "alice@example.test")
			if err != nil {
				t.Fatal(err)
			}
			if src := res.Incoming[0].Server.Source; src != account.SourceISPDB {
				t.Errorf("winner %s, want the ISPDB", src)
			}
			at := tried(res, account.SourceAutoconfig)
			if len(at) != 1 || !errors.Is(at[0].Err, c.want) {
				t.Errorf("autoconfig attempts = %+v, want %v", at, c.want)
			}
		})
	}
}

func TestRedirectOutsideDomainIsT2(t *testing.T) {
	e := newEnv(t, nil, "autoconfig.example.test", "config.other.test")
	e.web.handle(acURL, func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, "https://config.other.test/example.xml", http.StatusMovedPermanently)
	})
	e.web.serve("https://config.other.test/example.xml", exampleXML)
	res, _, err := e.discover(t, "alice@example.test")
	if err != nil {
		t.Fatal(err)
	}
	in := res.Incoming[0]
	if in.Server.Source != account.SourceAutoconfig || in.Tier != T2 || !strings.Contains(in.Reason, "config.other.test") {
		t.Errorf("incoming = %+v", in)
	}
}

func TestPlainHTTPIsT2WithoutAddress(t *testing.T) {
	e := newEnv(t, nil, "autoconfig.example.test")
	e.web.serve("http://autoconfig.example.test/mail/config-v1.1.xml", exampleXML)
	res, _, err := e.discover(t, "alice@example.test")
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range append(res.Incoming, res.Outgoing...) {
		if c.Server.Source != account.SourceHTTP || c.Tier != T2 || c.Reason == "" {
			t.Errorf("candidate = %+v", c)
		}
	}
	if !slices.Contains(e.web.requests(), "http://autoconfig.example.test/mail/config-v1.1.xml") {
		t.Errorf("requests = %q", e.web.requests())
	}
}

func TestNeedsOAuth(t *testing.T) {
	x := doc(`<incomingServer type="imap"><hostname>imap.example.test</hostname><port>993</port><socketType>SSL</socketType><authentication>OAuth2</authentication></incomingServer>
<outgoingServer type="smtp"><hostname>smtp.example.test</hostname><port>587</port><socketType>STARTTLS</socketType><authentication>OAuth2</authentication></outgoingServer>`)
	e := newEnv(t, nil, "autoconfig.example.test")
	e.web.serve(acURL, x)
	res, _, err := e.discover(t, "alice@example.test")
	if !errors.Is(err, account.ErrNeedsOAuth) || res == nil || !res.NeedsOAuth {
		t.Fatalf("res %+v err %v", res, err)
	}
	if res.Incoming[0].Server.Auth != account.AuthOAuth2 {
		t.Errorf("incoming = %+v", res.Incoming[0])
	}
}

func TestNotFound(t *testing.T) {
	e := newEnv(t, nil)
	e.opts.Prober = &fakeProber{}
	res, _, err := e.discover(t, "alice@example.test")
	if !errors.Is(err, account.ErrNotFound) || res == nil || len(res.Incoming)+len(res.Outgoing) != 0 || len(res.Failed) != 0 {
		t.Fatalf("res %+v err %v", res, err)
	}
	if len(res.Tried) == 0 {
		t.Error("what was looked up is not kept")
	}
}

// A guessed host that answers but fails the probe is not a candidate, and
// its failure is kept (with its side) to explain the outcome.
func TestGuessFailuresKept(t *testing.T) {
	e := newEnv(t, []string{"imap.example.test. 60 IN A 127.0.0.1", "smtp.example.test. 60 IN A 127.0.0.1"})
	e.opts.Prober = &fakeProber{ok: map[string]bool{"smtp.example.test:465": true}}
	res, _, err := e.discover(t, "alice@example.test")
	if !errors.Is(err, account.ErrNotFound) || res == nil || len(res.Incoming) != 0 || len(res.Outgoing) == 0 {
		t.Fatalf("res %+v err %v", res, err)
	}
	var in []string
	for _, f := range res.Failed {
		if f.Incoming {
			in = append(in, f.Server.Host+":"+strconv.Itoa(f.Server.Port))
		}
		if !errors.Is(f.Err, errProbe) {
			t.Errorf("failure %v does not keep the probe's error", f.Err)
		}
	}
	if !slices.Contains(in, "imap.example.test:993") || !slices.Contains(in, "imap.example.test:143") {
		t.Errorf("incoming failures %v, want both IMAP ports of imap.example.test", in)
	}
}

func TestBadAddressSendsNothing(t *testing.T) {
	e := newEnv(t, nil)
	_, _, err := e.discover(t, "alice@[192.0.2.1]")
	if !errors.Is(err, account.ErrBadAddress) || len(e.web.requests()) > 0 {
		t.Fatalf("err %v requests %q", err, e.web.requests())
	}
}

// deadDNS is an address where no DNS server listens.
func deadDNS(t *testing.T) string {
	pc, err := net.ListenPacket("udp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := pc.LocalAddr().String()
	pc.Close()
	return addr
}

func TestOfflineFailsFast(t *testing.T) {
	e := newEnv(t, nil)
	e.opts.DNSServer = deadDNS(t)
	e.opts.Timeouts.Offline = 2 * time.Second
	e.opts.Timeouts.DNS = 5 * time.Second
	start := time.Now()
	_, _, err := e.discover(t, "alice@example.test")
	if !errors.Is(err, account.ErrOffline) {
		t.Fatalf("err = %v, want ErrOffline", err)
	}
	if took := time.Since(start); took >= 2*time.Second {
		t.Errorf("took %v", took)
	}
}

func TestOfflineSilentDNS(t *testing.T) {
	e := newEnv(t, nil)
	e.dns.Silence()
	e.opts.Timeouts.Offline = 300 * time.Millisecond
	e.opts.Timeouts.DNS = 5 * time.Second
	e.opts.Prober = &fakeProber{block: true}
	start := time.Now()
	_, _, err := e.discover(t, "alice@example.test")
	if !errors.Is(err, account.ErrOffline) {
		t.Fatalf("err = %v, want ErrOffline", err)
	}
	if took := time.Since(start); took >= 2*time.Second {
		t.Errorf("took %v", took)
	}
}

func TestOfflineStillUsesTable(t *testing.T) {
	e := newEnv(t, nil)
	e.opts.DNSServer = deadDNS(t)
	res, _, err := e.discover(t, "bob@web.de")
	if err != nil {
		t.Fatal(err)
	}
	if !res.Offline || res.Incoming[0].Server.Source != account.SourceBuiltin || !equal(res.Incoming[0].Usernames, []string{"bob", "bob@web.de"}) {
		t.Errorf("result = %+v", res)
	}
	if len(res.Enable) != 1 {
		t.Errorf("enable = %+v", res.Enable)
	}
}

func TestCancellationLeavesNoGoroutine(t *testing.T) {
	zone := []string{"mail.example.test. 60 IN A 127.0.0.1", "smtp.example.test. 60 IN A 127.0.0.1"}
	e := newEnv(t, zone, "autoconfig.example.test", "example.test")
	e.web.handle(acURL, func(w http.ResponseWriter, r *http.Request) { <-r.Context().Done() })
	e.opts.Prober = &probeSignal{fakeProber: fakeProber{block: true}, first: make(chan struct{})}
	p := e.opts.Prober.(*probeSignal)
	ignore := goleak.IgnoreCurrent()

	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	errc := make(chan error, 1)
	go func() {
		_, err := New(e.opts).Discover(ctx, "alice@example.test", nil)
		errc <- err
	}()
	<-p.first
	cancel()
	if err := <-errc; !errors.Is(err, context.Canceled) {
		t.Fatalf("err = %v, want context.Canceled", err)
	}
	goleak.VerifyNone(t, ignore)
}

// probeSignal closes first when the first probe starts.
type probeSignal struct {
	fakeProber
	first chan struct{}
	once  bool
}

func (p *probeSignal) Probe(ctx context.Context, s account.Server) error {
	p.mu.Lock()
	if !p.once {
		p.once = true
		close(p.first)
	}
	p.mu.Unlock()
	return p.fakeProber.Probe(ctx, s)
}

func TestSRVOverTCPWhenTruncated(t *testing.T) {
	var zone []string
	for i := range 40 {
		zone = append(zone, "_imaps._tcp.example.test. 60 IN SRV 10 1 993 imap-"+strconv.Itoa(i)+"-with-a-long-name.example.test.")
	}
	zone = append(zone, "_submissions._tcp.example.test. 60 IN SRV 0 1 465 smtp.example.test.")
	e := newEnv(t, zone)
	res, _, err := e.discover(t, "alice@example.test")
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Incoming) != 40 || res.Incoming[0].Server.Source != account.SourceSRV {
		t.Errorf("incoming: %d candidates", len(res.Incoming))
	}
	if e.dns.TCPQueries() == 0 {
		t.Error("no query went over TCP")
	}
}

func TestMXFullDomainBeforeBase(t *testing.T) {
	zone := []string{"example.test. 60 IN MX 10 in.biz.hoster.test."}
	e := newEnv(t, zone)
	base := strings.NewReplacer("imap.%EMAILDOMAIN%", "imap.hoster.test").Replace(exampleXML)
	full := strings.NewReplacer("imap.%EMAILDOMAIN%", "imap.biz.hoster.test").Replace(exampleXML)
	e.web.serve("https://ispdb.test/v1.1/hoster.test", base)
	e.web.serve("https://ispdb.test/v1.1/biz.hoster.test", full)
	res, _, err := e.discover(t, "alice@example.test")
	if err != nil {
		t.Fatal(err)
	}
	if h := res.Incoming[0].Server.Host; h != "imap.biz.hoster.test" {
		t.Errorf("incoming host %s, want the MX full domain's entry", h)
	}
}

func TestPreferSiteOfOtherSide(t *testing.T) {
	cs := []Candidate{
		{Server: account.Server{Host: "smtp.other.test"}},
		{Server: account.Server{Host: "smtp.example.co.uk"}},
		{Server: account.Server{Host: "late.example.co.uk"}},
	}
	preferSite(cs, 2, "imap.example.co.uk")
	if cs[0].Server.Host != "smtp.example.co.uk" || cs[1].Server.Host != "smtp.other.test" || cs[2].Server.Host != "late.example.co.uk" {
		t.Errorf("order = %+v", cs)
	}
}
