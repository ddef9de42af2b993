package reader

import (
	"image"
	"image/color"
	"sort"
	"strings"
	"testing"

	"fyne.io/fyne/v2"

	"wren/account/store"
	"wren/transport/rfc822"
)

// narrowPane is the reading pane of an 800 px window with the folder tree
// and the list beside it.
const narrowPane = 330

// Every HTML, remote-content and MIME message of the corpus fits a narrow
// pane: the reader's minimum width (what would push the pane wider or
// make it scroll sideways) stays below it once laid out there, with
// remote content blocked (pictures: TestWidePictureScrollsInside).
func TestCorpusFitsNarrowPane(t *testing.T) {
	h := newHarness(t)
	h.w.Resize(fyne.NewSize(narrowPane, 700))
	files := corpusFiles(t, "html", "remote-content", "mime", "i18n")
	names := make([]string, 0, len(files))
	for n := range files {
		names = append(names, n)
	}
	sort.Strings(names)
	var id int64
	for _, name := range names {
		m, err := rfc822.Parse(strings.NewReader(string(files[name])), rfc822.Limits{})
		if err != nil {
			continue
		}
		id++
		h.r.Load(Input{Row: store.Message{ID: id, Subject: m.Subject}, Msg: m, Raw: files[name]})
		h.r.Content.Resize(fyne.NewSize(narrowPane, 700))
		if w := h.r.Content.MinSize().Width; w > narrowPane {
			t.Errorf("%s: the reader needs %.0f px, more than a %d px pane", name, w, narrowPane)
		}
	}
}

// A picture wider than the pane scrolls inside itself instead of
// widening the reader.
func TestWidePictureScrollsInside(t *testing.T) {
	h := newHarness(t)
	wide := image.NewRGBA(image.Rect(0, 0, 1200, 300))
	wide.Set(0, 0, color.Black)
	seg := &imageSegment{alt: "banner", img: wide}
	v := seg.Visual()
	if w := v.MinSize().Width; w > narrowPane {
		t.Fatalf("a 1200 px picture needs %.0f px in the body", w)
	}
	if h := v.MinSize().Height; h < 100 {
		t.Fatalf("the picture is only %.0f px tall, want it scaled to 600 wide (150 tall)", h)
	}
	h.r.Body.Segments = append(h.r.Body.Segments, seg)
	h.r.Body.Refresh()
	h.r.Content.Resize(fyne.NewSize(narrowPane, 700))
	if w := h.r.Content.MinSize().Width; w > narrowPane {
		t.Errorf("with the picture the reader needs %.0f px", w)
	}
}
