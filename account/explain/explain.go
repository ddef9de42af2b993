package explain

import (
	"context"
	"errors"
	"strings"

	"wren/account"
	"wren/account/attach"
	"wren/transport"
)

// Explain turns err into words for people. A nil err gives the zero
// Explanation. The order matters: a cancelled operation is "stopped" even
// when the transport saw a closed connection, unless the message may
// already be out; then the transport's code; then the account sentinels;
// then context timeouts; then a generic text with the raw error only in
// Details.
func Explain(err error, c Context) Explanation {
	if err == nil {
		return Explanation{}
	}
	return promiseOnlyScheduled(explainErr(err, c), c)
}

func explainErr(err error, c Context) Explanation {
	te, isTE := transport.As(err)
	if errors.Is(err, context.Canceled) && !(isTE && (te.MaybeSent || te.Code == transport.CodeMaybeSent)) {
		return fromSentinel(contextSentinels[0], err, c)
	}
	if isTE && te.Code != "" {
		return fromTransport(te, c)
	}
	for _, s := range sentinels {
		if errors.Is(err, s.err) {
			return fromSentinel(s, err, c)
		}
	}
	if errors.Is(err, context.DeadlineExceeded) {
		return fromSentinel(contextSentinels[1], err, c)
	}
	e := fill(unknownWords, nil, c)
	e.Code, e.Retry, e.Message = CodeUnknown, RetryNo, fate("", nil, c)
	e.Details = Details{Code: CodeUnknown, Cause: redact(err.Error())}
	if isTE {
		e.Details = detailsOf(te)
		e.Details.Code = CodeUnknown
	}
	return e
}

// ExplainAll explains each error of errs in order, skipping nils and
// opening errors.Join lists, so that one failure per line can be shown.
func ExplainAll(errs []error, c Context) []Explanation {
	var out []Explanation
	for _, err := range errs {
		if err == nil {
			continue
		}
		if j, ok := err.(interface{ Unwrap() []error }); ok {
			out = append(out, ExplainAll(j.Unwrap(), c)...)
			continue
		}
		out = append(out, Explain(err, c))
	}
	return out
}

func fromTransport(te *transport.Error, c Context) Explanation {
	w, ok := wordsFor(te.Code)
	if !ok {
		// A code newer than these words: still no catch-all wording for
		// a known failure class, but the code and facts are kept.
		w = unknownWords
	}
	w = withProvider(w, te.Code, c.Provider)
	e := fill(w, te, c)
	e.Code = string(te.Code)
	e.Retry = retryOf(te)
	e.Message = fate(te.Code, te, c)
	e.HelpURL = helpURL(te, c.Provider)
	e.Details = detailsOf(te)
	return e
}

func fromSentinel(s sentinel, err error, c Context) Explanation {
	w := s.words
	if s.code == CodeNeedsOAuth {
		w.fix = oauthFix(c.Provider)
		if !c.Provider.SignIn && c.Provider.HelpURL != "" {
			w.fix += " " + c.Provider.HelpURL
		}
	}
	var extra map[string]string
	var full *account.DiskFullError
	if errors.As(err, &full) {
		extra = map[string]string{"path": clean(full.Path)}
		if full.Need > 0 {
			extra["need"] = attach.HumanSize(full.Need)
		}
	}
	e := fillKnown(w, nil, c, extra)
	e.Code, e.Retry, e.Message = s.code, s.retry, fate("", nil, c)
	e.HelpURL = c.Provider.HelpURL
	e.Details = Details{Code: s.code, Cause: redact(err.Error())}
	if te, ok := transport.As(err); ok {
		e.Details = detailsOf(te)
		e.Details.Code = s.code
	}
	return e
}

func wordsFor(code transport.Code) (words, bool) {
	for _, m := range []map[transport.Code]words{netWords, smtpWords, readWords, oauthWords} {
		if w, ok := m[code]; ok {
			return w, true
		}
	}
	return words{}, false
}

// authCodes are login failures: retrying them by machine locks accounts
// (errors.md §1), so they are never "auto".
var authCodes = map[transport.Code]bool{
	transport.CodeSMTPAuthFailed: true, transport.CodeSMTPAppPassword: true, transport.CodeSMTPWebLogin: true,
	transport.CodeSMTPAuthDisabled: true, transport.CodeSMTPAuthThrottled: true, transport.CodeSMTPAuthTemporary: true,
	transport.CodeSMTPPasswordExpired: true, transport.CodeSMTPTokenRejected: true,
	transport.CodeIMAPAuthFailed: true, transport.CodeIMAPAppPassword: true, transport.CodeIMAPWebLogin: true,
	transport.CodeIMAPBasicAuthOff: true, transport.CodeIMAPAuthorization: true, transport.CodeIMAPExpired: true,
	transport.CodePOPAuthFailed:     true,
	transport.CodeIMAPTokenRejected: true, transport.CodeOAuthGrantRevoked: true, transport.CodeOAuthClientRefused: true,
}

// retryOf follows the catalog; a transient reply the classifier marked
// (a 4xx where the catalog's case is usually permanent) may raise it, but
// a login failure is never retried automatically, and neither is a message
// that may already be out: sending it again by machine risks a duplicate
// (errors.md SEND-18, "T with warning": the user decides).
func retryOf(te *transport.Error) Retry {
	if te.Code == transport.CodeMaybeSent || te.MaybeSent {
		return RetryNo
	}
	r := transport.RetryNo
	if info, ok := transport.Lookup(te.Code); ok {
		r = info.Retry
	}
	if r == transport.RetryNo && te.Retry != transport.RetryNo {
		r = te.Retry
	}
	switch {
	case r == transport.RetryYes && authCodes[te.Code]:
		return RetryLater
	case r == transport.RetryYes:
		return RetryAuto
	case r == transport.RetryLong:
		return RetryLater
	}
	return RetryNo
}

// fate is what became of the message (errors.md §1): known from the code
// when it is about sending, else from what the user was doing.
func fate(code transport.Code, te *transport.Error, c Context) MessageFate {
	switch {
	case code == transport.CodeMaybeSent || (te != nil && te.MaybeSent):
		return MessageMaybeSent
	case code == transport.CodeSentCopyFailed || code == transport.CodeBounced:
		return MessageSent
	case strings.HasPrefix(string(code), "SEND-"):
		return MessageKept
	}
	switch c.Operation {
	case OpSend, OpSaveDraft:
		return MessageKept
	case OpUnknown:
		if te != nil && te.Protocol == transport.ProtoSMTP {
			return MessageKept
		}
	}
	return MessageNone
}
