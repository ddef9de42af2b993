package imap_test

import (
	"bytes"
	"context"
	"errors"
	"slices"
	"strings"
	"testing"
	"time"

	goimap "github.com/emersion/go-imap/v2"

	"wren/transport"
	"wren/transport/imap"
	"wren/transport/testserver"
)

func login(t *testing.T, srv *testserver.Servers, ep transport.Endpoint, u testserver.User) *imap.Client {
	t.Helper()
	c, err := imap.Dial(t.Context(), ep, srv.Options())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { c.Close() })
	if !c.Secure() {
		t.Fatal("session not encrypted")
	}
	if err := c.Login(t.Context(), u.Address, u.Password); err != nil {
		t.Fatal(err)
	}
	return c
}

func testMessage(from, subject, part1 string) string {
	return "From: " + from + "\r\nTo: " + from + "\r\nSubject: " + subject + "\r\n" +
		"Date: " + time.Now().Format(time.RFC1123Z) + "\r\nMessage-ID: <" + subject + "@wren.test>\r\n" +
		"MIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary=b1\r\n\r\n" +
		"--b1\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n" + part1 + "\r\n" +
		"--b1\r\nContent-Type: application/octet-stream\r\nContent-Transfer-Encoding: base64\r\n\r\nAAECAwQF\r\n--b1--\r\n"
}

func folderByRole(t *testing.T, folders []imap.Folder, r imap.Role) imap.Folder {
	t.Helper()
	for _, f := range folders {
		if f.Role == r {
			return f
		}
	}
	t.Fatalf("no %s folder in %+v", r, folders)
	return imap.Folder{}
}

func summaries(t *testing.T, c *imap.Client) []imap.Summary {
	t.Helper()
	var out []imap.Summary
	all := goimap.UIDSet{{Start: 1, Stop: 0}}
	if err := c.FetchSummaries(t.Context(), all, 1, func(s imap.Summary) error { out = append(out, s); return nil }); err != nil {
		t.Fatal(err)
	}
	return out
}

