package smtp

import (
	"context"
	"errors"
	"fmt"
	"io"
	"strings"

	gosmtp "github.com/emersion/go-smtp"

	"wren/transport"
	"wren/transport/rfc822"
)

// Envelope is who a message goes from and to on the wire (Bcc included).
type Envelope struct {
	From string
	To   []string
}

// SendOptions change the default, careful behaviour of Send.
type SendOptions struct {
	// AllowPartial sends to the accepted recipients even when others were
	// rejected. By default nothing is sent unless every recipient is accepted.
	AllowPartial bool
}

// Result is what the server said about a message.
type Result struct {
	Accepted []string
	// Rejected holds one *transport.Error per refused recipient, each
	// naming its address in Recipient.
	Rejected []*transport.Error
	// Reply is the server's final reply text (often a queue ID).
	Reply string
}

var (
	errNoRecipients = errors.New("no recipients")
	errTooBig       = errors.New("message larger than the server accepts")
	errNoSMTPUTF8   = errors.New("address is not ASCII and the server lacks SMTPUTF8")
	errRejected     = errors.New("recipient rejected; nothing was sent")
	errBadPath      = errors.New("not a mailbox address; nothing was sent")
)

// Send submits one message. size is the message's exact length in bytes
// (negative if unknown); when the server announced SIZE, a larger message is
// refused before anything is sent. The body's line endings are normalised to
// CRLF on the way out.
//
// On error the returned *transport.Error says whether the message may have
// been sent (MaybeSent): only when the connection failed after the end of
// the data. Every other failure means it was not sent.
func (cl *Client) Send(ctx context.Context, env Envelope, size int64, body io.Reader, o SendOptions) (*Result, error) {
	ctx, cancel := transferContext(ctx, cl.opts.Timeouts.Transfer)
	defer cancel()
	res := &Result{}
	if len(env.To) == 0 {
		return res, cl.precheck(transport.CodeNoRecipients, errNoRecipients, "")
	}
	for _, r := range env.To {
		// An empty or malformed path would become "RCPT TO:<>" or worse:
		// the named person would never get the message.
		if !plausiblePath(r) {
			te, _ := transport.As(cl.precheck(transport.CodeBadRecipient, fmt.Errorf("%w: %q", errBadPath, r), ""))
			te.Recipient = r
			return res, te
		}
	}
	if max := cl.MaxSize(); max > 0 && size > max {
		return res, cl.precheck(transport.CodeMessageTooBig,
			fmt.Errorf("%w: %d bytes, limit %d", errTooBig, size, max), fmt.Sprintf("SIZE %d", max))
	}
	utf8 := !isASCII(env.From)
	for _, r := range env.To {
		utf8 = utf8 || !isASCII(r)
	}
	if ok, _ := cl.c.Extension("SMTPUTF8"); utf8 && !ok {
		return res, cl.precheck(transport.CodeNonASCIIAddress, errNoSMTPUTF8, "")
	}

	mo := &gosmtp.MailOptions{UTF8: utf8}
	if size > 0 {
		mo.Size = size
	}
	if err := cl.with(ctx, func() error { return cl.c.Mail(env.From, mo) }); err != nil {
		return res, cl.classify(err, transport.StepMail)
	}
	for _, rcpt := range env.To {
		err := cl.with(ctx, func() error { return cl.c.Rcpt(rcpt, nil) })
		if err == nil {
			res.Accepted = append(res.Accepted, rcpt)
			continue
		}
		var se *gosmtp.SMTPError
		if !errors.As(err, &se) {
			return res, cl.classify(err, transport.StepRcpt) // connection trouble: stop here
		}
		te, _ := transport.As(cl.classify(err, transport.StepRcpt))
		te.Recipient = rcpt
		res.Rejected = append(res.Rejected, te)
	}
	if len(res.Rejected) > 0 && (len(res.Accepted) == 0 || !o.AllowPartial) {
		cl.with(ctx, cl.c.Reset) // abandon the transaction; its error changes nothing
		return res, rejectedError(res.Rejected)
	}

	w, err := dataCommand(ctx, cl)
	if err != nil {
		return res, cl.classify(err, transport.StepData)
	}
	if err := cl.with(ctx, func() error {
		_, err := io.Copy(rfc822.NewCRLFWriter(w), body)
		return err
	}); err != nil {
		cl.conn.Close() // the data stream cannot be resumed
		return res, cl.classify(fmt.Errorf("writing message: %w", err), transport.StepData)
	}
	var resp *gosmtp.DataResponse
	err = cl.with(ctx, func() error {
		var err error
		resp, err = w.CloseWithResponse()
		return err
	})
	if err != nil {
		var se *gosmtp.SMTPError
		if errors.As(err, &se) {
			return res, cl.classify(err, transport.StepData) // refused: not sent
		}
		// The final dot may have reached the server and been accepted before
		// the connection failed: the outcome is unknown.
		return res, &transport.Error{Code: transport.CodeMaybeSent, Protocol: transport.ProtoSMTP,
			Server: cl.ep.Address(), Step: transport.StepData, Retry: transport.RetryYes, MaybeSent: true, Err: err}
	}
	res.Reply = resp.StatusText
	return res, nil
}

func dataCommand(ctx context.Context, cl *Client) (*gosmtp.DataCommand, error) {
	var w *gosmtp.DataCommand
	err := cl.with(ctx, func() error {
		var err error
		w, err = cl.c.Data()
		return err
	})
	return w, err
}

func (cl *Client) precheck(code transport.Code, err error, serverText string) error {
	return &transport.Error{Code: code, Protocol: transport.ProtoSMTP, Server: cl.ep.Address(),
		Step: transport.StepPrecheck, ServerText: serverText, Err: err}
}

func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= 0x80 {
			return false
		}
	}
	return true
}

// rejectedError is the error of a message not sent because of refused
// recipients: one *transport.Error per refused address, with the server's
// reply, so the user is told every address to correct, not only the first.
func rejectedError(rejected []*transport.Error) error {
	errs := make([]error, 0, len(rejected))
	for _, r := range rejected {
		e := *r
		e.Err = fmt.Errorf("%w: %w", errRejected, r.Err)
		errs = append(errs, &e)
	}
	if len(errs) == 1 {
		return errs[0]
	}
	return errors.Join(errs...)
}

// plausiblePath is a minimal check of a recipient before it goes on the
// wire: local@domain with both parts, and no space, control character or
// angle bracket that would change the command.
func plausiblePath(addr string) bool {
	at := strings.LastIndexByte(addr, '@')
	if at <= 0 || at == len(addr)-1 {
		return false
	}
	for _, c := range addr {
		if c <= ' ' || c == 0x7f || c == '<' || c == '>' {
			return false
		}
	}
	return true
}
