package explain

import (
	"regexp"
	"strings"
)

// retryPromise is the words' "Wren will try again…" clause, with what
// leads into it.
var retryPromise = regexp.MustCompile(`(^|[;:] ?|\. )Wren will try again( automatically| by itself)?`)

// promiseOnlyScheduled keeps "Wren will try again" only where a retry is
// scheduled (c.Retrying); elsewhere (setting up an account, a message
// whose retries are used up, a message opened) nothing retries, so the
// fix says the user can try again instead.
func promiseOnlyScheduled(e Explanation, c Context) Explanation {
	e.AutoRetry = c.Retrying && e.Retry == RetryAuto
	if c.Retrying {
		return e
	}
	e.Fix = retryPromise.ReplaceAllStringFunc(e.Fix, func(m string) string {
		switch lead := strings.TrimSuffix(m, strings.TrimLeft(m, ";:. ")); strings.TrimSpace(lead) {
		case ";":
			return "; then try again"
		case ":":
			return ": try again"
		case ".":
			return ". Then try again"
		}
		return "Try again"
	})
	return e
}
