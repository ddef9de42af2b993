package mailview

import (
	"fmt"
	"strings"
	"time"

	"wren/account/explain"
	"wren/account/imapsync"
	"wren/account/render"
	"wren/account/store"
)

// senderWords is the name shown for an address, the address without one.
func senderWords(a store.Address) string {
	// Bidi overrides and invisible characters are shown, never obeyed: a
	// name must not read as something else.
	if n := strings.Join(strings.Fields(a.Name), " "); n != "" {
		return render.SafeText(n)
	}
	if a.Addr != "" {
		return render.SafeText(a.Addr)
	}
	return "(no sender)"
}

// addressWords shows the name and the real address, so that a display
// name cannot pass for someone else's address.
func addressWords(a store.Address) string {
	n, addr := render.SafeText(strings.TrimSpace(a.Name)), render.SafeText(a.Addr)
	a.Addr = addr
	switch {
	case n == "" || n == a.Addr:
		return a.Addr
	case a.Addr == "":
		return n
	}
	return n + " <" + a.Addr + ">"
}

func subjectWords(s string) string {
	if strings.TrimSpace(s) == "" {
		return "(no subject)"
	}
	return render.SafeText(strings.Join(strings.Fields(s), " "))
}

// listDate is short: the time today, the day this year, else the date.
func listDate(d, now time.Time) string {
	d, now = d.Local(), now.Local()
	switch {
	case d.IsZero():
		return ""
	case d.YearDay() == now.YearDay() && d.Year() == now.Year():
		return d.Format("15:04")
	case d.Year() == now.Year():
		return d.Format("Jan 2")
	}
	return d.Format("2006-01-02")
}

func fullDate(d time.Time) string {
	if d.IsZero() {
		return ""
	}
	return d.Local().Format("Mon, 2 Jan 2006 15:04")
}

// explainSync explains a sync failure; the UI shows only this, never the
// raw error text.
func explainSync(err error) explain.Explanation {
	// The sync runner reconnects by itself after a passing failure.
	return explain.Explain(err, explain.Context{Operation: explain.OpRead, Retrying: true})
}

// statusWords is an account's status line.
func statusWords(account string, s imapsync.Status, now time.Time) string {
	switch s.State {
	case imapsync.StateOnline:
		if s.LastSynced.IsZero() {
			return account + ": online"
		}
		return account + ": online, checked " + s.LastSynced.Local().Format("15:04")
	case imapsync.StateSyncing:
		w := account + ": syncing"
		if s.Progress.Folder != "" {
			w += " " + s.Progress.Folder
		}
		if s.Progress.Total > 0 {
			w += fmt.Sprintf(", %d of %d", s.Progress.Done, s.Progress.Total)
		}
		if eta := s.Progress.ETA(); eta > 0 {
			w += ", about " + etaWords(eta) + " left"
		}
		return w
	case imapsync.StateOffline:
		w := account + ": offline"
		if s.Err != nil {
			w += " (" + explainSync(s.Err).Title + ")"
		}
		if s.Retry.After(now) {
			w += ", trying again at " + s.Retry.Local().Format("15:04")
		}
		return w
	case imapsync.StateError:
		if s.Err == nil {
			return account + ": stopped"
		}
		return account + ": " + explainSync(s.Err).Title
	}
	return account
}

func etaWords(d time.Duration) string {
	switch {
	case d < time.Minute:
		return "less than a minute"
	case d < 2*time.Minute:
		return "1 minute"
	case d < time.Hour:
		return fmt.Sprintf("%d minutes", int(d.Minutes()))
	}
	return fmt.Sprintf("%d h %d min", int(d.Hours()), int(d.Minutes())%60)
}
