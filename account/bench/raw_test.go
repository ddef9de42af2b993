package bench

import (
	"bufio"
	"bytes"
	"context"
	"crypto/tls"
	"errors"
	"fmt"
	"net"
	"strings"
	"time"

	goimap "github.com/emersion/go-imap/v2"
	"github.com/emersion/go-imap/v2/imapclient"
	"github.com/emersion/go-sasl"
	gosmtp "github.com/emersion/go-smtp"

	"wren/transport"
	"wren/transport/imap"
	"wren/transport/testserver"
)

// The raw baselines: the least a client can do for each figure, written
// straight on go-imap, go-smtp or a TLS socket. Each returns the time
// after login and the number of messages it saw.

func tlsConfig(srv *testserver.Servers, ep transport.Endpoint) *tls.Config {
	return &tls.Config{RootCAs: srv.RootCAs, ServerName: ep.Host, MinVersion: tls.VersionTLS12}
}

// rawIMAPFetch runs one UID FETCH 1:* of items over INBOX and discards
// what comes back.
// rawIMAPLogin is a go-imap session of u over implicit TLS.
func rawIMAPLogin(srv *testserver.Servers, u testserver.User) (*imapclient.Client, error) {
	c, err := imapclient.DialTLS(srv.IMAPTLS.Address(), &imapclient.Options{TLSConfig: tlsConfig(srv, srv.IMAPTLS)})
	if err != nil {
		return nil, err
	}
	if err := c.Login(u.Address, u.Password).Wait(); err != nil {
		c.Close()
		return nil, err
	}
	return c, nil
}

func rawIMAPFetch(srv *testserver.Servers, u testserver.User, items *goimap.FetchOptions) (time.Duration, int, error) {
	c, err := rawIMAPLogin(srv, u)
	if err != nil {
		return 0, 0, err
	}
	defer c.Close()
	start := time.Now()
	if _, err := c.Select("INBOX", &goimap.SelectOptions{ReadOnly: true}).Wait(); err != nil {
		return 0, 0, err
	}
	n, err := fetchAll(c, items)
	if err != nil {
		return 0, 0, err
	}
	el := time.Since(start)
	return el, n, c.Logout().Wait()
}

// fetchAll fetches items of every message of the selected folder, reading
// and dropping each, and returns how many came.
func fetchAll(c *imapclient.Client, items *goimap.FetchOptions) (int, error) {
	items.UID = true
	cmd := c.Fetch(goimap.UIDSet{goimap.UIDRange{Start: 1, Stop: 0}}, items)
	n := 0
	for msg := cmd.Next(); msg != nil; msg = cmd.Next() {
		for item := msg.Next(); item != nil; item = msg.Next() {
		}
		n++
	}
	return n, cmd.Close()
}

// envelopeItems is the raw header fetch.
func envelopeItems() *goimap.FetchOptions {
	return &goimap.FetchOptions{Flags: true, RFC822Size: true, Envelope: true}
}

// warmItems is everything Wren's header sync asks for, fetched once
// before any timing so both clients meet Dovecot's cache in the same
// state.
func warmItems() *goimap.FetchOptions {
	o := wrenItems()
	o.Envelope = true
	return o
}

// wrenItems is what Wren's header sync asks for (imap.FetchHeaders).
func wrenItems() *goimap.FetchOptions {
	return &goimap.FetchOptions{Flags: true, RFC822Size: true,
		BodySection: []*goimap.FetchItemBodySection{{Specifier: goimap.PartSpecifierHeader, HeaderFields: imap.ListFields, Peek: true}}}
}

// pop3Conn is a bare POP3 session with bounded line reads.
type pop3Conn struct {
	c net.Conn
	r *bufio.Reader
	w *bufio.Writer
}

func (p *pop3Conn) line() ([]byte, error) {
	l, err := p.r.ReadSlice('\n')
	if errors.Is(err, bufio.ErrBufferFull) {
		return nil, fmt.Errorf("pop3: line longer than %d bytes", p.r.Size())
	}
	return l, err
}

func (p *pop3Conn) status() error {
	l, err := p.line()
	if err != nil {
		return err
	}
	if !bytes.HasPrefix(l, []byte("+OK")) {
		return fmt.Errorf("pop3: %q", bytes.TrimSpace(l))
	}
	return nil
}

// multi reads a status line and a dot-terminated body, counting its lines.
func (p *pop3Conn) multi() (int, error) { return p.multiInto(nil) }

// multiInto is multi keeping the body's lines in buf when it is not nil.
func (p *pop3Conn) multiInto(buf *bytes.Buffer) (int, error) {
	if err := p.status(); err != nil {
		return 0, err
	}
	n := 0
	for {
		l, err := p.line()
		if err != nil {
			return n, err
		}
		if string(l) == ".\r\n" {
			return n, nil
		}
		if buf != nil {
			buf.Write(l)
		}
		n++
	}
}

