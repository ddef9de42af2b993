package mailview

import (
	"image/color"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/theme"
)

// ThemeChoice is View → Theme: follow the system (Fyne's default), or
// always light or dark.
type ThemeChoice string

const (
	ThemeSystem ThemeChoice = "system"
	ThemeLight  ThemeChoice = "light"
	ThemeDark   ThemeChoice = "dark"
)

// themePref is the preferences key of the choice.
const themePref = "view.theme"

// variantTheme is the default theme held to one variant.
type variantTheme struct {
	fyne.Theme
	variant fyne.ThemeVariant
}

func (t variantTheme) Color(n fyne.ThemeColorName, _ fyne.ThemeVariant) color.Color {
	return t.Theme.Color(n, t.variant)
}

// ApplyTheme sets the app's theme from the choice stored in p; with none
// stored the system decides.
func ApplyTheme(a fyne.App, p Prefs) {
	a.Settings().SetTheme(themeFor(StoredTheme(p)))
}

// StoredTheme is the choice stored in p.
func StoredTheme(p Prefs) ThemeChoice {
	return ThemeChoice(p.StringWithFallback(themePref, string(ThemeSystem)))
}

func themeFor(c ThemeChoice) fyne.Theme {
	base := readableTheme{theme.DefaultTheme()}
	switch c {
	case ThemeLight:
		return variantTheme{base, theme.VariantLight}
	case ThemeDark:
		return variantTheme{base, theme.VariantDark}
	}
	return base
}

func (v *View) themeChoice() ThemeChoice {
	return StoredTheme(v.prefs)
}

// setTheme stores the choice and applies it at once.
func (v *View) setTheme(c ThemeChoice) {
	v.prefs.SetString(themePref, string(c))
	ApplyTheme(v.app, v.prefs)
}
