// Wren is a desktop email client. main only wires things together: the
// window, the headless core under account/ and the transports under
// transport/ are built elsewhere. With a command word (`wren doctor ...`,
// `wren account ...`) it runs the command line instead of the window.
package main

import (
	"context"
	"log/slog"
	"os"
	"os/signal"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/app"

	"wren/account/cli"
	"wren/assets"
	"wren/ui"
)

func main() {
	args := os.Args[1:]
	if cli.IsCommand(args) {
		os.Exit(runCommand(args))
	}
	slog.SetDefault(slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: slog.LevelInfo})))
	a := app.NewWithID("org.wren.mail")
	a.SetIcon(assets.Icon)
	w := ui.NewMainWindow(a)
	w.Resize(fyne.NewSize(1000, 680))
	w.ShowAndRun()
}

// runCommand runs a command-line command; Ctrl-C cancels it cleanly.
func runCommand(args []string) int {
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
