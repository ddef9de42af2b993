package explain_test

import (
	"context"
	"testing"

	"wren/account/explain"
	"wren/transport"
	"wren/transport/imap"
	"wren/transport/pop3"
)

func reading(code transport.Code, run func(t *testing.T) error) produced {
	return produced{code: code, op: explain.OpRead, run: run}
}

// loginSays is an IMAP server answering AUTHENTICATE with reply.
func loginSays(reply string) func(t *testing.T) error {
	return imapCase{replies: at("AUTHENTICATE", "<tag> "+reply)}.run
}

// selectSays is an IMAP server answering SELECT with reply.
func selectSays(reply string) func(t *testing.T) error {
	return imapCase{replies: at("SELECT", "<tag> "+reply), after: selectInbox}.run
}

func copyInto(ctx context.Context, cl *imap.Client) error {
	_, err := cl.Copy(ctx, oneUID, "Sent")
	return err
}

func createArchive(ctx context.Context, cl *imap.Client) error { return cl.Create(ctx, "Archive") }

func fetchOne(ctx context.Context, cl *imap.Client) error {
	return cl.FetchSummaries(ctx, oneUID, 10, func(imap.Summary) error { return nil })
}

// imapCases produce every IMAP code a session can meet through
// transport/imap.
var imapCases = []produced{
	reading(transport.CodeIMAPRefused, imapCase{greeting: "* BYE [UNAVAILABLE] Server is too busy, try later"}.run),
	reading(transport.CodeIMAPAuthFailed, loginSays("NO [AUTHENTICATIONFAILED] Authentication failed.")),
	reading(transport.CodeIMAPAppPassword, loginSays(
		"NO [ALERT] Application-specific password required: https://support.google.com/accounts/answer/185833 (Failure)")),
	reading(transport.CodeIMAPWebLogin, loginSays(
		"NO [ALERT] Please log in via your web browser: https://support.google.com/mail/accounts/answer/78754 (Failure)")),
	reading(transport.CodeIMAPDisabled, loginSays(
		"NO [ALERT] Your account is not enabled for IMAP use. Please visit your Gmail settings page and enable your account for IMAP access. (Failure)")),
	reading(transport.CodeIMAPBasicAuthOff, loginSays("NO Basic authentication is disabled.")),
	reading(transport.CodeIMAPNotConnected, selectSays("BAD User is authenticated but not connected.")),
	reading(transport.CodeIMAPUnavailable, loginSays("NO [UNAVAILABLE] Temporary authentication failure.")),
	reading(transport.CodeIMAPAuthorization, loginSays("NO [AUTHORIZATIONFAILED] No permission to act as that user")),
	reading(transport.CodeIMAPExpired, loginSays("NO [EXPIRED] Password expired")),
	reading(transport.CodeIMAPPrivacyRequired, imapCase{plain: true}.run),
	reading(transport.CodeIMAPContactAdmin, loginSays("NO [CONTACTADMIN] Account locked, contact support")),
	reading(transport.CodeIMAPTooMany, loginSays("NO [ALERT] Too many simultaneous connections. (Failure)")),
	reading(transport.CodeIMAPThrottled, selectSays("NO [OVERQUOTA] Account exceeded command or bandwidth limits.")),
	reading(transport.CodeIMAPOverQuota, imapCase{replies: at("UID COPY", "<tag> NO [OVERQUOTA] Quota exceeded (mailbox for user is full)"),
		after: selectThen(copyInto)}.run),
	reading(transport.CodeIMAPTryCreate, imapCase{replies: at("UID COPY", "<tag> NO [TRYCREATE] Mailbox doesn't exist: Sent"),
		after: selectThen(copyInto)}.run),
	reading(transport.CodeIMAPNonexistent, selectSays("NO [NONEXISTENT] Unknown Mailbox: INBOX")),
	reading(transport.CodeIMAPAlreadyExists, imapCase{replies: at("CREATE", "<tag> NO [ALREADYEXISTS] Mailbox already exists"),
		after: createArchive}.run),
	reading(transport.CodeIMAPNoPerm, selectSays("NO [NOPERM] Permission denied")),
	reading(transport.CodeIMAPInUse, selectSays("NO [INUSE] Mailbox is locked by another session")),
	reading(transport.CodeIMAPCannot, imapCase{replies: at("CREATE", "<tag> NO [CANNOT] Invalid mailbox name"),
		after: createArchive}.run),
	reading(transport.CodeIMAPServerBug, selectSays("NO [SERVERBUG] Internal error occurred. Refer to server log for more information.")),
	reading(transport.CodeIMAPExpungeIssued, imapCase{replies: map[string]string{
		"UID SEARCH": "* SEARCH 1\r\n<tag> OK done",
		"UID FETCH":  "<tag> NO Some messages could not be FETCHed (Failure)",
	}, after: selectThen(fetchOne)}.run),
	reading(transport.CodeIMAPBye, imapCase{replies: at("NOOP", "* BYE Disconnected for inactivity."+closeAfter),
		after: func(ctx context.Context, cl *imap.Client) error { return cl.Noop(ctx) }}.run),
	reading(transport.CodeIMAPAlert, selectSays("NO [ALERT] Mailbox maintenance tonight from 22:00, expect a short outage")),
	reading(transport.CodeIMAPTokenRejected, imapCase{caps: "IMAP4rev1 AUTH=XOAUTH2 SASL-IR", token: "ya29.revoked",
		replies: at("AUTHENTICATE", "<tag> NO [AUTHENTICATIONFAILED] Invalid credentials (Failure)")}.run),
	reading(transport.CodeOAuthNotOffered, imapCase{caps: "IMAP4rev1 AUTH=PLAIN SASL-IR", token: "ya29.unused"}.run),
}

func popSays(verb, reply string) func(t *testing.T) error {
	return popCase{replies: at(verb, reply)}.run
}

// popCases produce every POP code through transport/pop3.
var popCases = []produced{
	reading(transport.CodePOPAuthFailed, popSays("PASS", "-ERR [AUTH] Authentication failed.")),
	reading(transport.CodePOPPrivacyRequired, popCase{plain: true}.run),
	reading(transport.CodePOPDisabled, popSays("STAT",
		"-ERR [SYS/PERM] Your account is not enabled for POP access. Please visit your Gmail settings page and enable your account for POP access.")),
	reading(transport.CodePOPInUse, popSays("PASS", "-ERR [IN-USE] Mailbox is locked by another POP3 session")),
	reading(transport.CodePOPLoginDelay, popSays("PASS", "-ERR [LOGIN-DELAY] Minimum time between logins not reached")),
	reading(transport.CodePOPTemporary, popSays("STAT", "-ERR [SYS/TEMP] Temporary system problem. Please try again later.")),
	reading(transport.CodePOPPermanent, popSays("STAT", "-ERR [SYS/PERM] Mailbox is damaged")),
	reading(transport.CodePOPFailed, popSays("STAT", "-ERR Something unexpected happened here")),
	reading(transport.CodePOPUnsupported, popCase{replies: at("UIDL", "-ERR Unknown command"),
		after: func(ctx context.Context, c *pop3.Client) error { _, err := c.UIDL(ctx); return err }}.run),
	reading(transport.CodePOPNoSuchMessage, popCase{replies: at("RETR", "-ERR no such message"),
		after: func(ctx context.Context, c *pop3.Client) error {
			r, err := c.Retr(ctx, 1)
			if err == nil {
				r.Close()
			}
			return err
		}}.run),
}
