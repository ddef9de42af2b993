package tray

import (
	"image"
	"image/color"
	"image/draw"
	"strconv"
)

// digits is a 3×5 pixel font for the badge: no font files and no extra
// module, and still readable at tray sizes once scaled.
var digits = map[rune][5]string{
	'0': {"###", "#.#", "#.#", "#.#", "###"},
	'1': {".#.", "##.", ".#.", ".#.", "###"},
	'2': {"###", "..#", "###", "#..", "###"},
	'3': {"###", "..#", "###", "..#", "###"},
	'4': {"#.#", "#.#", "###", "..#", "..#"},
	'5': {"###", "#..", "###", "..#", "###"},
	'6': {"###", "#..", "###", "#.#", "###"},
	'7': {"###", "..#", ".#.", ".#.", ".#."},
	'8': {"###", "#.#", "###", "#.#", "###"},
	'9': {"###", "#.#", "###", "..#", "###"},
	'+': {"...", ".#.", "###", ".#.", "..."},
}

var (
	badgeRed   = color.RGBA{R: 0xd3, G: 0x2f, B: 0x2f, A: 0xff}
	badgeWhite = color.RGBA{R: 0xff, G: 0xff, B: 0xff, A: 0xff}
)

// BadgeText is what the badge says: the count, or "99+".
func BadgeText(n int) string {
	if n > 99 {
		return "99+"
	}
	return strconv.Itoa(n)
}

// Badge draws n in white on a red box in the lower right of base.
func Badge(base image.Image, n int) *image.RGBA {
	b := base.Bounds()
	out := image.NewRGBA(image.Rect(0, 0, b.Dx(), b.Dy()))
	draw.Draw(out, out.Bounds(), base, b.Min, draw.Src)
	text := BadgeText(n)
	// Each glyph is 3 pixels wide plus 1 of space; the box is ~60% of the
	// icon's height tall.
	scale := max(1, b.Dy()*3/5/7)
	w := (len(text)*4 + 1) * scale
	h := 7 * scale
	if w > b.Dx() {
		scale = max(1, b.Dx()/(len(text)*4+1))
		w, h = (len(text)*4+1)*scale, 7*scale
	}
	box := image.Rect(b.Dx()-w, b.Dy()-h, b.Dx(), b.Dy())
	draw.Draw(out, box, image.NewUniform(badgeRed), image.Point{}, draw.Src)
	x0, y0 := box.Min.X+scale, box.Min.Y+scale
	for i, r := range text {
		g := digits[r]
		for row, line := range g {
			for col, c := range line {
				if c != '#' {
					continue
				}
				px := image.Rect(x0+(i*4+col)*scale, y0+row*scale, x0+(i*4+col+1)*scale, y0+(row+1)*scale)
				draw.Draw(out, px, image.NewUniform(badgeWhite), image.Point{}, draw.Src)
			}
		}
	}
	return out
}
