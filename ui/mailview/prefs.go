package mailview

import (
	appsettings "wren/account/settings"
)

// Prefs is where the window remembers its state between runs: the
// profile's window.json (account/settings.Prefs), never the toolkit's
// app-wide preferences, which every profile would share.
type Prefs interface {
	StringWithFallback(key, fallback string) string
	SetString(key, value string)
	FloatWithFallback(key string, fallback float64) float64
	SetFloat(key string, value float64)
}

// SetPrefs sets where the theme and the reader's save folder are kept
// (nil: in memory for this run).
func (v *View) SetPrefs(p Prefs) {
	if p == nil {
		p = appsettings.MemoryPrefs()
	}
	v.prefs = p
	v.reader.rd.SetPrefs(p)
}

// Prefs is where the view keeps its state.
func (v *View) Prefs() Prefs { return v.prefs }
