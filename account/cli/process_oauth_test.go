package cli_test

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"wren/account/internal/wrenbin"
	"wren/account/login"
	"wren/account/login/logintest"
	"wren/transport/testcert"
	"wren/transport/testdns"
	"wren/transport/testmail"
)

// tokenProxy is the provider's token endpoint in front of mockoidc's: it
// remembers the access tokens issued, which the mail servers then take,
// and once revoked answers invalid_grant as Google does for a revoked
// sign-in (mockoidc cannot revoke).
type tokenProxy struct {
	upstream string

	mu     sync.Mutex
	issued map[string]bool // access and refresh tokens handed out
	dead   map[string]bool // those revoked
}

func (p *tokenProxy) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	in, _ := io.ReadAll(r.Body)
	form, _ := url.ParseQuery(string(in))
	w.Header().Set("Content-Type", "application/json")
	p.mu.Lock()
	dead := p.dead[form.Get("refresh_token")]
	p.mu.Unlock()
	if form.Get("grant_type") == "refresh_token" && dead {
		w.WriteHeader(http.StatusBadRequest)
		io.WriteString(w, `{"error":"invalid_grant","error_description":"Token has been expired or revoked."}`)
		return
	}
	req, err := http.NewRequestWithContext(r.Context(), http.MethodPost, p.upstream, bytes.NewReader(in))
	if err != nil {
		http.Error(w, err.Error(), http.StatusInternalServerError)
		return
	}
	req.Header = r.Header.Clone()
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		http.Error(w, err.Error(), http.StatusBadGateway)
		return
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	var tok struct {
		AccessToken  string `json:"access_token"`
		RefreshToken string `json:"refresh_token"`
	}
	if json.Unmarshal(body, &tok) == nil && tok.AccessToken != "" {
		p.mu.Lock()
		p.issued[tok.AccessToken] = true
		if tok.RefreshToken != "" {
			p.issued[tok.RefreshToken] = true
		}
		p.mu.Unlock()
	}
	w.WriteHeader(resp.StatusCode)
	w.Write(body)
}

// accept is what the mail servers ask: a token the provider issued and
// has not revoked since.
func (p *tokenProxy) accept(tok string) bool {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.issued[tok] && !p.dead[tok]
}

// revoke revokes the sign-in so far, as a user does in the provider's
// account page: its tokens stop working; a new sign-in gets new ones.
func (p *tokenProxy) revoke() {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.dead == nil {
		p.dead = map[string]bool{}
	}
	for t := range p.issued {
		p.dead[t] = true
	}
}

func (p *tokenProxy) tokens() []string {
	p.mu.Lock()
	defer p.mu.Unlock()
	var out []string
	for t := range p.issued {
		out = append(out, t)
	}
	return out
}

