package wizard

import (
	"context"
	"log/slog"
	"os"
	"slices"
	"sync"
	"time"

	"wren/account"
	"wren/account/discover"
	"wren/account/explain"
	"wren/account/login"
	"wren/account/oauth"
	"wren/account/setup"
)

// RunFunc is the setup engine (setup.Run with its Env bound); tests script
// it.
type RunFunc func(ctx context.Context, req setup.Request, progress func(discover.Event)) *setup.Report

// Secrets is where passwords go (normally a *secret.Fallback).
type Secrets interface {
	Set(ctx context.Context, key, password string) error
	Delete(ctx context.Context, key string) error
}

// sessionKeeper is the optional "keep for this session only" of a secret
// store (secret.Fallback has it); without it that choice is not offered.
type sessionKeeper interface {
	KeepForSession(key, password string) error
}

// Profile is where the account is saved (normally a *profile.Profile).
type Profile interface {
	Add(account.Account) error
}

// Deps are the wizard's collaborators and knobs.
type Deps struct {
	Run     RunFunc
	Secrets Secrets
	Profile Profile
	// DNS is saved with the account (the resolver it was set up with).
	DNS string
	// OnChange receives every new State, from any goroutine, outside the
	// wizard's lock; it must not block (a GUI hands it to fyne.Do).
	OnChange func(State)
	// OnDone is called once the account is saved, from the saving
	// goroutine.
	OnDone func(account.Account)
	// After starts the "Configure manually" timer (time.After when nil).
	After func(time.Duration) <-chan time.Time
	// ManualAfter is when "Configure manually" is offered (10 s).
	ManualAfter time.Duration
	// RunTimeout bounds one engine run (2 min); SaveTimeout one save (30 s).
	RunTimeout, SaveTimeout time.Duration
	Logger                  *slog.Logger

	// Browser sign-in (OAuth2) is offered when Tokens and TokenLogin are
	// set and the provider has one (login.ProviderFor).
	// Tokens is the keyring the sign-in goes to (normally the same
	// *secret.Fallback as Secrets).
	Tokens oauth.Store
	// TokenLogin logs in to s once with an access token (setup.VerifyToken
	// with the app's Env).
	TokenLogin func(ctx context.Context, s account.Server, accessToken string) error
	// OpenURL opens the provider's page in the browser; it must not block.
	// The page is shown to copy as well, so its failure is not fatal.
	OpenURL func(url string)
	// Getenv reads login.EnvProvider; nil is os.Getenv.
	Getenv func(string) string
}

func (d Deps) withDefaults() Deps {
	if d.After == nil {
		d.After = time.After
	}
	if d.ManualAfter <= 0 {
		d.ManualAfter = 10 * time.Second
	}
	if d.RunTimeout <= 0 {
		d.RunTimeout = 2 * time.Minute
	}
	if d.SaveTimeout <= 0 {
		d.SaveTimeout = 30 * time.Second
	}
	if d.Logger == nil {
		d.Logger = slog.New(slog.DiscardHandler)
	}
	if d.OnChange == nil {
		d.OnChange = func(State) {}
	}
	if d.Getenv == nil {
		d.Getenv = os.Getenv
	}
	return d
}

// Wizard is one setup session. Its methods never block on I/O: engine
// runs and saving happen on goroutines it owns, and every change is
// reported through Deps.OnChange. It is safe for concurrent use.
type Wizard struct {
	d    Deps
	base context.Context
	stop context.CancelFunc
	wg   sync.WaitGroup

	mu       sync.Mutex
	st       State
	password string
	// found are the engine's settings, to tell the user's edits apart.
	found  struct{ in, out ServerForm }
	stated struct{ in, out bool }
	// conf are the confirmations the engine asked for this session.
	conf     []Confirmation
	provider explain.Provider
	signIn   *login.Provider // the browser sign-in offered, if any
	report   *setup.Report   // the last verification run's
	gen      uint64          // bumped to drop results of superseded runs
	cancel   context.CancelFunc
}

// New makes a wizard on step 1.
func New(d Deps) *Wizard {
	ctx, stop := context.WithCancel(context.Background())
	return &Wizard{d: d.withDefaults(), base: ctx, stop: stop}
}

// State returns the current snapshot.
func (w *Wizard) State() State {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.snapshot()
}

// Close stops any run or save in progress and waits for its goroutines.
func (w *Wizard) Close() {
	w.stop()
	w.wg.Wait()
}

// update changes the state under the lock and reports the result.
func (w *Wizard) update(change func()) {
	w.mu.Lock()
	change()
	w.st.Seq++
	s := w.snapshot()
	w.mu.Unlock()
	w.d.OnChange(s)
}

// snapshot copies the state so the view never shares a slice with us.
func (w *Wizard) snapshot() State {
	s := w.st
	s.Sources = slices.Clone(s.Sources)
	s.Confirmations = slices.Clone(s.Confirmations)
	s.Problems = slices.Clone(s.Problems)
	return s
}
