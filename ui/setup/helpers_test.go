package setup

import (
	"context"
	"sync"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"wren/account"
	"wren/account/discover"
	"wren/account/setup"
	"wren/account/verify"
	"wren/account/wizard"
	"wren/transport"
)

// call is one engine run the scripted engine received.
type call struct {
	req      setup.Request
	progress func(discover.Event)
}

// engine is a scripted setup engine: each run is handed to the test,
// which answers it with a report.
type engine struct {
	calls   chan call
	reports chan *setup.Report
}

func newEngine() *engine {
	return &engine{calls: make(chan call, 4), reports: make(chan *setup.Report)}
}

func (e *engine) run(ctx context.Context, req setup.Request, p func(discover.Event)) *setup.Report {
	e.calls <- call{req, p}
	select {
	case r := <-e.reports:
		return r
	case <-ctx.Done():
		return &setup.Report{Errors: []error{ctx.Err()}}
	}
}

func (e *engine) next(t *testing.T) call {
	t.Helper()
	select {
	case c := <-e.calls:
		return c
	case <-time.After(10 * time.Second):
		t.Fatal("the wizard started no engine run")
	}
	return call{}
}

type memSecrets struct {
	mu    sync.Mutex
	saved map[string]string
}

func (m *memSecrets) Set(_ context.Context, key, pw string) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.saved == nil {
		m.saved = map[string]string{}
	}
	m.saved[key] = pw
	return nil
}

func (m *memSecrets) Delete(_ context.Context, key string) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	delete(m.saved, key)
	return nil
}

type memProfile struct {
	mu    sync.Mutex
	accts []account.Account
}

func (p *memProfile) Add(a account.Account) error {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.accts = append(p.accts, a)
	return nil
}

// harness is a wizard view whose states the test applies itself, on its
// own goroutine, so widgets are only ever touched there.
type harness struct {
	t       *testing.T
	v       *View
	eng     *engine
	states  chan wizard.State
	timer   chan time.Time
	secrets *memSecrets
	profile *memProfile
	done    chan account.Account
}

func newHarness(t *testing.T, more ...func(*Deps)) *harness {
	t.Helper()
	test.NewTempApp(t)
	h := &harness{t: t, eng: newEngine(), states: make(chan wizard.State, 256), timer: make(chan time.Time, 1),
		secrets: &memSecrets{}, profile: &memProfile{}, done: make(chan account.Account, 1)}
	d := Deps{
		Run: h.eng.run, Secrets: h.secrets, Profile: h.profile,
		OnDone: func(a account.Account) { h.done <- a },
		After:  func(time.Duration) <-chan time.Time { return h.timer },
	}
	for _, f := range more {
		f(&d)
	}
	h.v = New(fyne.CurrentApp(), d)
	h.v.deliver = func(s wizard.State) { h.states <- s }
	test.NewTempWindow(t, h.v.Content)
	t.Cleanup(h.v.Close)
	return h
}

// pump applies states until one satisfies ok.
func (h *harness) pump(what string, ok func(wizard.State) bool) wizard.State {
	h.t.Helper()
	deadline := time.After(10 * time.Second)
	for {
		select {
		case s := <-h.states:
			h.v.apply(s)
			if ok(s) {
				return s
			}
		case <-deadline:
			h.t.Fatalf("no state with %s (last step %d)", what, h.v.state.Step)
		}
	}
}

func (h *harness) step(s wizard.Step) wizard.State {
	h.t.Helper()
	return h.pump("the wanted step", func(st wizard.State) bool { return st.Step == s })
}

// start fills step 1 and answers discovery with rep.
func (h *harness) start(rep *setup.Report) call {
	h.t.Helper()
	test.Type(h.v.cred.name, "Alice")
	test.Type(h.v.cred.address, "alice@example.com")
	test.Type(h.v.cred.password, "first-secret")
	test.Tap(h.v.cred.next)
	c := h.eng.next(h.t)
	h.eng.reports <- rep
	h.step(wizard.StepSettings)
	return c
}

func server(p account.Protocol, host string, port int, src account.Source) account.Server {
	return account.Server{Protocol: p, Host: host, Port: port, Security: transport.SecurityTLS,
		Username: "alice@example.com", Auth: account.AuthPassword, Source: src}
}

func found() *setup.Report {
	return &setup.Report{Address: "alice@example.com",
		Incoming: &setup.Choice{Server: server(account.IMAP, "imap.example.com", 993, account.SourceAutoconfig), Usernames: []string{"alice@example.com"}, Stated: true, Tier: discover.T1},
		Outgoing: &setup.Choice{Server: server(account.SMTP, "smtp.example.com", 465, account.SourceAutoconfig), Usernames: []string{"alice@example.com"}, Stated: true, Tier: discover.T1},
	}
}

// verified is the engine's answer for a login that worked on the servers
// of req.
func verified(req setup.Request) *setup.Report {
	rep := &setup.Report{Address: req.Address, OK: true,
		Incoming: &setup.Choice{Server: *req.Incoming}, Outgoing: &setup.Choice{Server: *req.Outgoing},
		Verify: &verify.Result{OK: true, IncomingUsername: req.Address, OutgoingUsername: req.Address,
			Incoming: []verify.Check{{Step: verify.StepLogin, OK: true, Username: req.Address}},
			Outgoing: []verify.Check{{Step: verify.StepLogin, OK: true, Username: req.Address}}}}
	rep.Incoming.Server.Source, rep.Outgoing.Server.Source = account.SourceManual, account.SourceManual
	return rep
}

func labels(o fyne.CanvasObject) []string {
	var out []string
	for _, x := range test.LaidOutObjects(o) {
		if l, ok := x.(*widget.Label); ok && l.Visible() {
			out = append(out, l.Text)
		}
	}
	return out
}
