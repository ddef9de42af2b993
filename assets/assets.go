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

//go:embed icons/flag.svg
var flagSVG []byte

//go:embed icons/archive.svg
var archiveSVG []byte

//go:embed icons/junk.svg
var junkSVG []byte

//go:embed icons/markread.svg
var markReadSVG []byte

// Toolbar icons Fyne's theme lacks, drawn in the theme's colour
// (wrap them with theme.NewThemedResource).
var (
	FlagIcon     = fyne.NewStaticResource("flag.svg", flagSVG)
	ArchiveIcon  = fyne.NewStaticResource("archive.svg", archiveSVG)
	JunkIcon     = fyne.NewStaticResource("junk.svg", junkSVG)
	MarkReadIcon = fyne.NewStaticResource("markread.svg", markReadSVG)
)
