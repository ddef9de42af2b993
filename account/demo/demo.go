package demo

import (
	"context"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"sync"
	"time"

	"github.com/emersion/go-imap/v2/imapserver"
	gosmtp "github.com/emersion/go-smtp"

	"wren/account"
	"wren/transport"
)

const (
	// Address is the demo user's address and login name.
	Address = "demo@wren.example"
	// Name is the demo's one person, in every message and identity.
	Name = "Robin Demo"
	// Host is where both demo servers listen: loopback only.
	Host = "127.0.0.1"
	// AccountName is the name of the demo account.
	AccountName = "Demo"
)

// Options configure Start. The zero value is usable.
type Options struct {
	// Source fills the mailbox at start; nil means Builtin().
	Source Source
	// Logger receives server events (never the password or mail bodies).
	Logger *slog.Logger
}

// Demo is a running pair of demo servers.
type Demo struct {
	// IMAP and SMTP are the servers as the client saves them: 127.0.0.1,
	// implicit TLS, the demo user, and Pin set to the certificate's key.
	IMAP, SMTP account.Server
	// Password is the demo user's password, random per Start. Hand it to
	// the client in-process only.
	Password string
	// Account is the demo account, ready for the client.
	Account account.Account
	// RootCAs holds only the demo CA; Fingerprint is the leaf's
	// transport.Fingerprint (also in IMAP.Pin and SMTP.Pin).
	RootCAs     *x509.CertPool
	Fingerprint string
	// Messages is how many messages the source added at start.
	Messages int
	// Skipped is how many it left out because the server could not serve
	// them (ErrUnservable).
	Skipped int

	store   *mailstore
	imapSrv *imapserver.Server
	smtpSrv *gosmtp.Server
	lns     []net.Listener
	conns   *conns
	serving sync.WaitGroup
	close   sync.Once
	logger  *slog.Logger
}

// Start creates the certificate, the demo user and both servers, fills the
// mailbox from o.Source, and returns when both servers accept
// connections. ctx bounds the start only; Close stops the servers.
func Start(ctx context.Context, o Options) (_ *Demo, err error) {
	logger := o.Logger
	if logger == nil {
		logger = slog.New(slog.DiscardHandler)
	}
	logger = logger.With("component", "demo")
	id, err := newIdentity(time.Now())
	if err != nil {
		return nil, err
	}
	d := &Demo{
		Password:    rand.Text(),
		RootCAs:     id.pool,
		Fingerprint: transport.Fingerprint(id.leaf),
		conns:       newConns(),
		logger:      logger,
	}
	if d.store, err = newMailstore(Address, d.Password); err != nil {
		return nil, fmt.Errorf("demo: folders: %w", err)
	}
	src := o.Source
	if src == nil {
		src = Builtin()
	}
	if d.Messages, err = d.Fill(ctx, src); err != nil {
		return nil, err
	}

	lc := net.ListenConfig{}
	imapLn, err := lc.Listen(ctx, "tcp", net.JoinHostPort(Host, "0"))
	if err != nil {
		return nil, fmt.Errorf("demo: imap listen: %w", err)
	}
	smtpLn, err := lc.Listen(ctx, "tcp", net.JoinHostPort(Host, "0"))
	if err != nil {
		imapLn.Close()
		return nil, fmt.Errorf("demo: smtp listen: %w", err)
	}
	d.lns = []net.Listener{imapLn, smtpLn}
	d.IMAP = d.server(account.IMAP, imapLn)
	d.SMTP = d.server(account.SMTP, smtpLn)
	d.Account = d.account()

	d.imapSrv = newIMAPServer(d.store, logger)
	d.smtpSrv = newSMTPServer(d, logger)
	cfg := id.serverConfig()
	d.serve("imap", d.imapSrv.Serve, imapLn, cfg)
	d.serve("smtp", d.smtpSrv.Serve, smtpLn, cfg)
	logger.Info("demo servers started", "imap", d.IMAP.String(), "smtp", d.SMTP.String(), "messages", d.Messages)
	return d, nil
}

// serve runs one server on ln, wrapped in connection tracking and TLS
// (tracking below TLS, so the servers still see a *tls.Conn and allow
// authentication).
func (d *Demo) serve(name string, serve func(net.Listener) error, ln net.Listener, cfg *tls.Config) {
	wrapped := tls.NewListener(d.conns.listener(ln), cfg)
	d.serving.Go(func() {
		if err := serve(wrapped); err != nil && !errors.Is(err, net.ErrClosed) {
			d.logger.Warn("demo server stopped", "server", name, "err", err)
		}
	})
}

func (d *Demo) server(p account.Protocol, ln net.Listener) account.Server {
	host, port := serveAddr(ln)
	return account.Server{
		Protocol: p,
		Host:     host,
		Port:     port,
		Security: transport.SecurityTLS,
		Username: Address,
		Auth:     account.AuthPassword,
		Source:   account.SourceManual,
		Pin:      d.Fingerprint,
	}
}

func (d *Demo) account() account.Account {
	return account.Account{
		Name:       AccountName,
		Address:    Address,
		Identities: []account.Identity{{Name: Name, Address: Address}},
		Incoming:   d.IMAP,
		Outgoing:   d.SMTP,
		Created:    time.Now(),
	}
}

// TransportOptions trust exactly the demo certificate: its CA as the only
// root and its key as the pin.
func (d *Demo) TransportOptions() transport.Options {
	return transport.Options{RootCAs: d.RootCAs, Pin: d.Fingerprint}
}

// Close stops both servers, cuts every open connection and returns once
// all their goroutines are done. Calling it again does nothing.
func (d *Demo) Close() error {
	var err error
	d.close.Do(func() {
		for _, ln := range d.lns {
			if cerr := ln.Close(); cerr != nil && err == nil {
				err = cerr
			}
		}
		d.serving.Wait() // no more accepts
		d.conns.shutdown()
		d.conns.wait()
		// go-smtp counts its connection goroutines: wait for the last
		// instructions after each one closed its connection.
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		if serr := d.smtpSrv.Shutdown(ctx); serr != nil && !errors.Is(serr, net.ErrClosed) && err == nil {
			err = serr
		}
		d.imapSrv.Close() // marks it closed; nothing is left to stop
		d.logger.Info("demo servers stopped")
	})
	return err
}
