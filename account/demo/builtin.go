package demo

import (
	"encoding/base64"
	"fmt"
	"iter"
	"mime"
	"strings"
	"time"
)

// Builtin is the small source used when Options.Source is nil: a dozen
// messages over the demo folders, with a thread, an HTML newsletter, an
// attachment and non-ASCII headers. Dates count back from now.
func Builtin() Source {
	return SourceFunc(func() iter.Seq[Message] {
		return func(yield func(Message) bool) {
			now := time.Now().Truncate(time.Minute)
			for i, s := range builtinMail {
				date := now.Add(-s.age)
				if !yield(Message{Folder: s.folder, Flags: s.flags, Date: date, Raw: s.raw(i, date)}) {
					return
				}
			}
		}
	})
}

type builtinSpec struct {
	folder   string
	flags    []string
	age      time.Duration
	from     string // display name and address
	to       string
	subject  string
	id       string // Message-ID local part
	replyTo  string // Message-ID local part this answers
	body     string
	html     string // with html the message is multipart/alternative
	attached string // file name of a small text attachment
}

const me = Name + " <" + Address + ">"

var builtinMail = []builtinSpec{
	{folder: "INBOX", age: 50 * time.Hour, from: "Ana Souza <ana@example.org>", to: me, id: "picnic-1",
		subject: "Picnic on Saturday?", flags: []string{"seen", "answered"},
		body: "Hi!\n\nThe weather looks good for Saturday. Shall we meet at the lake around noon?\nI can bring bread and cheese.\n\nAna"},
	{folder: "Sent", age: 49 * time.Hour, from: me, to: "Ana Souza <ana@example.org>", id: "picnic-2", replyTo: "picnic-1",
		subject: "Re: Picnic on Saturday?", flags: []string{"seen"},
		body: "Noon is perfect. I'll bring lemonade and the blanket.\n\nOn Thursday, Ana Souza wrote:\n> The weather looks good for Saturday. Shall we meet at the lake around noon?"},
	{folder: "INBOX", age: 47 * time.Hour, from: "Ana Souza <ana@example.org>", to: me, id: "picnic-3", replyTo: "picnic-2",
		subject: "Re: Picnic on Saturday?",
		body:    "Great, see you there! Jonas might join us too.\n\nAna"},
	{folder: "INBOX", age: 5 * time.Hour, from: "Jürgen Müller <juergen@example.de>", to: me, id: "fahrrad",
		subject: "Grüße aus München – das Fahrrad ist repariert",
		body:    "Hallo!\n\nDein Fahrrad ist fertig, du kannst es ab morgen abholen. Die Kette war hinüber.\n\nViele Grüße\nJürgen"},
	{folder: "INBOX", age: 2 * time.Hour, from: "Élodie Bernard <elodie@example.fr>", to: me, id: "recette",
		subject: "La recette de la tarte aux pommes 🍎", flags: []string{"flagged"}, attached: "tarte.txt",
		body: "Coucou,\n\nComme promis, voici la recette en pièce jointe. Bonne cuisine !\n\nÉlodie"},
	{folder: "INBOX", age: 20 * time.Minute, from: "Kenji Sato <kenji@example.jp>", to: me, id: "kaigi",
		subject: "来週の会議について",
		body:    "こんにちは。\n\n来週の会議は火曜日の午後二時からです。よろしくお願いします。\n\n佐藤"},
	{folder: "Work", age: 30 * time.Hour, from: "Priya Raman <priya@example.com>", to: me, id: "roadmap",
		subject: "Q3 roadmap draft", flags: []string{"seen"},
		body: "Hi,\n\nI put the Q3 roadmap draft in the shared folder. Could you look at the sync section before Friday?\n\nThanks,\nPriya"},
	{folder: "Work", age: 3 * time.Hour, from: "Build Bot <ci@example.com>", to: me, id: "build-421",
		subject: "Build #421 passed",
		body:    "All 1,204 tests passed in 6m 12s.\n\nBranch: main\nCommit: 3f9c2e1"},
	{folder: "Newsletters", age: 26 * time.Hour, from: "The Garden Letter <news@garden.example>", to: me, id: "garden-42",
		subject: "This week: tomatoes, basil and a rainy-day checklist",
		body:    "This week in the garden: when to pinch tomato suckers, why basil loves the sun, and five jobs for a rainy day.",
		html: `<html><body><h1>The Garden Letter</h1><p>This week: <b>tomatoes</b>, <i>basil</i> and a rainy-day checklist.</p>` +
			`<p><img src="https://tracker.garden.example/open.gif?id=42" width="1" height="1" alt=""></p></body></html>`},
	{folder: "Archive", age: 400 * time.Hour, from: "City Library <library@example.org>", to: me, id: "library",
		subject: "Your reservation is ready", flags: []string{"seen"},
		body: "The book you reserved, \"A Pattern Language\", is ready for pickup at the front desk until the 14th."},
	{folder: "Junk", age: 10 * time.Hour, from: "Prize Department <winner@prizes.example>", to: me, id: "prize",
		subject: "You have WON a luxury cruise!!!",
		body:    "Click here to claim your prize before midnight."},
	{folder: "Drafts", age: time.Hour, from: me, to: "Élodie Bernard <elodie@example.fr>", id: "draft-merci",
		subject: "Merci pour la recette", flags: []string{"seen", "draft"},
		body: "Merci Élodie ! Je l'essaie ce week-end."},
}