// Against the real Dovecot, over both security modes: folders, append,
// select, summaries, bodies, flags, CONDSTORE, copy, move and expunge.
func TestRealMailbox(t *testing.T) {
	srv := testserver.Require(t)
	for _, ep := range []transport.Endpoint{srv.IMAPSTARTTLS, srv.IMAPTLS} {
		t.Run(ep.Security.String(), func(t *testing.T) {
			u := srv.NewUser(t)
			c := login(t, srv, ep, u)
			ctx := t.Context()

			folders, err := c.ListCounts(ctx)
			if err != nil {
				t.Fatal(err)
			}
			for _, r := range []imap.Role{imap.RoleInbox, imap.RoleSent, imap.RoleDrafts, imap.RoleTrash, imap.RoleJunk, imap.RoleArchive} {
				if f := folderByRole(t, folders, r); !f.HasCounts || f.Messages != 0 || !f.Selectable {
					t.Errorf("%s folder %+v: want selectable, counted, empty", r, f)
				}
			}
			drafts := folderByRole(t, folders, imap.RoleDrafts).Name
			trash := folderByRole(t, folders, imap.RoleTrash).Name
			archive := folderByRole(t, folders, imap.RoleArchive).Name

			msgA := testMessage(u.Address, "alpha", "part one of alpha")
			msgB := testMessage(u.Address, "beta", "part one of beta")
			uidA, err := c.Append(ctx, drafts, []goimap.Flag{goimap.FlagDraft}, time.Now().Add(-time.Hour), strings.NewReader(msgA), int64(len(msgA)))
			if err != nil {
				t.Fatal(err)
			}
			uidB, err := c.Append(ctx, drafts, nil, time.Time{}, strings.NewReader(msgB), int64(len(msgB)))
			if err != nil {
				t.Fatal(err)
			}
			if uidA == 0 || uidB <= uidA {
				t.Fatalf("APPENDUID %d, %d: want increasing UIDs", uidA, uidB)
			}

			folders, err = c.ListCounts(ctx)
			if err != nil {
				t.Fatal(err)
			}
			if f := folderByRole(t, folders, imap.RoleDrafts); f.Messages != 2 || f.Unseen != 2 {
				t.Errorf("Drafts counts %d/%d, want 2 messages, 2 unseen", f.Messages, f.Unseen)
			}

			mb, err := c.Select(ctx, drafts, false)
			if err != nil {
				t.Fatal(err)
			}
			if mb.UIDValidity == 0 || mb.UIDNext != uidB+1 || mb.HighestModSeq == 0 || mb.Messages != 2 || mb.ReadOnly {
				t.Fatalf("mailbox %+v: want UIDVALIDITY, UIDNEXT %d, HIGHESTMODSEQ, 2 messages, read-write", mb, uidB+1)
			}

			got := summaries(t, c)
			if len(got) != 2 || got[0].UID != uidA || got[1].UID != uidB {
				t.Fatalf("summaries %+v, want UIDs %d, %d", got, uidA, uidB)
			}
			a := got[0]
			if a.Envelope == nil || a.Envelope.Subject != "alpha" || a.Size != int64(len(msgA)) ||
				a.BodyStructure == nil || a.ModSeq == 0 || !slices.Contains(a.Flags, goimap.FlagDraft) || a.InternalDate.IsZero() {
				t.Errorf("summary %+v", a)
			}
			if mp, ok := a.BodyStructure.(*goimap.BodyStructureMultiPart); !ok || len(mp.Children) != 2 {
				t.Errorf("body structure %#v, want two parts", a.BodyStructure)
			}

			var body bytes.Buffer
			n, err := c.FetchBody(ctx, uidA, imap.Section{}, 0, &body)
			if err != nil || n != int64(len(msgA)) || body.String() != msgA {
				t.Fatalf("FetchBody: %d bytes, %v; identical %v", n, err, body.String() == msgA)
			}
			body.Reset()
			if _, err := c.FetchBody(ctx, uidA, imap.Section{Part: []int{1}}, 0, &body); err != nil || body.String() != "part one of alpha" {
				t.Fatalf("part 1: %q, %v", body.String(), err)
			}
			_, err = c.FetchBody(ctx, uidA, imap.Section{}, 100, &body)
			if !errors.Is(err, transport.ErrTooLarge) || transport.CodeOf(err) != transport.CodeIMAPCannot {
				t.Fatalf("over max: %v, want IMAP-21 wrapping ErrTooLarge", err)
			}
			if _, err := c.FetchBody(ctx, uidB+100, imap.Section{}, 0, &body); !errors.Is(err, imap.ErrNoMessage) {
				t.Errorf("missing UID: %v", err)
			}
			if s := summaries(t, c); slices.Contains(s[0].Flags, goimap.FlagSeen) {
				t.Error("peeking set \\Seen")
			}

			// Flags and CONDSTORE: only the changed message is reported.
			setA := goimap.UIDSetNum(uidA)
			if err := c.AddFlags(ctx, setA, goimap.FlagFlagged, "$WrenTest"); err != nil {
				t.Fatal(err)
			}
			var changes []imap.Change
			err = c.ChangedSince(ctx, mb.HighestModSeq, func(ch imap.Change) error { changes = append(changes, ch); return nil })
			if err != nil {
				t.Fatal(err)
			}
			if len(changes) != 1 || changes[0].UID != uidA || !slices.Contains(changes[0].Flags, goimap.FlagFlagged) ||
				!slices.Contains(changes[0].Flags, "$WrenTest") || changes[0].ModSeq <= mb.HighestModSeq {
				t.Fatalf("changes %+v, want only UID %d with \\Flagged and $WrenTest", changes, uidA)
			}
			if err := c.RemoveFlags(ctx, setA, goimap.FlagFlagged); err != nil {
				t.Fatal(err)
			}
			if s := summaries(t, c); slices.Contains(s[0].Flags, goimap.FlagFlagged) {
				t.Errorf("flags after removal %v", s[0].Flags)
			}
			if err := c.AddFlags(ctx, setA, "bad flag"); transport.CodeOf(err) != transport.CodeIMAPCannot {
				t.Errorf("invalid keyword: %v", err)
			}

			cp, err := c.Copy(ctx, setA, archive)
			if err != nil || len(cp.Dest) != 1 {
				t.Fatalf("copy: %+v, %v", cp, err)
			}
			mv, err := c.Move(ctx, goimap.UIDSetNum(uidB), trash)
			if err != nil || len(mv.Dest) != 1 {
				t.Fatalf("move: %+v, %v", mv, err)
			}
			if err := c.MarkDeleted(ctx, setA); err != nil {
				t.Fatal(err)
			}
			if err := c.Expunge(ctx, setA); err != nil {
				t.Fatal(err)
			}
			if uids, err := c.UIDs(ctx); err != nil || len(uids) != 0 {
				t.Fatalf("Drafts after move and expunge: %v, %v; want empty", uids, err)
			}

			folders, err = c.ListCounts(ctx)
			if err != nil {
				t.Fatal(err)
			}
			for r, want := range map[imap.Role]uint32{imap.RoleDrafts: 0, imap.RoleTrash: 1, imap.RoleArchive: 1} {
				if f := folderByRole(t, folders, r); f.Messages != want {
					t.Errorf("%s has %d messages, want %d", r, f.Messages, want)
				}
			}
			mb, err = c.Select(ctx, archive, true)
			if err != nil || !mb.ReadOnly || mb.Messages != 1 {
				t.Fatalf("EXAMINE archive: %+v, %v", mb, err)
			}
			if err := c.Create(ctx, "Wren/Sub"); err != nil {
				t.Fatal(err)
			}
			if err := c.Create(ctx, "Wren/Sub"); transport.CodeOf(err) != transport.CodeIMAPAlreadyExists {
				t.Errorf("second create: %v, want IMAP-18", err)
			}
			if _, err := c.Select(ctx, "No such folder", false); transport.CodeOf(err) != transport.CodeIMAPNonexistent {
				t.Errorf("select missing: %v, want IMAP-17", err)
			}
			if err := c.Logout(ctx); err != nil {
				t.Errorf("logout: %v", err)
			}
		})
	}
}

