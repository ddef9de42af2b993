package reader

import (
	"fmt"
	"net/url"
	"strings"

	"fyne.io/fyne/v2/dialog"

	"wren/account/render"
)

// openLink opens link i of the shown document: at once when nothing is
// wrong with it, after a confirmation that shows the real target when
// something is, and never when its scheme is not allowed.
func (r *Reader) openLink(i int) {
	if r.cur == nil || r.cur.Doc == nil || i < 0 || i >= len(r.cur.Doc.Links) {
		return
	}
	l := r.cur.Doc.Links[i]
	u, err := url.Parse(l.Href)
	if !l.Allowed || err != nil || !allowedScheme(u.Scheme) {
		return
	}
	if len(l.Warnings) == 0 {
		r.open(u)
		return
	}
	d := dialog.NewConfirm("Open this link?", linkWarning(l), func(ok bool) {
		if ok {
			r.open(u)
		}
	}, r.window())
	d.SetConfirmText("Open")
	d.SetDismissText("Cancel")
	r.LastDialog = d
	d.Show()
}

func allowedScheme(s string) bool {
	s = strings.ToLower(s)
	return s == "http" || s == "https" || s == "mailto"
}

func (r *Reader) open(u *url.URL) {
	if err := r.deps.OpenURL(u); err != nil {
		logWarn("opening a link", err)
	}
}

// linkWarning says why the link is suspicious and where it really goes,
// the host both in punycode and in Unicode.
func linkWarning(l render.Link) string {
	var why []string
	for _, w := range l.Warnings {
		switch w {
		case render.TextHostMismatch:
			why = append(why, "its text names a different site than where it goes")
		case render.Punycode:
			why = append(why, "its address uses international characters")
		case render.MixedScript:
			why = append(why, "its address mixes alphabets, a common disguise")
		case render.RawIP:
			why = append(why, "it goes to a numeric address instead of a name")
		case render.UserInfo:
			why = append(why, "its address hides a user name before the real site")
		}
	}
	host := render.SafeText(l.Host)
	if l.HostUnicode != "" && l.HostUnicode != l.Host {
		host += " (" + render.SafeText(l.HostUnicode) + ")"
	}
	return fmt.Sprintf("This link may not go where it seems: %s.\n\nText: %s\nReal site: %s\nFull address: %s",
		strings.Join(why, "; "), render.SafeText(clip(l.Text, 200)), host, render.SafeText(clip(l.Href, 500)))
}

func clip(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return strings.ToValidUTF8(s[:n], "") + "…"
}
