package testmail

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"strings"

	"github.com/emersion/go-sasl"
)

// ErrBadAnswer is what a token server fails with when the client answers
// the error challenge with anything but the empty (XOAUTH2) or %x01
// (OAUTHBEARER) response the mechanisms require.
var ErrBadAnswer = errors.New("testmail: client did not answer the error challenge as the mechanism requires")

// Rejection is the JSON error challenge the token servers send.
var Rejection = map[string]string{"status": "invalid_token", "schemes": "bearer", "scope": "https://mail.google.com/"}

// TokenServer is the server side of XOAUTH2 or OAUTHBEARER accepting only
// token for user. A wrong one gets the JSON error challenge, as Gmail and
// Microsoft send it, and after the client's answer the exchange ends with
// fail (the protocol's NO or 535 reply).
func TokenServer(mech, user, token string, fail error) (sasl.Server, error) {
	return TokenServerFunc(mech, user, func(t string) bool { return t == token }, fail)
}

// TokenServerFunc is TokenServer taking the tokens accept reports good
// (tokens a test's provider issued and has not revoked).
func TokenServerFunc(mech, user string, accept func(token string) bool, fail error) (sasl.Server, error) {
	switch strings.ToUpper(mech) {
	case "XOAUTH2":
		return &xoauth2Server{user: user, accept: accept, fail: fail}, nil
	case sasl.OAuthBearer:
		inner := sasl.NewOAuthBearerServer(func(o sasl.OAuthBearerOptions) *sasl.OAuthBearerError {
			if o.Username == user && accept(o.Token) {
				return nil
			}
			return &sasl.OAuthBearerError{Status: Rejection["status"], Schemes: Rejection["schemes"], Scope: Rejection["scope"]}
		})
		return &failAs{Server: inner, fail: fail}, nil
	}
	return nil, fmt.Errorf("testmail: no token mechanism %q", mech)
}

// failAs replaces go-sasl's own error (which the protocol servers would
// turn into a temporary failure) with the protocol's refusal.
type failAs struct {
	sasl.Server
	fail error
}

func (f *failAs) Next(resp []byte) ([]byte, bool, error) {
	ch, done, err := f.Server.Next(resp)
	if err != nil {
		var oe *sasl.OAuthBearerError
		if errors.As(err, &oe) {
			return nil, true, f.fail
		}
		return nil, true, fmt.Errorf("%w: %w", ErrBadAnswer, err)
	}
	return ch, done, nil
}

type xoauth2Server struct {
	user     string
	accept   func(string) bool
	fail     error
	rejected bool
}

func (s *xoauth2Server) Next(resp []byte) ([]byte, bool, error) {
	if s.rejected {
		if len(resp) != 0 {
			return nil, true, ErrBadAnswer
		}
		return nil, true, s.fail
	}
	if resp == nil {
		return []byte{}, false, nil // ask for the initial response
	}
	user, token, ok := parseXOAuth2(resp)
	if ok && user == s.user && s.accept(token) {
		return nil, true, nil
	}
	s.rejected = true
	ch, err := json.Marshal(Rejection)
	return ch, false, err
}

// parseXOAuth2 reads "user=U\x01auth=Bearer T\x01\x01".
func parseXOAuth2(b []byte) (user, token string, ok bool) {
	if !bytes.HasSuffix(b, []byte("\x01\x01")) {
		return "", "", false
	}
	for _, f := range bytes.Split(bytes.TrimSuffix(b, []byte("\x01\x01")), []byte{1}) {
		k, v, _ := strings.Cut(string(f), "=")
		switch k {
		case "user":
			user = v
		case "auth":
			t, found := strings.CutPrefix(v, "Bearer ")
			if !found {
				return "", "", false
			}
			token = t
		default:
			return "", "", false
		}
	}
	return user, token, user != "" && token != ""
}
