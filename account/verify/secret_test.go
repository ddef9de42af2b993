package verify

import (
	"bytes"
	"context"
	"fmt"
	"log/slog"
	"strings"
	"sync"
	"testing"

	goimap "github.com/emersion/go-imap/v2"

	"wren/transport"
	"wren/transport/testcert"
)

// syncBuffer is a log sink shared by the parallel sides.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// TestPasswordNeverInLogsOrErrors runs failing and succeeding
// verifications with debug logging and searches every log line, error
// text and alert for the password.
func TestPasswordNeverInLogsOrErrors(t *testing.T) {
	cert := testcert.New(t)
	var logs syncBuffer
	logger := slog.New(slog.NewTextHandler(&logs, &slog.HandlerOptions{Level: slog.LevelDebug}))
	var texts []string
	run := func(req Request) {
		req.Options.Logger = logger
		res, err := Verify(context.Background(), req)
		if err != nil {
			t.Fatal(err)
		}
		texts = append(texts, fmt.Sprintf("%+v", res))
		for _, c := range append(res.Incoming, res.Outgoing...) {
			if c.Err != nil {
				texts = append(texts, c.Err.Error())
				if te, ok := transport.As(c.Err); ok {
					texts = append(texts, te.ServerText, te.ServerCode)
				}
			}
			texts = append(texts, c.Alert)
		}
	}

	_, _, ok := pair(t, cert, []string{addr, pass}, []string{addr, pass})
	run(ok)
	_, _, wrong := pair(t, cert, []string{addr, "other"}, []string{addr, "other"})
	wrong.UsernameStated = true
	run(wrong)
	fi, _, alert := pair(t, cert, []string{addr, pass}, nil)
	fi.loginErr = func(string) error {
		return &goimap.Error{Type: goimap.StatusResponseTypeNo, Code: goimap.ResponseCodeAlert, Text: "Application-specific password required"}
	}
	run(alert)
	_, _, untrusted := pair(t, testcert.New(t), []string{addr, pass}, nil)
	untrusted.Options.RootCAs = cert.Roots
	run(untrusted)

	if !strings.Contains(logs.String(), "login attempt") {
		t.Fatalf("nothing was logged: %q", logs.String())
	}
	for _, s := range append(texts, logs.String()) {
		if strings.Contains(s, pass) {
			t.Errorf("password leaked: %q", s)
		}
	}
}
