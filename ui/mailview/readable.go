package mailview

import (
	"image/color"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/theme"
)

// readableTheme is Fyne's default theme with the text colours that fall
// short of WCAG AA against its backgrounds replaced: links (4.0:1 in the
// dark variant, 4.47:1 in the light one), hints in empty fields and
// disabled text (1.3:1 and 1.5:1). Each now reaches 4.5:1 (disabled text
// 3:1) against both the window's and the fields' background; the test
// beside this file measures it.
type readableTheme struct {
	fyne.Theme
}

// readable are the replaced colours per variant.
var readable = map[fyne.ThemeVariant]map[fyne.ThemeColorName]color.Color{
	theme.VariantLight: {
		theme.ColorNameHyperlink:   color.NRGBA{R: 0x1a, G: 0x5f, B: 0xd0, A: 0xff},
		theme.ColorNamePlaceHolder: color.NRGBA{R: 0x6b, G: 0x6b, B: 0x6b, A: 0xff},
		theme.ColorNameDisabled:    color.NRGBA{R: 0x8a, G: 0x8a, B: 0x8a, A: 0xff},
	},
	theme.VariantDark: {
		theme.ColorNameHyperlink: color.NRGBA{R: 0x6e, G: 0xa0, B: 0xff, A: 0xff},
		theme.ColorNameDisabled:  color.NRGBA{R: 0x6e, G: 0x6e, B: 0x6e, A: 0xff},
	},
}

func (t readableTheme) Color(n fyne.ThemeColorName, v fyne.ThemeVariant) color.Color {
	if c, ok := readable[v][n]; ok {
		return c
	}
	return t.Theme.Color(n, v)
}
