// Wren is a desktop email client. main only wires things together: the
// window, the headless core under account/ and the transports under
// transport/ are built elsewhere. With a command word (`wren doctor ...`,
// `wren account ...`) it runs the command line instead of the window.
package main

import (
	"context"
	"flag"
	"fmt"
	"log/slog"
	"os"
	"os/signal"
	"runtime"
	"strings"

	_ "0wren/toolkitenv" // first of all: the toolkit reads the locale as it initializes

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/app"

	"wren/account/cli"
	"wren/account/demo"
	"wren/account/instance"
	"wren/account/profile"
	"wren/assets"
	"wren/ui"
	"wren/ui/tray"
)

func main() {
	args := os.Args[1:]
	if cli.IsCommand(args) {
		os.Exit(runCommand(args))
	}
	fs := flag.NewFlagSet("wren", flag.ExitOnError)
	demoMode := fs.Bool("demo", false, "open the built-in demo account (its own servers, inside Wren)")
	profileDir := fs.String("profile", "", "profile `DIR` (default: $WREN_PROFILE, then the XDG config dir)")
	// --demo-scene opens the demo on one of its guided views (also what
	// the README's screenshots show).
	scene := fs.String("demo-scene", "", "open the demo on `SCENE`: "+strings.Join(ui.Scenes, ", "))
	demoMail := fs.String("demo-mail", "", "open the demo with the .eml files of `DIR` as its inbox")
	fs.Parse(args)
	// `wren mailto:…` (the desktop file's handler) opens the composer.
	mailto := ""
	if arg := fs.Arg(0); len(arg) >= 7 && strings.EqualFold(arg[:7], "mailto:") {
		mailto = arg
	}
	if *scene != "" || *demoMail != "" {
		*demoMode = true
	}

	logger := slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: slog.LevelInfo}))
	slog.SetDefault(logger)
	// One window per profile: a later launch hands over to the running
	// one (before the toolkit starts, so it shows nothing of its own).
	var single *instance.Server
	if !*demoMode {
		var done bool
		if single, done = claimInstance(*profileDir, mailto, logger); done {
			return
		}
		if single != nil {
			defer single.Close()
		}
	}
	// As FyneApp.toml says (its fyneDo migration too): a plain `go build`
	// has no packaged metadata, and the tray would be titled with the app ID.
	app.SetMetadata(fyne.AppMetadata{
		ID: "org.wren.mail", Name: "Wren", Version: "0.1.0", Build: 1,
		Migrations: map[string]bool{"fyneDo": true},
	})
	tray.Name("Wren")
	a := app.NewWithID("org.wren.mail")
	a.SetIcon(assets.Icon)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()

	var w fyne.Window
	if *demoMode {
		var stop func()
		var src demo.Source
		var err error
		if *demoMail != "" {
			if src, err = demo.ReadDir(*demoMail); err != nil {
				logger.Error("the demo's mail could not be read", "err", err)
				os.Exit(2)
			}
		}
		w, stop, err = ui.OpenDemo(ctx, a, logger, src, *profileDir)
		if err != nil {
			logger.Error("the demo account could not start", "err", err)
			os.Exit(1)
		}
		defer stop()
	} else {
		var stop func()
		var err error
		w, stop, err = ui.OpenProfile(ctx, a, *profileDir, logger)
		if err != nil {
			// The profile cannot be read (damaged, from a newer Wren): say
			// so in the window instead of starting on an empty one.
			w = ui.NewProblemWindow(a, err)
			w.Resize(fyne.NewSize(640, 480))
		} else {
			defer stop()
		}
	}
	if *scene != "" {
		// Once the app runs: a window opened before that is never painted.
		go fyne.Do(func() {
			if err := ui.ShowScene(w, *scene); err != nil {
				logger.Warn("the demo scene could not open", "err", err)
			}
		})
	}
	if mailto != "" {
		go fyne.Do(func() {
			if !ui.OpenMailto(w, mailto) {
				// No account yet (the setup wizard) or no profile:
				// nothing to write from.
				logger.Warn("no account to write from: the mailto: link is not opened")
			}
		})
	}
	if single != nil {
		single.Serve(func(r instance.Request) {
			fyne.Do(func() { ui.HandOver(a, r.Mailto, logger) })
		})
	}
	// Each window sizes itself (the main window as it was last closed).
	w.ShowAndRun()
}

// claimInstance makes this process the profile's window (the server to
// serve once the window exists), or hands mailto to the running one:
// done says this process has nothing more to do. A profile whose place
// cannot be told runs without the hand-over rather than not at all.
func claimInstance(profileDir, mailto string, log *slog.Logger) (_ *instance.Server, done bool) {
	paths, err := profile.Locate(profileDir, os.Getenv)
	var ip instance.Paths
	if err == nil {
		ip, err = instance.PathsFor(paths.Config, os.Getenv)
	}
	if err != nil {
		log.Warn("a second Wren on this profile cannot be told apart", "err", err)
		return nil, false
	}
	s, err := instance.Start(context.Background(), ip, instance.Request{Mailto: mailto}, log)
	if err != nil {
		log.Error("Wren did not start", "err", err)
		fmt.Fprintln(os.Stderr, "Wren is already running for this profile but does not respond. Close it (or end its process), then start Wren again.")
		os.Exit(1)
	}
	if s == nil {
		log.Info("Wren is already running for this profile: handed over to it")
		return nil, true
	}
	return s, false
}

// runCommand runs a command-line command; Ctrl-C cancels it cleanly.
func runCommand(args []string) int {
	// The toolkit's initialization locked the main goroutine to the main
	// thread (the window needs it there); the command line does not, and
	// a locked goroutine hands every wake-up to another OS thread.
	runtime.UnlockOSThread()
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	level := slog.LevelWarn
	if os.Getenv("WREN_DEBUG") != "" {
		level = slog.LevelDebug
	}
	logger := slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: level}))
	return cli.Run(ctx, args, cli.IO{
		Stdin: os.Stdin, Stdout: os.Stdout, Stderr: os.Stderr,
		Getenv: os.Getenv, Logger: logger,
	}, cli.Env{})
}
