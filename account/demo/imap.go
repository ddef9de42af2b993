package demo

import (
	"log/slog"
	"net"

	goimap "github.com/emersion/go-imap/v2"
	"github.com/emersion/go-imap/v2/imapserver"
	"github.com/emersion/go-imap/v2/imapserver/imapmemserver"
)

// imapCaps are the extensions the in-memory backend supports, plus
// SPECIAL-USE and LIST-STATUS, which session.List provides.
var imapCaps = goimap.CapSet{
	goimap.CapIMAP4rev1:    {},
	goimap.CapNamespace:    {},
	goimap.CapUIDPlus:      {},
	goimap.CapESearch:      {},
	goimap.CapListExtended: {},
	goimap.CapListStatus:   {},
	goimap.CapMove:         {},
	goimap.CapStatusSize:   {},
	goimap.CapSpecialUse:   {},
	goimap.CapLiteralPlus:  {},
}

func newIMAPServer(store *mailstore, logger *slog.Logger) *imapserver.Server {
	return imapserver.New(&imapserver.Options{
		NewSession: func(*imapserver.Conn) (imapserver.Session, *imapserver.GreetingData, error) {
			return &session{store: store}, nil, nil
		},
		Caps:   imapCaps,
		Logger: printfLogger{logger.With("server", "imap")},
		// No STARTTLS and no InsecureAuth: every connection is implicit
		// TLS, so credentials only ever travel encrypted.
	})
}

// session is the backend's user session with folder management routed
// through the mailstore, which keeps the special-use attributes.
type session struct {
	*imapmemserver.UserSession // nil until Login
	store                      *mailstore
}

var _ imapserver.SessionIMAP4rev2 = (*session)(nil)

func (s *session) Login(username, password string) error {
	if err := s.store.user.Login(username, password); err != nil {
		return imapserver.ErrAuthFailed
	}
	s.UserSession = imapmemserver.NewUserSession(s.store.user)
	return nil
}

func (s *session) Close() error {
	if s.UserSession == nil {
		return nil
	}
	return s.UserSession.Close()
}

func (s *session) List(w *imapserver.ListWriter, ref string, patterns []string, o *goimap.ListOptions) error {
	return s.store.list(w, ref, patterns, o)
}

func (s *session) Create(name string, _ *goimap.CreateOptions) error {
	return s.store.create(name, "")
}

func (s *session) Delete(name string) error { return s.store.delete(name) }

func (s *session) Rename(old, name string, _ *goimap.RenameOptions) error {
	return s.store.rename(old, name)
}

func (s *session) Subscribe(name string) error   { return s.store.subscribe(name, true) }
func (s *session) Unsubscribe(name string) error { return s.store.subscribe(name, false) }

// serveAddr is the bound address of ln as host and port.
func serveAddr(ln net.Listener) (string, int) {
	a := ln.Addr().(*net.TCPAddr)
	return a.IP.String(), a.Port
}

// Idle first reports what is already queued: the backend's IDLE only
// wakes on updates that come after it started, so mail delivered between
// the client's last command and IDLE would otherwise wait for the next one.
func (s *session) Idle(w *imapserver.UpdateWriter, stop <-chan struct{}) error {
	if err := s.UserSession.Poll(w, true); err != nil {
		return err
	}
	return s.UserSession.Idle(w, stop)
}
