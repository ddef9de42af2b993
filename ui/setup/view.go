// Package setup is the setup wizard window: address and password,
// discovery with progress, the settings found (editable, with the
// warnings that need the user's consent), then verification and saving.
// The flow itself is the headless wren/account/wizard; this package only
// renders its State (apply) and turns taps into its actions. Network,
// keyring and disk work happen on the wizard's goroutines, never here.
package setup

import (
	"context"
	"log/slog"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"

	"wren/account"
	"wren/account/oauth"
	"wren/account/wizard"
)

// Deps are what the wizard needs from the application.
type Deps struct {
	// Run is the setup engine, normally setup.Run with the app's Env.
	Run     wizard.RunFunc
	Secrets wizard.Secrets // normally a *secret.Fallback
	Profile wizard.Profile // normally the *profile.Profile
	// DNS is saved with the account (the --dns resolver, if any).
	DNS string
	// OnDone runs on the UI goroutine once the account is saved.
	OnDone func(account.Account)
	// After replaces the "Configure manually" timer (tests).
	After  func(time.Duration) <-chan time.Time
	Logger *slog.Logger

	// Browser sign-in: see wizard.Deps. OpenURL nil opens the system
	// browser through fyne.
	Tokens     oauth.Store
	TokenLogin func(ctx context.Context, s account.Server, accessToken string) error
	OpenURL    func(url string)
}

// View is the wizard's content; embed View.Content or use NewWindow.
type View struct {
	Content *fyne.Container

	app fyne.App
	wiz *wizard.Wizard
	// deliver hands a state from the wizard's goroutines to the UI
	// goroutine; tests replace it to apply states synchronously.
	deliver  func(wizard.State)
	state    wizard.State
	applying bool // set while apply writes widgets, so their callbacks stay quiet

	cred     credentials
	progress progress
	settings settings
	result   result
	signIn   *signIn
	done     *fyne.Container
	steps    map[wizard.Step]fyne.CanvasObject
}

// New builds the wizard on step 1.
func New(app fyne.App, d Deps) *View {
	v := &View{app: app}
	v.deliver = func(s wizard.State) { fyne.Do(func() { v.apply(s) }) }
	onDone := d.OnDone
	if d.OpenURL == nil {
		d.OpenURL = openURL(app)
	}
	v.wiz = wizard.New(wizard.Deps{
		Run: d.Run, Secrets: d.Secrets, Profile: d.Profile, DNS: d.DNS, After: d.After, Logger: d.Logger,
		Tokens: d.Tokens, TokenLogin: d.TokenLogin, OpenURL: d.OpenURL,
		OnChange: func(s wizard.State) { v.deliver(s) },
		OnDone: func(a account.Account) {
			if onDone != nil {
				fyne.Do(func() { onDone(a) })
			}
		},
	})
	v.buildCredentials()
	v.buildProgress()
	v.buildSettings()
	v.buildResult()
	v.buildSignIn()
	v.buildDone()
	v.steps = map[wizard.Step]fyne.CanvasObject{
		wizard.StepCredentials: v.cred.box,
		wizard.StepDiscovering: v.progress.box,
		wizard.StepSettings:    v.settings.box,
		wizard.StepVerifying:   v.result.box,
		wizard.StepResult:      v.result.box,
		wizard.StepSaving:      v.result.box,
		wizard.StepDone:        v.done,
		wizard.StepSigningIn:   v.signIn.box,
	}
	v.Content = container.NewStack()
	v.apply(v.wiz.State())
	return v
}

// NewWindow opens the wizard in its own window; closing it stops any run.
func NewWindow(app fyne.App, d Deps) fyne.Window {
	w := app.NewWindow("Add a mail account")
	v := New(app, d)
	w.SetContent(container.NewVScroll(v.Content))
	w.Resize(fyne.NewSize(640, 560))
	// Close waits for the wizard's goroutines; never on the UI goroutine.
	w.SetOnClosed(func() { go v.Close() })
	return w
}

// Close stops the wizard's work and waits for it.
func (v *View) Close() { v.wiz.Close() }

// apply renders s; it runs on the UI goroutine (tests call it directly).
// Snapshots older than the one shown are dropped.
func (v *View) apply(s wizard.State) {
	if s.Seq < v.state.Seq {
		return
	}
	entering := s.Step != v.state.Step
	v.state = s
	v.applying = true
	defer func() { v.applying = false }()
	switch s.Step {
	case wizard.StepCredentials:
		v.applyCredentials(s)
	case wizard.StepDiscovering:
		v.applyProgress(s)
	case wizard.StepSettings:
		v.applySettings(s, entering)
	case wizard.StepVerifying, wizard.StepResult, wizard.StepSaving:
		v.applyResult(s)
	case wizard.StepSigningIn:
		v.applySignIn(s)
	}
	box := v.steps[s.Step]
	if len(v.Content.Objects) != 1 || v.Content.Objects[0] != box {
		v.Content.Objects = []fyne.CanvasObject{box}
		v.Content.Refresh()
	}
}
