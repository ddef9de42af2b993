package store

import (
	"errors"
	"strings"
	"testing"
	"time"
	"unicode/utf8"
)

func TestParseQuery(t *testing.T) {
	q, err := ParseQuery(`from:alice To:"Bob B" subject:"a ""b" is:unread IS:Flagged has:attachment `+
		`folder:Archive account:work before:2024-05-01 after:2024-01-31 "exact phrase" free x:y`, time.UTC)
	if err != nil {
		t.Fatal(err)
	}
	if len(q.From) != 1 || q.From[0] != (Term{Text: "alice"}) {
		t.Errorf("From = %+v", q.From)
	}
	if len(q.To) != 1 || q.To[0] != (Term{Text: "Bob B", Phrase: true}) {
		t.Errorf("To = %+v", q.To)
	}
	// `"a ""b"` is the phrase "a " and then the phrase "b" as text.
	if len(q.Subject) != 1 || q.Subject[0] != (Term{Text: "a ", Phrase: true}) {
		t.Errorf("Subject = %+v", q.Subject)
	}
	wantText := []Term{{Text: "b", Phrase: true}, {Text: "exact phrase", Phrase: true}, {Text: "free"}, {Text: "x:y"}}
	if len(q.Text) != len(wantText) {
		t.Fatalf("Text = %+v", q.Text)
	}
	for i := range wantText {
		if q.Text[i] != wantText[i] {
			t.Errorf("Text[%d] = %+v, want %+v", i, q.Text[i], wantText[i])
		}
	}
	if !q.Unread || !q.Flagged || !q.HasAttachment || q.Read || q.Folder != "Archive" || q.Account != "work" {
		t.Errorf("filters = %+v", q)
	}
	if !q.Before.Equal(time.Date(2024, 5, 1, 0, 0, 0, 0, time.UTC)) || !q.After.Equal(time.Date(2024, 1, 31, 0, 0, 0, 0, time.UTC)) {
		t.Errorf("dates = %v %v", q.After, q.Before)
	}
	if q.IsEmpty() {
		t.Error("IsEmpty on a full query")
	}
	if e, _ := ParseQuery("  from: ", time.UTC); !e.IsEmpty() {
		t.Errorf("blank query = %+v", e)
	}
}

func TestMatchEscapes(t *testing.T) {
	q, err := ParseQuery(`from:"a""b" NEAR( x*`, time.UTC)
	if err != nil {
		t.Fatal(err)
	}
	// Every user string is a quoted FTS5 literal with quotes doubled.
	want := `"b" AND "NEAR(" * AND "x*" * AND sender : "a"`
	if got := q.match(); got != want {
		t.Errorf("match = %s", got)
	}
	if got := ftsString(`say "hi"` + "\x00"); got != `"say ""hi"" "` {
		t.Errorf("ftsString = %s", got)
	}
}

// FuzzParseQuery: any input parses without panic into terms that are
// valid UTF-8, and the store runs the search without an SQL or FTS5
// error (the only error allowed is ErrBadQuery).
func FuzzParseQuery(f *testing.F) {
	for _, s := range []string{"from:alice is:unread", `"a""b"`, `subject:"x`, "NEAR(a b) OR c*",
		"before:2024-01-01", "\xff", `'; DROP TABLE x; --`, "a:b:c", `"`, "is:", "{sender}: x", "-x +y ^z"} {
		f.Add(s)
	}
	s := openT(f)
	ctx := ctxT(f)
	mustFolder(f, s, "a", "INBOX", RoleInbox)
	mustUpsert(f, s, "a", "INBOX", msg(1, "alice", "hello world"), msg(2, "bob", `"quoted" NEAR(x) *`))
	f.Fuzz(func(t *testing.T, in string) {
		q, err := ParseQuery(in, time.UTC)
		if err != nil {
			if !errors.Is(err, ErrBadQuery) {
				t.Fatalf("ParseQuery(%q): %v", in, err)
			}
			return
		}
		for _, ts := range [][]Term{q.Text, q.From, q.To, q.Subject} {
			for _, term := range ts {
				if !utf8.ValidString(term.Text) || len(term.Text) > maxQuery {
					t.Fatalf("bad term %q", term.Text)
				}
			}
		}
		if m := q.match(); strings.Count(m, `"`)%2 != 0 {
			t.Fatalf("unbalanced quotes in %s", m)
		}
		if _, err := s.SearchQuery(ctx, q, SearchOptions{Limit: 5}); err != nil {
			t.Fatalf("SearchQuery(%q): %v", in, err)
		}
	})
}