// IDLE sees a message appended from a second connection within 2 s, and
// stops cleanly when cancelled, leaving the session usable.
func TestRealIdle(t *testing.T) {
	srv := testserver.Require(t)
	u := srv.NewUser(t)
	c := login(t, srv, srv.IMAPTLS, u)
	if _, err := c.Select(t.Context(), "INBOX", false); err != nil {
		t.Fatal(err)
	}
	other := login(t, srv, srv.IMAPSTARTTLS, u)

	ctx, cancel := context.WithCancel(t.Context())
	updates := make(chan imap.Update, 16)
	done := make(chan error, 1)
	go func() { done <- c.Idle(ctx, func(up imap.Update) { updates <- up }) }()
	time.Sleep(200 * time.Millisecond) // let IDLE start

	msg := testMessage(u.Address, "idle", "ping")
	if _, err := other.Append(t.Context(), "INBOX", nil, time.Time{}, strings.NewReader(msg), int64(len(msg))); err != nil {
		t.Fatal(err)
	}
	deadline := time.After(2 * time.Second)
wait:
	for {
		select {
		case up := <-updates:
			if up.Kind == imap.UpdateExists && up.Count == 1 {
				break wait
			}
		case <-deadline:
			t.Fatal("no EXISTS update within 2 s")
		}
	}
	cancel()
	select {
	case err := <-done:
		if err != nil {
			t.Fatalf("Idle returned %v, want nil", err)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("Idle did not return after cancel")
	}
	if err := c.Noop(t.Context()); err != nil {
		t.Fatalf("session after IDLE: %v", err)
	}
}

func TestRealWrongPassword(t *testing.T) {
	srv := testserver.Require(t)
	u := srv.NewUser(t)
	for _, ep := range []transport.Endpoint{srv.IMAPSTARTTLS, srv.IMAPTLS} {
		c, err := imap.Dial(t.Context(), ep, srv.Options())
		if err != nil {
			t.Fatal(err)
		}
		err = c.Login(t.Context(), u.Address, "not-"+u.Password)
		c.Close()
		te, ok := transport.As(err)
		if !ok || te.Code != transport.CodeIMAPAuthFailed || te.ServerCode != "NO AUTHENTICATIONFAILED" || te.Retry != transport.RetryNo {
			t.Fatalf("%s: got %v (%+v), want IMAP-02 NO AUTHENTICATIONFAILED", ep, err, te)
		}
	}
}