// The real program with browser sign-in (issue #19): `account add --oauth
// --no-browser` prints the provider's address, the test plays the browser
// (mockoidc approves at once), both servers take the token, and sync and
// send log in with it from the keyring. When the provider revokes the
// sign-in, the refused token is renewed once and the sync fails with
// OAUTH-01 telling to sign in again. No token is ever on disk.
func TestProcessOAuthAccount(t *testing.T) {
	requireRealKeyring(t)
	bin := wrenbin.Build(t)
	pair := testcert.New(t)
	m := logintest.Start(t)
	proxy := &tokenProxy{upstream: m.TokenEndpoint(), issued: map[string]bool{}}
	tokenSrv := httptest.NewServer(proxy)
	t.Cleanup(tokenSrv.Close)
	provider := m.FileWith(t, tokenSrv.URL)

	const addr = "me@example.test"
	imap := testmail.StartTokenIMAP(t, testmail.TokenConfig{User: addr, Accept: proxy.accept,
		Mechanisms: []string{"XOAUTH2", "OAUTHBEARER"}, TLS: pair.Server})
	imap.Deliver(t, "INBOX", "From: you@example.test\r\nTo: me@example.test\r\nSubject: Welcome\r\n\r\nHello.\r\n")
	smtp := testmail.StartTokenSMTP(t, testmail.TokenConfig{User: addr, Accept: proxy.accept,
		Mechanisms: []string{"XOAUTH2"}, TLS: pair.Server})

	dir := t.TempDir()
	run := wrenRunner(bin, caBundle(t, pair.CAPEM()), "--profile", dir)
	ctx, cancel := context.WithTimeout(t.Context(), 3*time.Minute)
	defer cancel()
	wren := func(args ...string) *exec.Cmd {
		cmd := run(ctx, "", args...)
		cmd.Env = append(cmd.Env, login.EnvProvider+"="+provider)
		return cmd
	}
	name := "oauth-" + strconv.FormatInt(time.Now().UnixNano(), 36)

	add := wren("account", "add", addr, "--oauth", "--no-browser", "--name", name, "--json",
		"--incoming", "imaps://"+imap.Addr(), "--outgoing", "smtps://"+smtp.Addr())
	t.Cleanup(func() { _ = exec.Command(bin, "--profile", dir, "account", "remove", name).Run() })
	stdout := browse(t, add)
	var added struct {
		OK      bool
		Account string
	}
	if err := json.Unmarshal(stdout.Bytes(), &added); err != nil || !added.OK || added.Account != name {
		t.Fatalf("account add --oauth: %v\n%s", err, stdout.String())
	}
	if got := len(imap.Chosen()) + len(smtp.Chosen()); got != 2 {
		t.Errorf("token logins while adding: IMAP %v, SMTP %v", imap.Chosen(), smtp.Chosen())
	}

	out, err := wren("sync", "--json").Output()
	var synced struct {
		OK      bool
		Folders []struct {
			Name     string
			Messages int
		}
	}
	if err != nil || json.Unmarshal(out, &synced) != nil || !synced.OK {
		t.Fatalf("sync with the token: %v\n%s", err, out)
	}
	if len(synced.Folders) == 0 || synced.Folders[0].Name != "INBOX" || synced.Folders[0].Messages != 1 {
		t.Errorf("synced %+v", synced.Folders)
	}

	eml := filepath.Join(t.TempDir(), "m.eml")
	if err := os.WriteFile(eml, []byte("From: "+addr+"\nTo: you@example.test\nSubject: Token\n\nSent with a token.\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	out, err = wren("send", eml, "--json").Output()
	var sent struct{ State string }
	if err != nil || json.Unmarshal(out, &sent) != nil || sent.State != "sent" || smtp.Messages() != 1 {
		t.Fatalf("send with the token: %v (%d received)\n%s", err, smtp.Messages(), out)
	}
	if n := imap.Messages(t, "Sent"); n != 1 {
		t.Errorf("%d copies in Sent, want 1", n)
	}

	// The tokens live in the keyring only.
	tokens := proxy.tokens()
	if len(tokens) == 0 {
		t.Fatal("no token was issued")
	}
	filepath.Walk(dir, func(path string, fi os.FileInfo, err error) error {
		if err != nil || fi.IsDir() {
			return nil
		}
		b, _ := os.ReadFile(path)
		for _, tok := range tokens {
			if bytes.Contains(b, []byte(tok)) {
				t.Errorf("an access token is in %s", path)
			}
		}
		return nil
	})

	proxy.revoke()
	before := len(imap.Chosen())
	cmd := wren("sync", "--json")
	out, err = cmd.Output()
	var failed struct {
		OK     bool
		Errors []struct{ Code, Fix string }
	}
	if ee, ok := err.(*exec.ExitError); !ok || ee.ExitCode() != 1 || json.Unmarshal(out, &failed) != nil || failed.OK ||
		len(failed.Errors) != 1 || failed.Errors[0].Code != "OAUTH-01" {
		t.Fatalf("sync after revocation: %v\n%s", err, out)
	}
	if fix := failed.Errors[0].Fix; !strings.Contains(fix, "Sign in") || !strings.Contains(fix, "again") {
		t.Errorf("fix text %q", fix)
	}
	// The refused token was tried once; the renewal found the revocation.
	if got := imap.Chosen()[before:]; len(got) != 1 {
		t.Errorf("token logins after revocation: %v", got)
	}

	// Signing in again (the fix's command line form) renews the sign-in
	// alone; the account syncs again with the new token.
	signin := wren("account", "signin", name, "--no-browser", "--json")
	browse(t, signin)
	if n := len(proxy.tokens()); n <= len(tokens) {
		t.Errorf("no new token was issued (%d before, %d now)", len(tokens), n)
	}
	out, err = wren("sync", "--json").Output()
	if err != nil || json.Unmarshal(out, &synced) != nil || !synced.OK {
		t.Fatalf("sync after signing in again: %v\n%s", err, out)
	}

	// doctor points at browser sign-in where the provider offers it.
	dns := testdns.New(t)
	out, _ = wren("doctor", addr, "--json", "--dns", dns.Addr).Output()
	var doc struct {
		SignIn string `json:"sign_in"`
	}
	if json.Unmarshal(out, &doc) != nil || doc.SignIn != "wren account add "+addr+" --oauth" {
		t.Errorf("doctor: %s", out)
	}
}

// browse runs cmd, a browser sign-in with --no-browser, playing the
// browser: the address it prints is fetched (mockoidc approves and
// redirects to Wren's loopback address, which answers the signed-in
// page). It returns what cmd printed on stdout, once it succeeded.
func browse(t *testing.T, cmd *exec.Cmd) *bytes.Buffer {
	t.Helper()
	stderr, err := cmd.StderrPipe()
	if err != nil {
		t.Fatal(err)
	}
	var stdout bytes.Buffer
	cmd.Stdout = &stdout
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	var errText strings.Builder
	sc := bufio.NewScanner(stderr)
	opened := false
	for sc.Scan() {
		line := sc.Text()
		errText.WriteString(line + "\n")
		if _, u, ok := strings.Cut(line, "Open this address in your browser to sign in to Example Mail: "); ok && !opened {
			opened = true
			resp, err := http.Get(u)
			if err != nil {
				t.Fatalf("browser: %v", err)
			}
			page, _ := io.ReadAll(resp.Body)
			resp.Body.Close()
			if resp.StatusCode != http.StatusOK || !strings.Contains(string(page), "Signed in") {
				t.Errorf("browser got %d: %s", resp.StatusCode, page)
			}
		}
	}
	if err := cmd.Wait(); err != nil || !opened {
		t.Fatalf("%v: %v (address shown: %v)\n%s\n%s", cmd.Args, err, opened, stdout.String(), errText.String())
	}
	return &stdout
}
