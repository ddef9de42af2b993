package demo

import (
	"context"
	"fmt"
	"log/slog"
	"strings"
)

// printfLogger adapts the servers' Printf-style error logs to slog. The
// libraries log connection errors, never credentials or message bodies.
type printfLogger struct{ l *slog.Logger }

func (p printfLogger) Printf(format string, v ...any) {
	p.l.Log(context.Background(), slog.LevelDebug, strings.TrimSpace(fmt.Sprintf(format, v...)))
}

func (p printfLogger) Println(v ...any) {
	p.l.Log(context.Background(), slog.LevelDebug, strings.TrimSpace(fmt.Sprintln(v...)))
}
