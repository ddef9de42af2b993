package discover

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
)

// maxRedirects is how many redirects a config fetch follows (§2.3).
const maxRedirects = 3

// Fetch errors, matched with errors.Is.
var (
	ErrHTTPStatus  = errors.New("HTTP status other than 200")
	ErrTooLarge    = errors.New("response larger than the cap")
	ErrDowngrade   = errors.New("redirect from https to http refused")
	ErrTooManyHops = errors.New("too many redirects")
)

// fetched is a config file body and the URL it finally came from.
type fetched struct {
	body  []byte
	final *url.URL
}

// fetch GETs u with its own timeout, at most maxRedirects redirects,
// never from https to http, only status 200 and at most MaxConfigSize
// bytes. The injected client is copied, never changed.
func (r *run) fetch(ctx context.Context, u string) (*fetched, error) {
	ctx, cancel := context.WithTimeout(ctx, r.t.HTTP)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, u, nil)
	if err != nil {
		return nil, err
	}
	req.Close = true
	req.Header.Set("Accept", "text/xml, application/xml;q=0.9, */*;q=0.1")
	c := *r.client
	c.CheckRedirect = func(req *http.Request, via []*http.Request) error {
		if len(via) > maxRedirects {
			return ErrTooManyHops
		}
		if via[len(via)-1].URL.Scheme == "https" && req.URL.Scheme != "https" {
			return ErrDowngrade
		}
		return nil
	}
	resp, err := c.Do(req)
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return nil, fmt.Errorf("%w: %s", ErrHTTPStatus, resp.Status)
	}
	body, err := io.ReadAll(io.LimitReader(resp.Body, MaxConfigSize+1))
	if err != nil {
		return nil, err
	}
	if len(body) > MaxConfigSize {
		return nil, fmt.Errorf("%w: more than %d bytes", ErrTooLarge, MaxConfigSize)
	}
	return &fetched{body: body, final: resp.Request.URL}, nil
}