// raw renders the message with CRLF line endings.
func (s builtinSpec) raw(i int, date time.Time) []byte {
	var b strings.Builder
	h := func(k, v string) { b.WriteString(k + ": " + v + "\r\n") }
	h("From", encodeAddr(s.from))
	h("To", encodeAddr(s.to))
	h("Subject", mime.QEncoding.Encode("utf-8", s.subject))
	h("Date", date.Format(time.RFC1123Z))
	h("Message-ID", "<"+s.id+"@demo.wren.example>")
	if s.replyTo != "" {
		h("In-Reply-To", "<"+s.replyTo+"@demo.wren.example>")
		h("References", references(s.replyTo))
	}
	if s.html != "" {
		h("List-Id", "The Garden Letter <garden.news.garden.example>")
		h("List-Unsubscribe", "<https://garden.example/unsubscribe>")
	}
	h("MIME-Version", "1.0")
	boundary := fmt.Sprintf("demo-boundary-%d", i)
	text := "Content-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: 8bit\r\n\r\n" + crlf(s.body) + "\r\n"
	switch {
	case s.html != "":
		h("Content-Type", `multipart/alternative; boundary="`+boundary+`"`)
		b.WriteString("\r\n--" + boundary + "\r\n" + text)
		b.WriteString("--" + boundary + "\r\nContent-Type: text/html; charset=utf-8\r\nContent-Transfer-Encoding: 8bit\r\n\r\n" + s.html + "\r\n")
		b.WriteString("--" + boundary + "--\r\n")
	case s.attached != "":
		h("Content-Type", `multipart/mixed; boundary="`+boundary+`"`)
		b.WriteString("\r\n--" + boundary + "\r\n" + text)
		b.WriteString("--" + boundary + "\r\nContent-Type: text/plain; charset=utf-8; name=\"" + s.attached + "\"\r\n" +
			"Content-Disposition: attachment; filename=\"" + s.attached + "\"\r\nContent-Transfer-Encoding: base64\r\n\r\n")
		b.WriteString(wrap76(base64.StdEncoding.EncodeToString([]byte(recipe))))
		b.WriteString("--" + boundary + "--\r\n")
	default:
		b.WriteString(text)
	}
	return []byte(b.String())
}

const recipe = "Tarte aux pommes\n\n- 1 pâte brisée\n- 4 pommes\n- 50 g de sucre\n- 30 g de beurre\n\n" +
	"Éplucher et trancher les pommes, les disposer sur la pâte, saupoudrer de sucre, ajouter le beurre.\n" +
	"Cuire 35 minutes à 200 °C.\n"

// references follows the reply chain back to its start.
func references(id string) string {
	var chain []string
	for id != "" {
		chain = append([]string{"<" + id + "@demo.wren.example>"}, chain...)
		next := ""
		for _, s := range builtinMail {
			if s.id == id {
				next = s.replyTo
			}
		}
		id = next
	}
	return strings.Join(chain, " ")
}

// encodeAddr encodes a non-ASCII display name (RFC 2047).
func encodeAddr(a string) string {
	name, addr, ok := strings.Cut(a, " <")
	if !ok {
		return a
	}
	return mime.QEncoding.Encode("utf-8", name) + " <" + addr
}

func crlf(s string) string { return strings.ReplaceAll(s, "\n", "\r\n") }

func wrap76(s string) string {
	var b strings.Builder
	for len(s) > 76 {
		b.WriteString(s[:76] + "\r\n")
		s = s[76:]
	}
	return b.String() + s + "\r\n"
}
