package pop3

import (
	"context"
	"encoding/base64"
	"errors"
	"strings"

	"github.com/emersion/go-sasl"

	"wren/transport"
)

// maxAuthLine is RFC 5034's limit on the AUTH command line; a longer
// initial response waits for the server's continuation.
const maxAuthLine = 255

// maxSASLRounds bounds a SASL exchange; PLAIN needs one.
const maxSASLRounds = 8

// Login authenticates with AUTH PLAIN when the server offers it, else with
// USER and PASS. It refuses (POP-02, nothing sent) on an unencrypted
// connection. A -ERR maps to POP-01 (credentials), POP-04 (in use), POP-05
// (login delay), POP-06/07 (server problem) or POP-08. After a successful
// login the capabilities are read again (RFC 2449 §5).
func (c *Client) Login(ctx context.Context, username, password string) error {
	if !c.tls {
		return c.newError(transport.CodePOPPrivacyRequired, transport.StepAuth, ErrPlaintextLogin)
	}
	if c.authed {
		return ErrLoggedIn
	}
	if strings.ContainsAny(username+password, "\r\n\x00") {
		return c.newError(transport.CodeBadSettings, transport.StepAuth, ErrBadCredential)
	}
	var err error
	method := "user"
	if c.caps.HasSASL("PLAIN") {
		method = "sasl-plain"
		err = c.authenticate(ctx, sasl.NewPlainClient("", username, password))
	} else {
		err = c.userPass(ctx, username, password)
	}
	if err != nil {
		c.opts.Logger.Debug("pop3 login failed", "server", c.ep.Address(), "method", method, "code", transport.CodeOf(err))
		return err
	}
	c.authed = true
	c.opts.Logger.Debug("pop3 logged in", "server", c.ep.Address(), "method", method)
	caps, err := c.capa(ctx, transport.StepCommand)
	if err != nil {
		return err
	}
	if caps.Known || !c.caps.Known {
		c.caps = caps
	}
	return nil
}

func (c *Client) userPass(ctx context.Context, username, password string) error {
	return c.round(ctx, transport.StepAuth, c.opts.Timeouts.Command, func() error {
		if err := c.send("USER "+username, false); err != nil {
			return err
		}
		if _, err := c.reply("USER", false); err != nil {
			return err
		}
		if err := c.send("PASS "+password, true); err != nil {
			return err
		}
		_, err := c.reply("PASS", false)
		return err
	})
}

// authenticate runs one SASL exchange (RFC 5034).
func (c *Client) authenticate(ctx context.Context, a sasl.Client) error {
	return c.round(ctx, transport.StepAuth, c.opts.Timeouts.Command, func() error {
		mech, ir, err := a.Start()
		if err != nil {
			return &softError{&saslError{err}}
		}
		line := "AUTH " + mech
		var pending string
		if ir != nil {
			enc := base64.StdEncoding.EncodeToString(ir)
			if enc == "" {
				enc = "="
			}
			if len(line)+1+len(enc) <= maxAuthLine {
				line += " " + enc
			} else {
				pending = enc
			}
		}
		if err := c.send(line, true); err != nil {
			return err
		}
		for range maxSASLRounds {
			st, err := c.reply("AUTH", true)
			if err != nil || st.kind == statusOK {
				return err
			}
			if pending != "" {
				if err := c.send(pending, true); err != nil {
					return err
				}
				pending = ""
				continue
			}
			resp, err := c.saslStep(a, st.text)
			if err != nil {
				return c.cancelAuth(err)
			}
			if err := c.send(resp, true); err != nil {
				return err
			}
		}
		return c.cancelAuth(errors.New("pop3: too many SASL rounds"))
	})
}

func (c *Client) saslStep(a sasl.Client, challenge string) (string, error) {
	chal, err := base64.StdEncoding.DecodeString(challenge)
	if err != nil {
		return "", err
	}
	resp, err := a.Next(chal)
	if err != nil {
		return "", err
	}
	return base64.StdEncoding.EncodeToString(resp), nil
}

// cancelAuth aborts a SASL exchange with "*" and reads the server's -ERR,
// keeping the session in step; the result is a soft error wrapping why.
func (c *Client) cancelAuth(why error) error {
	if err := c.send("*", false); err != nil {
		return err
	}
	st, err := c.reply("AUTH", true)
	var soft *softError
	switch {
	case errors.As(err, &soft):
	case err != nil:
		return err
	case st.kind != statusErr:
		return errNotPOP3
	}
	return &softError{&saslError{why}}
}

// saslError is a SASL exchange that Wren cancelled: client and server did
// not agree, which says nothing about the credentials.
type saslError struct{ err error }

func (e *saslError) Error() string { return "pop3: SASL exchange cancelled: " + e.err.Error() }
func (e *saslError) Unwrap() error { return e.err }
