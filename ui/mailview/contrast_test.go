package mailview

import (
	"image/color"
	"math"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/theme"
)

// luminance is WCAG 2.x relative luminance of c (alpha ignored: every
// colour checked is opaque, which the test asserts).
func luminance(c color.Color) float64 {
	r, g, b, _ := c.RGBA()
	lin := func(v uint32) float64 {
		s := float64(v) / 0xffff
		if s <= 0.04045 {
			return s / 12.92
		}
		return math.Pow((s+0.055)/1.055, 2.4)
	}
	return 0.2126*lin(r) + 0.7152*lin(g) + 0.0722*lin(b)
}

// contrast is the WCAG contrast ratio of a and b.
func contrast(a, b color.Color) float64 {
	la, lb := luminance(a), luminance(b)
	if la < lb {
		la, lb = lb, la
	}
	return (la + 0.05) / (lb + 0.05)
}

func TestContrastFormula(t *testing.T) {
	black, white := color.Black, color.White
	if got := contrast(black, white); math.Abs(got-21) > 0.01 {
		t.Errorf("black on white = %.2f, want 21", got)
	}
	// #767676 on white is the well-known smallest grey that passes AA.
	if got := contrast(color.NRGBA{0x76, 0x76, 0x76, 0xff}, white); got < 4.5 || got > 4.6 {
		t.Errorf("#767676 on white = %.2f, want 4.54", got)
	}
}

// Every text colour of Wren's themes (light, dark and the system's, in
// both variants) against the window's background and the fields'
// background: 4.5:1 (WCAG AA), 3:1 for disabled text.
func TestThemeTextContrast(t *testing.T) {
	texts := []struct {
		name fyne.ThemeColorName
		min  float64
	}{
		{theme.ColorNameForeground, 4.5},
		{theme.ColorNameHyperlink, 4.5},
		{theme.ColorNamePlaceHolder, 4.5},
		{theme.ColorNameDisabled, 3},
	}
	backs := []fyne.ThemeColorName{theme.ColorNameBackground, theme.ColorNameInputBackground}
	themes := []struct {
		choice  ThemeChoice
		variant fyne.ThemeVariant
	}{
		{ThemeLight, theme.VariantLight}, {ThemeDark, theme.VariantDark},
		{ThemeSystem, theme.VariantLight}, {ThemeSystem, theme.VariantDark},
	}
	for _, th := range themes {
		// The variant asked for is the other one: a theme held to one
		// variant must answer with its own.
		asked := theme.VariantDark
		if th.choice == ThemeSystem {
			asked = th.variant
		} else if th.variant == theme.VariantDark {
			asked = theme.VariantLight
		}
		tm := themeFor(th.choice)
		for _, bn := range backs {
			bg := tm.Color(bn, asked)
			for _, tx := range texts {
				fg := tm.Color(tx.name, asked)
				if _, _, _, a := fg.RGBA(); a != 0xffff {
					t.Errorf("%s/%d: %s is not opaque", th.choice, th.variant, tx.name)
				}
				if got := contrast(fg, bg); got < tx.min {
					t.Errorf("%s (variant %d): %s on %s is %.2f:1, want at least %.1f:1", th.choice, th.variant, tx.name, bn, got, tx.min)
				}
			}
		}
	}
}