func (p *pop3Conn) cmd(line string) error {
	if _, err := p.w.WriteString(line + "\r\n"); err != nil {
		return err
	}
	return p.w.Flush()
}

// rawPOP3 runs UIDL, then TOP n 0 for every message, all TOPs written
// at once when the server offers PIPELINING.
func rawPOP3(ctx context.Context, srv *testserver.Servers, u testserver.User) (time.Duration, int, bool, error) {
	return rawPOP3Keep(ctx, srv, u, nil)
}

// rawPOP3Keep is rawPOP3 handing each message's header (by number) to
// keep when it is not nil; keep's time counts.
func rawPOP3Keep(ctx context.Context, srv *testserver.Servers, u testserver.User, keep func(i int, header []byte) error) (time.Duration, int, bool, error) {
	var hdr *bytes.Buffer
	if keep != nil {
		hdr = new(bytes.Buffer)
	}
	took := func(i int) error {
		if keep == nil {
			return nil
		}
		err := keep(i, hdr.Bytes())
		hdr.Reset()
		return err
	}
	ep := srv.POP3TLS
	d := tls.Dialer{Config: tlsConfig(srv, ep)}
	nc, err := d.DialContext(ctx, "tcp", ep.Address())
	if err != nil {
		return 0, 0, false, err
	}
	defer nc.Close()
	if dl, ok := ctx.Deadline(); ok {
		nc.SetDeadline(dl)
	}
	p := &pop3Conn{c: nc, r: bufio.NewReaderSize(nc, 64<<10), w: bufio.NewWriterSize(nc, 64<<10)}
	if err := p.status(); err != nil {
		return 0, 0, false, err
	}
	for _, l := range []string{"USER " + u.Address, "PASS " + u.Password} {
		if err := p.cmd(l); err != nil {
			return 0, 0, false, err
		}
		if err := p.status(); err != nil {
			return 0, 0, false, errors.New("pop3: login refused")
		}
	}
	start := time.Now()
	if err := p.cmd("CAPA"); err != nil {
		return 0, 0, false, err
	}
	pipelining := false
	if err := p.status(); err != nil {
		return 0, 0, false, err
	}
	for {
		l, err := p.line()
		if err != nil {
			return 0, 0, false, err
		}
		s := strings.TrimSpace(string(l))
		if s == "." {
			break
		}
		pipelining = pipelining || strings.EqualFold(s, "PIPELINING")
	}
	if err := p.cmd("UIDL"); err != nil {
		return 0, 0, false, err
	}
	n, err := p.multi()
	if err != nil {
		return 0, 0, false, err
	}
	if pipelining {
		// The writer runs beside the reader: a full socket buffer on
		// either side must not stall the other.
		werr := make(chan error, 1)
		go func() {
			for i := 1; i <= n; i++ {
				if _, err := fmt.Fprintf(p.w, "TOP %d 0\r\n", i); err != nil {
					werr <- err
					return
				}
			}
			werr <- p.w.Flush()
		}()
		for i := 1; i <= n; i++ {
			if _, err := p.multiInto(hdr); err != nil {
				return 0, 0, true, err
			}
			if err := took(i); err != nil {
				return 0, 0, true, err
			}
		}
		if err := <-werr; err != nil {
			return 0, 0, true, err
		}
	} else {
		for i := 1; i <= n; i++ {
			if err := p.cmd(fmt.Sprintf("TOP %d 0", i)); err != nil {
				return 0, 0, false, err
			}
			if _, err := p.multiInto(hdr); err != nil {
				return 0, 0, false, err
			}
			if err := took(i); err != nil {
				return 0, 0, false, err
			}
		}
	}
	el := time.Since(start)
	if err := p.cmd("QUIT"); err != nil {
		return el, n, pipelining, err
	}
	return el, n, pipelining, p.status()
}

// rawSMTP submits msgs from u to rcpt in one go-smtp session.
func rawSMTP(srv *testserver.Servers, u testserver.User, rcpt string, msgs [][]byte) (time.Duration, error) {
	ep := srv.SubmitTLS
	c, err := gosmtp.DialTLS(ep.Address(), tlsConfig(srv, ep))
	if err != nil {
		return 0, err
	}
	defer c.Close()
	if err := c.Hello("bench.wren.test"); err != nil {
		return 0, err
	}
	if err := c.Auth(sasl.NewPlainClient("", u.Address, u.Password)); err != nil {
		return 0, err
	}
	start := time.Now()
	for _, m := range msgs {
		if err := c.SendMail(u.Address, []string{rcpt}, bytes.NewReader(m)); err != nil {
			return 0, err
		}
	}
	el := time.Since(start)
	return el, c.Quit()
}

// flagsItems is the floor for a resync: flags only.
func flagsItems() *goimap.FetchOptions { return &goimap.FetchOptions{Flags: true} }
