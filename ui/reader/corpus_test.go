package reader

import (
	"errors"
	"io/fs"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"wren/account/store"
	"wren/transport/rfc822"
	"wren/transport/testcorpus"
)

// recorder is an HTTP server on the address the corpus points at; it
// counts every request that reaches it.
type recorder struct {
	mu    sync.Mutex
	paths []string
}

func (rc *recorder) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	rc.mu.Lock()
	rc.paths = append(rc.paths, r.URL.Path)
	rc.mu.Unlock()
	http.NotFound(w, r)
}

func (rc *recorder) seen() []string {
	rc.mu.Lock()
	defer rc.mu.Unlock()
	return append([]string(nil), rc.paths...)
}

// startRecorder listens on 127.0.0.1:18080 and fails the test when the
// port is taken: a request must have nowhere else to go unnoticed.
func startRecorder(t *testing.T) *recorder {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:18080")
	if err != nil {
		t.Fatalf("the recording server needs 127.0.0.1:18080: %v", err)
	}
	rc := &recorder{}
	srv := &http.Server{Handler: rc}
	done := make(chan struct{})
	go func() {
		defer close(done)
		if err := srv.Serve(ln); err != nil && !errors.Is(err, http.ErrServerClosed) {
			t.Errorf("recording server: %v", err)
		}
	}()
	t.Cleanup(func() {
		if err := srv.Close(); err != nil {
			t.Errorf("closing the recording server: %v", err)
		}
		<-done
	})
	return rc
}

// corpusFiles reads every .eml under the corpus folders.
func corpusFiles(t *testing.T, folders ...string) map[string][]byte {
	t.Helper()
	root := testcorpus.Dir(t)
	out := map[string][]byte{}
	for _, f := range folders {
		err := filepath.WalkDir(filepath.Join(root, f), func(p string, d fs.DirEntry, err error) error {
			if err != nil || d.IsDir() || !strings.HasSuffix(p, ".eml") {
				return err
			}
			b, err := os.ReadFile(p)
			if err != nil {
				return err
			}
			rel, _ := filepath.Rel(root, p)
			out[filepath.ToSlash(rel)] = b
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	if len(out) < 20 {
		t.Fatalf("only %d corpus messages under %s", len(out), root)
	}
	return out
}

// Every HTML and remote-content message of the corpus is shown in the
// reader, laid out in a window, without a single request reaching the
// recording server; loading remote content on purpose does reach it.
func TestCorpusShownWithoutRequests(t *testing.T) {
	rc := startRecorder(t)
	h := newHarness(t)
	files := corpusFiles(t, "html", "remote-content")
	blocked := 0
	var id int64
	for name, raw := range files {
		m, err := rfc822.Parse(strings.NewReader(string(raw)), rfc822.Limits{})
		if err != nil {
			t.Errorf("%s: %v", name, err)
			continue
		}
		id++
		h.r.Load(Input{Row: store.Message{ID: id, Subject: m.Subject}, Msg: m, Raw: raw})
		p := h.r.Current()
		if p == nil || p.Doc == nil || p.Remote {
			t.Fatalf("%s: not rendered, or rendered with remote content", name)
		}
		if len(p.Doc.Blocks) > 0 && len(h.r.Body.Segments) == 0 {
			t.Errorf("%s: %d blocks but an empty body", name, len(p.Doc.Blocks))
		}
		if p.Doc.Remote.Count > 0 {
			blocked++
			if !h.r.Remote.Visible() || !strings.HasPrefix(h.r.Remote.Text, "Remote content blocked: ") || !h.r.LoadRemote.Visible() {
				t.Errorf("%s: %d remote references but the trust line says %q", name, p.Doc.Remote.Count, h.r.Remote.Text)
			}
		}
		h.r.Content.Refresh()
	}
	if got := rc.seen(); len(got) != 0 {
		t.Fatalf("showing the corpus made %d requests: %q", len(got), got)
	}
	if blocked < 5 {
		t.Errorf("only %d messages had remote content blocked", blocked)
	}

	// The control: the user's "Load remote content" does fetch, so the
	// silence above is the reader's doing, not a deaf server.
	raw := files["remote-content/rc01-img-variants.eml"]
	if raw == nil {
		t.Fatal("rc01-img-variants.eml missing from the corpus")
	}
	m, _ := rfc822.Parse(strings.NewReader(string(raw)), rfc822.Limits{})
	h.r.Load(Input{Row: store.Message{ID: id + 1}, Msg: m, Raw: raw})
	h.r.LoadRemote.OnTapped()
	if !h.r.Current().Remote {
		t.Fatal("Load remote content did not render with remote content")
	}
	if got := rc.seen(); len(got) == 0 {
		t.Error("Load remote content made no request")
	}
}
