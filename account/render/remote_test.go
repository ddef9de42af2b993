package render

import (
	"errors"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	"wren/transport/rfc822"
)

// recorder is an HTTP server on the address every remote reference of the
// remote-content corpus points at; it records each request it gets.
type recorder struct {
	mu   sync.Mutex
	hits []string
	srv  *http.Server
}

func startRecorder(t *testing.T) *recorder {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:18080")
	if err != nil {
		t.Fatalf("the recording server needs 127.0.0.1:18080: %v", err)
	}
	r := &recorder{}
	r.srv = &http.Server{ReadHeaderTimeout: 5 * time.Second, Handler: http.HandlerFunc(func(w http.ResponseWriter, req *http.Request) {
		r.mu.Lock()
		r.hits = append(r.hits, req.URL.Path)
		r.mu.Unlock()
		w.WriteHeader(http.StatusNoContent)
	})}
	done := make(chan error, 1)
	go func() { done <- r.srv.Serve(ln) }()
	t.Cleanup(func() {
		_ = r.srv.Close()
		if err := <-done; !errors.Is(err, http.ErrServerClosed) {
			t.Errorf("recording server: %v", err)
		}
	})
	return r
}

// probe makes a request of its own and waits for it, proving the server
// records; it returns what was recorded before, and clears the record.
func (r *recorder) probe(t *testing.T, path string) []string {
	t.Helper()
	c := &http.Client{Timeout: 5 * time.Second}
	resp, err := c.Get("http://127.0.0.1:18080" + path)
	if err != nil {
		t.Fatal(err)
	}
	_ = resp.Body.Close()
	r.mu.Lock()
	defer r.mu.Unlock()
	hits := r.hits
	r.hits = nil
	if len(hits) == 0 || hits[len(hits)-1] != path {
		t.Fatalf("recording server did not record the probe %s: %v", path, hits)
	}
	return hits[:len(hits)-1]
}

// allMessages lists m and the messages attached to it.
func allMessages(m *rfc822.Message) []*rfc822.Message {
	out := []*rfc822.Message{m}
	for i := 0; i < len(out); i++ {
		for _, a := range out[i].Attachments {
			if a.Message != nil {
				out = append(out, a.Message)
			}
		}
	}
	return out
}

func TestRemoteContentZeroRequests(t *testing.T) {
	rec := startRecorder(t)
	if early := rec.probe(t, "/wren-probe-start"); len(early) != 0 {
		t.Fatalf("requests before rendering: %v", early)
	}
	msgs := corpusMessages(t, "remote-content")
	names := make([]string, 0, len(msgs))
	for n := range msgs {
		names = append(names, n)
	}
	sort.Strings(names)
	dir := t.TempDir()
	reports := map[string]*Document{}
	for _, name := range names {
		for i, m := range allMessages(msgs[name]) {
			d := FromMessage(m, Options{})
			if i == 0 {
				reports[name] = d
			}
			for _, b := range d.Blocks {
				if b.Src != "" {
					t.Errorf("%s: remote image kept: %q", name, b.Src)
				}
			}
			if m.HTML != "" {
				out := SanitizedHTML(m.HTML)
				checkSanitized(t, name, out)
				f := filepath.Join(dir, strings.ReplaceAll(name, "/", "_")+"."+string(rune('a'+i))+".html")
				if err := os.WriteFile(f, out, 0o600); err != nil {
					t.Fatal(err)
				}
			}
		}
	}
	if hits := rec.probe(t, "/wren-probe-end"); len(hits) != 0 {
		t.Errorf("rendering made %d requests: %v", len(hits), hits)
	}

	remote := []string{"rc01", "rc02", "rc03", "rc04", "rc06", "rc08", "rc09", "rc10"}
	for _, name := range names {
		d := reports[name]
		short := strings.TrimPrefix(name, "remote-content/")[:4]
		want := false
		for _, r := range remote {
			want = want || r == short
		}
		if want && (d.Remote.Count == 0 || len(d.Remote.Hosts) == 0) {
			t.Errorf("%s: remote references not counted: %+v", name, d.Remote)
		}
		for _, h := range d.Remote.Hosts {
			if h != "127.0.0.1" && h != "[::ffff:127.0.0.1]" {
				t.Errorf("%s: host %q: every reference points at the recorder", name, h)
			}
		}
		switch short {
		case "rc06":
			if len(d.Remote.Trackers) == 0 || d.Remote.Count < 10 {
				t.Errorf("rc06: trackers not found: %+v", d.Remote)
			}
		case "rc07":
			warned := 0
			for _, l := range d.Links {
				if len(l.Warnings) > 0 {
					warned++
				}
			}
			if warned < 15 {
				t.Errorf("rc07: only %d of %d links warned", warned, len(d.Links))
			}
		}
	}
}
