package explain

import (
	"io"
	"strings"
)

// Text is e for a terminal: the title with the code, the explanation,
// "What to do: …", what became of the message, a warning when retrying
// soon is useless, and the details indented.
// It never prints the underlying Go error (Details.Cause): the details
// copied with Details.String carry it for support.
func (e Explanation) Text() string {
	var b strings.Builder
	b.WriteString(e.Title)
	if e.Code != "" {
		b.WriteString(" [" + e.Code + "]")
	}
	b.WriteString("\n")
	para := func(s string) {
		if s != "" {
			b.WriteString("  " + s + "\n")
		}
	}
	para(e.Explanation)
	if e.Fix != "" {
		para("What to do: " + e.Fix)
	}
	if e.HelpURL != "" {
		para("More help: " + e.HelpURL)
	}
	para(fateLine[e.Message])
	para(retryLine[e.Retry])
	var d strings.Builder
	e.Details.write(&d, "    ", false)
	if d.Len() > 0 {
		b.WriteString("  Details:\n")
		b.WriteString(d.String())
	}
	return b.String()
}

var fateLine = map[MessageFate]string{
	MessageKept:      "Your message was not sent; it is kept so you can send it again.",
	MessageMaybeSent: "Your message is kept, but it may already have been delivered.",
	MessageSent:      "Your message was sent.",
}

// retryLine warns against hammering; an automatic retry needs no line:
// where one is scheduled the fix says Wren tries again, elsewhere it says
// the user may.
var retryLine = map[Retry]string{
	RetryLater: "Trying again at once will not help; wait a while first.",
}

// WriteText writes each explanation's Text to w, separated by blank lines.
func WriteText(w io.Writer, list ...Explanation) error {
	for i, e := range list {
		s := e.Text()
		if i > 0 {
			s = "\n" + s
		}
		if _, err := io.WriteString(w, s); err != nil {
			return err
		}
	}
	return nil
}
