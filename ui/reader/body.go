package reader

import (
	"image"
	"net/url"
	"strconv"
	"strings"

	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"wren/account/render"
)

// MaxShown is how many bytes of body text go into the rich text at
// first: Fyne lays out long text slowly (security.md §4), so the rest
// waits for "Show the whole message".
const MaxShown = 100_000

// bodyOptions say how a Document becomes segments.
type bodyOptions struct {
	hideQuotes bool
	limit      int // characters; 0: no limit
	// link is called when an allowed link is tapped.
	link func(i int)
	// image gives the picture of an Image block (nil: its alt text).
	image func(b render.Block) image.Image
}

// bodyResult is the segments plus what the controls around them need.
type bodyResult struct {
	segs      []widget.RichTextSegment
	quotes    int  // quoted blocks in the document
	truncated bool // the limit cut the text
	images    []*imageSegment
}

// buildBody turns d into rich text segments. Text is set as segment text
// only: no Markdown, no URI loading.
func buildBody(d *render.Document, o bodyOptions) bodyResult {
	var r bodyResult
	shown := 0
	for _, b := range d.Blocks {
		if b.Quote > 0 {
			r.quotes++
			if o.hideQuotes {
				continue
			}
		}
		if o.limit > 0 && shown >= o.limit {
			r.truncated = true
			continue
		}
		switch b.Kind {
		case render.Rule:
			r.segs = append(r.segs, &widget.SeparatorSegment{})
		case render.Image:
			seg := &imageSegment{alt: b.Alt, src: b.Src, cid: b.CID}
			if o.image != nil {
				seg.img = o.image(b)
			}
			r.images = append(r.images, seg)
			r.segs = append(r.segs, seg)
		case render.Preformatted:
			text := quotePrefix(b.Quote) + inlineText(b.Inlines)
			if b.Quote > 0 {
				text = strings.ReplaceAll(text, "\n", "\n"+quotePrefix(b.Quote))
			}
			style := widget.RichTextStyleCodeBlock
			if b.Quote > 0 {
				style.ColorName = theme.ColorNamePlaceHolder
			}
			r.segs = append(r.segs, &widget.TextSegment{Style: style, Text: text})
			shown += len(text)
		default:
			p, n := paragraph(d, b, o)
			r.segs = append(r.segs, p)
			shown += n
		}
	}
	return r
}

// paragraph builds a paragraph, heading or list item; n is its length.
func paragraph(d *render.Document, b render.Block, o bodyOptions) (*widget.ParagraphSegment, int) {
	base := widget.RichTextStyleInline
	switch {
	case b.Kind == render.Heading && b.Level <= 1:
		base.SizeName = theme.SizeNameHeadingText
		base.TextStyle.Bold = true
	case b.Kind == render.Heading && b.Level == 2:
		base.SizeName = theme.SizeNameSubHeadingText
		base.TextStyle.Bold = true
	case b.Kind == render.Heading:
		base.TextStyle.Bold = true
	}
	if b.Quote > 0 {
		base.ColorName = theme.ColorNamePlaceHolder // quotes are dimmed
	}
	p := &widget.ParagraphSegment{}
	lead := quotePrefix(b.Quote)
	if b.Kind == render.ListItem {
		lead += strings.Repeat("    ", max(b.Depth-1, 0))
		if b.Ordered {
			lead += strconv.Itoa(max(b.Number, 1)) + ". "
		} else {
			lead += "• "
		}
	}
	n := 0
	if lead != "" {
		p.Texts = append(p.Texts, &widget.TextSegment{Style: base, Text: lead})
	}
	for _, in := range b.Inlines {
		text := in.Text
		if b.Quote > 0 {
			text = strings.ReplaceAll(text, "\n", "\n"+quotePrefix(b.Quote))
		}
		n += len(text)
		if in.Link >= 0 && in.Link < len(d.Links) && d.Links[in.Link].Allowed && o.link != nil {
			if u, err := url.Parse(d.Links[in.Link].Href); err == nil {
				i := in.Link
				// A link's words are neutralized like names and subjects:
				// a bidi override there makes "exe.pdf" read as "fdp.exe".
				p.Texts = append(p.Texts, &widget.HyperlinkSegment{Text: render.SafeText(text), URL: u, OnTapped: func() { o.link(i) }})
				continue
			}
		}
		st := base
		st.TextStyle.Bold = st.TextStyle.Bold || in.Bold
		st.TextStyle.Italic = in.Italic
		st.TextStyle.Monospace = in.Code
		p.Texts = append(p.Texts, &widget.TextSegment{Style: st, Text: text})
	}
	endBlock(p)
	return p, n
}

// endBlock makes the paragraph end its line: RichText only breaks after a
// paragraph whose last segment is not inline.
func endBlock(p *widget.ParagraphSegment) {
	if n := len(p.Texts); n > 0 {
		if t, ok := p.Texts[n-1].(*widget.TextSegment); ok {
			t.Style.Inline = false
			return
		}
	}
	p.Texts = append(p.Texts, &widget.TextSegment{Style: widget.RichTextStyleParagraph})
}

// quotePrefix marks each quote level with a bar, which also indents it.
func quotePrefix(depth int) string {
	return strings.Repeat("┃ ", depth)
}

func inlineText(ins []render.Inline) string {
	var b strings.Builder
	for _, in := range ins {
		b.WriteString(in.Text)
	}
	return b.String()
}

// plainSegments is the body when only text is known (no whole message):
// one paragraph per block of text, without links.
func plainSegments(text string) []widget.RichTextSegment {
	text = strings.ReplaceAll(text, "\r\n", "\n")
	if len(text) > MaxShown {
		text = strings.ToValidUTF8(text[:MaxShown], "")
	}
	var out []widget.RichTextSegment
	for _, p := range strings.Split(text, "\n\n") {
		if strings.TrimSpace(p) == "" {
			continue
		}
		out = append(out, &widget.TextSegment{Style: widget.RichTextStyleParagraph, Text: p})
	}
	return out
}
