package transport

import (
	"encoding/json"
	"errors"
	"fmt"
	"strconv"

	"github.com/emersion/go-sasl"
)

// SASL mechanism names of the two ways to log in with an OAuth2 access
// token. go-sasl dropped its XOAUTH2 client, and its OAUTHBEARER client
// aborts the exchange on an error challenge where RFC 7628 §3.2.2 wants
// an answer, so Wren has its own client for both.
const (
	MechXOAuth2     = "XOAUTH2"
	MechOAuthBearer = sasl.OAuthBearer
)

// TokenRejection is the JSON a server sends as its last challenge when it
// refuses a token (RFC 7628 §3.2.2; Google's and Microsoft's XOAUTH2 send
// the same fields).
type TokenRejection struct {
	Status  string `json:"status"`  // "invalid_token", or an HTTP status such as "401"
	Schemes string `json:"schemes"` // "bearer"
	Scope   string `json:"scope"`   // the scope the server wanted
}

func (r *TokenRejection) Error() string {
	return fmt.Sprintf("server rejected the access token (status %q, scope %q)", r.Status, r.Scope)
}

// errSecondChallenge: a server that goes on after the error challenge.
var errSecondChallenge = errors.New("sasl: unexpected challenge after the token was rejected")

// TokenClient is a sasl.Client that presents an access token with XOAUTH2
// or OAUTHBEARER. After a failed exchange Rejection holds what the server
// said. One TokenClient serves one exchange.
type TokenClient struct {
	mech      string
	ir        []byte
	rejection *TokenRejection
	answered  bool
	resent    bool
}

// NewXOAuth2Client presents token for username with XOAUTH2 (Google's and
// Microsoft's mechanism).
func NewXOAuth2Client(username, token string) *TokenClient {
	return &TokenClient{mech: MechXOAuth2, ir: []byte("user=" + username + "\x01auth=Bearer " + token + "\x01\x01")}
}

// NewOAuthBearerClient presents token for username with OAUTHBEARER (RFC
// 7628), naming the server's host and port as the RFC asks.
func NewOAuthBearerClient(username, token, host string, port int) *TokenClient {
	s := "n,"
	if username != "" {
		s = "n,a=" + username + ","
	}
	if host != "" {
		s += "\x01host=" + host
	}
	if port != 0 {
		s += "\x01port=" + strconv.Itoa(port)
	}
	s += "\x01auth=Bearer " + token + "\x01\x01"
	return &TokenClient{mech: MechOAuthBearer, ir: []byte(s)}
}

// Start sends the token in the initial response.
func (c *TokenClient) Start() (string, []byte, error) { return c.mech, c.ir, nil }

// Next answers the only challenge a token login has: the server's JSON
// error. The client must reply (empty for XOAUTH2, %x01 for OAUTHBEARER)
// so that the server ends the exchange with its failure reply; aborting
// instead leaves some servers waiting. A challenge that is not JSON is
// kept as the status. An empty first challenge asks for the initial
// response (RFC 4422 §5): a server without SASL-IR, or one that ignored it.
func (c *TokenClient) Next(challenge []byte) ([]byte, error) {
	if len(challenge) == 0 && !c.resent && !c.answered {
		c.resent = true
		return c.ir, nil
	}
	if c.answered {
		return nil, errSecondChallenge
	}
	c.answered = true
	r := &TokenRejection{}
	if err := json.Unmarshal(challenge, r); err != nil || r.Status == "" {
		r = &TokenRejection{Status: string(challenge)}
	}
	c.rejection = r
	if c.mech == MechOAuthBearer {
		return []byte{0x01}, nil
	}
	// Not nil: go-smtp ends the exchange on a nil response without
	// sending anything, while the server waits for the empty line.
	return []byte{}, nil
}

// Rejection is the server's error challenge, or nil when none came.
func (c *TokenClient) Rejection() *TokenRejection { return c.rejection }

var _ sasl.Client = (*TokenClient)(nil)

// ChooseTokenMechanism picks OAUTHBEARER when offered, else XOAUTH2, else
// "". has reports whether the server offers a mechanism.
func ChooseTokenMechanism(has func(mech string) bool) string {
	switch {
	case has(MechOAuthBearer):
		return MechOAuthBearer
	case has(MechXOAuth2):
		return MechXOAuth2
	}
	return ""
}

// TokenClientFor presents token for username with the mechanism
// ChooseTokenMechanism picks for a server at ep; nil when the server
// offers neither (the token is never sent then).
func TokenClientFor(has func(mech string) bool, username, token string, ep Endpoint) *TokenClient {
	switch ChooseTokenMechanism(has) {
	case MechOAuthBearer:
		return NewOAuthBearerClient(username, token, ep.Host, ep.Port)
	case MechXOAuth2:
		return NewXOAuth2Client(username, token)
	}
	return nil
}

// TokenRefused files a plain login refusal (code refused) after a token
// under rejected instead, the fix being to sign in again rather than a
// new password, and keeps the server's JSON reason with it; any other
// failure (the service off, the account locked) keeps its own code.
func TokenRefused(err error, refused, rejected Code, tc *TokenClient) error {
	te, ok := As(err)
	if !ok || te.Code != refused {
		return err
	}
	te.Code = rejected
	if tc != nil && tc.Rejection() != nil {
		te.Err = fmt.Errorf("%w (%w)", te.Err, tc.Rejection())
	}
	return err
}

// ErrNoTokenLogin: the server offers neither XOAUTH2 nor OAUTHBEARER.
var ErrNoTokenLogin = errors.New("server does not offer OAuth login (XOAUTH2 or OAUTHBEARER)")
