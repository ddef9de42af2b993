package setup

import (
	"context"
	"errors"
	"log/slog"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"

	"wren/account"
	"wren/account/explain"
	"wren/account/login"
	"wren/account/oauth"
	"wren/ui/explainview"
)

// NewSignInAgainWindow signs acct in again in the browser (Settings →
// Accounts → Sign in again…) without the setup wizard: the account's
// servers are known, only its sign-in is renewed. The window shows where
// to finish signing in (the address to copy where no browser opened),
// closes itself once the new sign-in is kept and then calls onDone on
// the UI goroutine; a failure is explained in it, with Try again. d.Show
// is set here; closing the window stops the sign-in.
func NewSignInAgainWindow(app fyne.App, acct account.Account, d login.Again, log *slog.Logger, onDone func()) fyne.Window {
	w := app.NewWindow("Sign in to " + acct.Name + " again")
	cancel := context.CancelFunc(func() {})
	si := newSignIn(app, func() { w.Close() })
	problem := container.NewVBox()
	retry := widget.NewButton("Try again", nil)
	closeBtn := widget.NewButton("Close", func() { w.Close() })
	failed := container.NewVBox(problem, container.NewHBox(retry, closeBtn))
	body := container.NewStack(si.box)
	open := openURL(app)
	start := func() {
		cancel()
		var ctx context.Context
		ctx, cancel = context.WithTimeout(context.Background(), oauth.DefaultWait)
		si.show("", "")
		body.Objects = []fyne.CanvasObject{si.box}
		body.Refresh()
		run := d
		run.Show = func(provider, url string) {
			open(url)
			fyne.Do(func() { si.show(provider, url) })
		}
		go func() {
			err := login.SignInAgain(ctx, &acct, run)
			fyne.Do(func() {
				if errors.Is(ctx.Err(), context.Canceled) {
					return // closed or cancelled: nothing to show
				}
				if err == nil {
					log.Info("signed in again", "account", acct.Name)
					w.Close()
					if onDone != nil {
						onDone()
					}
					return
				}
				log.Warn("signing in again failed", "account", acct.Name, "err", err)
				e := explain.Explain(err, explain.Context{Operation: explain.OpSetup})
				problem.Objects = []fyne.CanvasObject{explainview.New(e, app.Clipboard()).Content}
				body.Objects = []fyne.CanvasObject{failed}
				body.Refresh()
			})
		}()
	}
	retry.OnTapped = start
	w.SetOnClosed(func() { cancel() })
	w.SetContent(container.NewPadded(body))
	w.Resize(fyne.NewSize(520, 260))
	start()
	return w
}
