// Package assets holds Wren's bundled resources (icons) as Fyne resources.
// Only main and ui import it.
package assets

import (
	_ "embed"

	"fyne.io/fyne/v2"
)

//go:embed icon.png
var iconPNG []byte

// Icon is the application icon.
var Icon = fyne.NewStaticResource("icon.png", iconPNG)
