package wizard

import (
	"slices"

	"wren/account/explain"
)

// mergeSides shows a failure both servers met once: explanations with
// the same code, title and fix are one, whose text says it applies to
// both sides; the other's details are kept for support. Two servers at
// most fold into one (an account has two).
func mergeSides(es []explain.Explanation) []explain.Explanation {
	var out []explain.Explanation
	for _, e := range es {
		if slices.ContainsFunc(out, func(o explain.Explanation) bool { return covers(o, e) }) {
			continue // the run's error and a side's problem: one failure
		}
		i := -1
		for j, o := range out {
			if o.Code == e.Code && o.Title == e.Title && o.Fix == e.Fix && o.Details.Server != e.Details.Server && o.Also == nil {
				i = j
				break
			}
		}
		if i < 0 {
			out = append(out, e)
			continue
		}
		m := &out[i]
		if m.Explanation != e.Explanation {
			// The same failure in other words (another host or port):
			// the first side's words stand for both.
			m.Explanation += " " + sameWords(e.Details)
		} else {
			m.Explanation += " " + bothWords(m.Details, e.Details)
		}
		also := e.Details
		m.Also = &also
	}
	return out
}

// covers says whether o already explains e: the same code at the same
// server, or at the other server o stands for.
func covers(o, e explain.Explanation) bool {
	if o.Code != e.Code {
		return false
	}
	return o.Details.Server == e.Details.Server || o.Also != nil && o.Also.Server == e.Details.Server
}

// sameWords says the other side failed the same way.
func sameWords(d explain.Details) string {
	side := "The other server"
	switch d.Protocol {
	case "smtp":
		side = "The outgoing server"
	case "imap", "pop3":
		side = "The incoming server"
	}
	if d.Server != "" {
		side += " (" + d.Server + ")"
	}
	return side + " failed the same way: this applies to both."
}

// bothWords says one explanation stands for two servers.
func bothWords(a, b explain.Details) string {
	if (a.Protocol == "smtp") != (b.Protocol == "smtp") && a.Protocol != "" && b.Protocol != "" {
		return "This applies to both the incoming and the outgoing server."
	}
	return "This applies to both servers."
}
