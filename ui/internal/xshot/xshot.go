// Package xshot looks at real windows on an X display (Xvfb in tests):
// find a top-level window by title and capture what it shows, as a person
// would see it. Tests only; it talks X11 directly because a GL window's
// own capture reads a buffer Xvfb does not keep.
package xshot

import (
	"errors"
	"fmt"
	"image"
	"image/color"
	"io"
	"log"
	"strings"

	"github.com/jezek/xgb"
	"github.com/jezek/xgb/xproto"
)

// Display is a connection to the X server named by $DISPLAY.
type Display struct {
	c    *xgb.Conn
	root xproto.Window
}

// Open connects to $DISPLAY.
func Open() (*Display, error) {
	xgb.Logger = log.New(io.Discard, "", 0) // it chats about missing .Xauthority
	c, err := xgb.NewConn()
	if err != nil {
		return nil, err
	}
	return &Display{c: c, root: xproto.Setup(c).DefaultScreen(c).Root}, nil
}

// Close ends the connection.
func (d *Display) Close() { d.c.Close() }

// ErrNotFound: no mapped window has that title (yet).
var ErrNotFound = errors.New("no such window")

// Find returns a mapped window whose WM_NAME matches title ("*" matches
// anything).
func (d *Display) Find(title string) (xproto.Window, error) {
	return d.find(d.root, title, 0)
}

// matches compares a window name with a pattern in which "*" stands for
// any run of bytes (titles may carry non-ASCII in odd encodings).
func matches(name, pattern string) bool {
	parts := strings.Split(pattern, "*")
	if len(parts) == 1 {
		return name == pattern
	}
	if !strings.HasPrefix(name, parts[0]) {
		return false
	}
	name = name[len(parts[0]):]
	for _, p := range parts[1 : len(parts)-1] {
		i := strings.Index(name, p)
		if i < 0 {
			return false
		}
		name = name[i+len(p):]
	}
	return strings.HasSuffix(name, parts[len(parts)-1])
}

func (d *Display) find(w xproto.Window, title string, depth int) (xproto.Window, error) {
	if depth > 4 {
		return 0, ErrNotFound
	}
	tree, err := xproto.QueryTree(d.c, w).Reply()
	if err != nil {
		return 0, err
	}
	for _, ch := range tree.Children {
		attr, err := xproto.GetWindowAttributes(d.c, ch).Reply()
		if err != nil || attr.MapState != xproto.MapStateViewable {
			continue
		}
		name, err := xproto.GetProperty(d.c, false, ch, xproto.AtomWmName, xproto.GetPropertyTypeAny, 0, 256).Reply()
		if err == nil && matches(string(name.Value), title) {
			return ch, nil
		}
		if found, err := d.find(ch, title, depth+1); err == nil {
			return found, nil
		}
	}
	return 0, ErrNotFound
}

// Capture returns the window's pixels.
func (d *Display) Capture(w xproto.Window) (image.Image, error) {
	g, err := xproto.GetGeometry(d.c, xproto.Drawable(w)).Reply()
	if err != nil {
		return nil, err
	}
	img, err := xproto.GetImage(d.c, xproto.ImageFormatZPixmap, xproto.Drawable(w), 0, 0, g.Width, g.Height, 0xffffffff).Reply()
	if err != nil {
		return nil, err
	}
	if g.Depth != 24 && g.Depth != 32 {
		return nil, fmt.Errorf("window depth %d: want 24 or 32", g.Depth)
	}
	out := image.NewRGBA(image.Rect(0, 0, int(g.Width), int(g.Height)))
	for y := 0; y < int(g.Height); y++ {
		for x := 0; x < int(g.Width); x++ {
			i := (y*int(g.Width) + x) * 4 // BGRX, 32 bits per pixel
			if i+2 >= len(img.Data) {
				return nil, fmt.Errorf("short image: %d bytes", len(img.Data))
			}
			out.Set(x, y, color.RGBA{R: img.Data[i+2], G: img.Data[i+1], B: img.Data[i], A: 255})
		}
	}
	return out, nil
}

// Colors counts the distinct colours of img: a blank or unpainted window
// has one or two.
func Colors(img image.Image) int {
	seen := map[color.RGBA]bool{}
	b := img.Bounds()
	for y := b.Min.Y; y < b.Max.Y; y++ {
		for x := b.Min.X; x < b.Max.X; x++ {
			r, g, bl, _ := img.At(x, y).RGBA()
			seen[color.RGBA{uint8(r >> 8), uint8(g >> 8), uint8(bl >> 8), 255}] = true
		}
	}
	return len(seen)
}
