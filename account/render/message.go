package render

import (
	"slices"
	"strings"

	"wren/transport/rfc822"
)

// FromMessage renders a parsed message: its HTML body when it has one
// (cid: images resolved against the message's inline parts; a missing
// part shows nothing), else its text body.
//
// The text body is never mixed into the HTML document, and several
// text/html parts are converted one by one and appended: markup left open
// in one part can never swallow the text of the next (EFAIL).
func FromMessage(m *rfc822.Message, opt Options) *Document {
	if m == nil {
		return &Document{}
	}
	if strings.TrimSpace(m.HTML) != "" {
		opt.inline = map[string]*rfc822.Attachment{}
		for _, a := range m.Attachments {
			if a.ContentID != "" && a.Inline && strings.HasPrefix(a.ContentType, "image/") {
				opt.inline[a.ContentID] = a
			}
		}
		for _, k := range []string{"Content-Base", "Content-Location"} {
			if h, ok := remoteHost(strings.Trim(m.Header.Get(k), "<>\" ")); ok && opt.base == "" {
				opt.base = h
			}
		}
		parts := m.HTMLParts
		if len(parts) == 0 {
			parts = []string{m.HTML}
		}
		d := &Document{}
		for _, p := range parts {
			d.appendDoc(HTML(p, opt))
		}
		d.Truncated = d.Truncated || m.Truncated
		return d
	}
	d := text(m.Text, opt.withDefaults())
	d.Truncated = d.Truncated || m.Truncated
	return d
}

// findInline looks a Content-ID up exactly, then ignoring case (some
// mailers change the case of the reference).
func findInline(parts map[string]*rfc822.Attachment, cid string) *rfc822.Attachment {
	if a := parts[cid]; a != nil {
		return a
	}
	for k, a := range parts {
		if strings.EqualFold(k, cid) {
			return a
		}
	}
	return nil
}

// InlineImage returns the inline part an Image block's CID names, or nil.
func InlineImage(m *rfc822.Message, cid string) *rfc822.Attachment {
	if m == nil || cid == "" {
		return nil
	}
	for _, a := range m.Attachments {
		if a.Inline && a.ContentID == cid {
			return a
		}
	}
	return nil
}

// appendDoc adds another part's document after d's, renumbering its links
// and merging the remote-content reports.
func (d *Document) appendDoc(o *Document) {
	base := len(d.Links)
	d.Links = append(d.Links, o.Links...)
	for _, b := range o.Blocks {
		for i := range b.Inlines {
			if b.Inlines[i].Link >= 0 {
				b.Inlines[i].Link += base
			}
		}
		d.Blocks = append(d.Blocks, b)
	}
	d.Remote.Count += o.Remote.Count
	d.Remote.Hosts = mergeSorted(d.Remote.Hosts, o.Remote.Hosts)
	d.Remote.Trackers = mergeSorted(d.Remote.Trackers, o.Remote.Trackers)
	d.Truncated = d.Truncated || o.Truncated
}

func mergeSorted(a, b []string) []string {
	if len(b) == 0 {
		return a
	}
	out := slices.Concat(a, b)
	slices.Sort(out)
	return slices.Compact(out)
}
