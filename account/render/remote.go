package render

import (
	"fmt"
	"sort"
	"strings"

	"golang.org/x/net/html"
)

// remoteSet collects the remote references of one document.
type remoteSet struct {
	// base is the host relative references resolve against (a <base
	// href>, or the message's Content-Base); "" when they fetch nothing.
	base     string
	count    int
	hosts    map[string]bool
	trackers map[string]bool
}

func (r *remoteSet) report() RemoteReport {
	return RemoteReport{Count: r.count, Hosts: sortedKeys(r.hosts), Trackers: sortedKeys(r.trackers)}
}

func sortedKeys(m map[string]bool) []string {
	if len(m) == 0 {
		return nil
	}
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

// add records u if it is remote and reports whether it was.
func (r *remoteSet) add(u string, tracker bool) bool {
	host, ok := remoteHost(u)
	if !ok && r.base != "" && isRelative(u) {
		host, ok = r.base, true
	}
	if !ok {
		return false
	}
	host = canonicalIP(host)
	r.count++
	if r.hosts == nil {
		r.hosts, r.trackers = map[string]bool{}, map[string]bool{}
	}
	r.hosts[host] = true
	if tracker || trackerURL(u) {
		r.trackers[host] = true
	}
	return true
}

// fetchAttrs are the attributes a browser loads without a click.
var fetchAttrs = set("src", "lowsrc", "dynsrc", "background", "poster", "data", "codebase", "archive",
	"longdesc", "profile", "manifest", "xlink:href", "formaction")

// hrefFetched are the elements whose href is loaded while rendering.
var hrefFetched = set("link", "base", "image", "use", "feimage", "script", "tref", "pattern", "filter")

// element counts the remote references of one start tag, whether or not
// the element itself is kept.
func (r *remoteSet) element(name string, attrs []html.Attribute, hidden bool) {
	if !mayFetch(name, attrs) {
		return
	}
	tracker := hidden || tinyBox(attrs)
	for _, a := range attrs {
		k := a.Key
		if a.Namespace != "" {
			k = a.Namespace + ":" + k
		}
		switch {
		case fetchAttrs[k]:
			r.add(a.Val, tracker)
		case k == "href" && hrefFetched[name]:
			r.add(a.Val, tracker)
			if h, ok := remoteHost(a.Val); ok && name == "base" && r.base == "" {
				r.base = h
			}
		case k == "srcset" || k == "imagesrcset":
			for _, c := range strings.Split(a.Val, ",") {
				if f := strings.Fields(c); len(f) > 0 {
					r.add(f[0], tracker)
				}
			}
		case k == "style":
			r.css(a.Val, tracker)
		case k == "content" && name == "meta":
			if _, u, ok := strings.Cut(strings.ToLower(a.Val), "url="); ok {
				r.add(strings.Trim(strings.TrimSpace(u), `'"`), false)
			}
		}
	}
}

// mayFetch is a cheap first look: does any attribute hold something that
// could be a URL?
func mayFetch(name string, attrs []html.Attribute) bool {
	for _, a := range attrs {
		switch {
		case a.Key == "style":
			if strings.Contains(a.Val, "(") || strings.Contains(a.Val, "@") {
				return true
			}
		case a.Key == "content":
			if name == "meta" {
				return true
			}
		case a.Key == "href":
			if hrefFetched[name] {
				return true
			}
		case fetchAttrs[a.Key], a.Key == "srcset", a.Key == "imagesrcset", a.Namespace != "":
			return true
		}
	}
	return false
}

// css counts url(), @import and image-set() references in a style sheet or
// style attribute.
func (r *remoteSet) css(s string, tracker bool) {
	s = stripCSSComments(s)
	low := asciiLower(s)
	next := newMultiIndex(low, "url(", "@import", "image-set(", "image(")
	for i := 0; i < len(low); {
		j, _ := next.from(i)
		if j < 0 {
			return
		}
		i = j
		if strings.HasPrefix(low[i:], "@import") {
			i += len("@import")
		} else {
			i += strings.IndexByte(low[i:], '(') + 1
		}
		rest := strings.TrimLeft(s[i:min(len(s), i+4096)], " \t\r\n\"'")
		if strings.HasPrefix(asciiLower(rest[:min(len(rest), 4)]), "url(") {
			continue // counted at its url(
		}
		end := strings.IndexAny(rest, "\"') \t\r\n;,")
		if end < 0 {
			end = len(rest)
		}
		if end > 0 {
			r.add(rest[:end], tracker)
		}
	}
}

// multiIndex finds the next occurrence of any of several patterns in one
// string. It remembers where each pattern occurs next, so a whole scan
// costs one pass per pattern instead of one per match.
type multiIndex struct {
	s    string
	pats []string
	next []int // next match of each pattern at or after the last from; -1 none
}

func newMultiIndex(s string, pats ...string) *multiIndex {
	m := &multiIndex{s: s, pats: pats, next: make([]int, len(pats))}
	for k := range m.next {
		m.next[k] = -2 // not searched yet
	}
	return m
}

// from returns the first match at or after i, and which pattern it is.
func (m *multiIndex) from(i int) (int, string) {
	best, pat := -1, ""
	for k, p := range m.pats {
		if m.next[k] == -1 {
			continue
		}
		if m.next[k] < i {
			if j := strings.Index(m.s[i:], p); j >= 0 {
				m.next[k] = i + j
			} else {
				m.next[k] = -1
				continue
			}
		}
		if best < 0 || m.next[k] < best {
			best, pat = m.next[k], p
		}
	}
	return best, pat
}

// remoteHost returns the lower-case host of a URL that would make a
// network request: an absolute URL with a host (any scheme but the local
// data:, cid:, about:, javascript:), a scheme-relative //host or a UNC
// \\host path. Relative references fetch nothing: there is no base.
func remoteHost(u string) (string, bool) {
	u = cleanURL(u)
	low := strings.ToLower(u)
	if strings.HasPrefix(low, "//") {
		return hostOf(u[2:])
	}
	i := strings.Index(low, "://")
	if i <= 0 || !isScheme(low[:i]) {
		return "", false
	}
	switch low[:i] {
	case "data", "cid", "mid", "about", "javascript":
		return "", false
	}
	return hostOf(u[i+3:])
}

// isRelative reports a relative reference that names a resource (not an
// empty or fragment-only one).
func isRelative(u string) bool {
	u = cleanURL(u)
	if u == "" || u[0] == '#' {
		return false
	}
	i := strings.IndexAny(u, ":/?#")
	return i < 0 || u[i] != ':'
}

// canonicalIP writes the other IPv4 notations browsers accept (0x7f000001,
// 0177.0.0.1, 127.1, 2130706433) in dotted decimal, so the report names
// the address they reach.
func canonicalIP(host string) string {
	if !isRawIP(host) || strings.HasPrefix(host, "[") {
		return host
	}
	parts := strings.Split(host, ".")
	var nums []uint64
	for _, p := range parts {
		base, digits := uint64(10), p
		switch {
		case strings.HasPrefix(p, "0x"):
			base, digits = 16, p[2:]
		case len(p) > 1 && p[0] == '0':
			base, digits = 8, p[1:]
		}
		var n uint64
		for i := 0; i < len(digits); i++ {
			d := uint64(unhex(digits[i]))
			if d >= base || n > 1<<32 {
				return host
			}
			n = n*base + d
		}
		nums = append(nums, n)
	}
	last := nums[len(nums)-1]
	for i, n := range nums[:len(nums)-1] {
		if n > 255 {
			return host
		}
		last |= n << (8 * (3 - i))
	}
	if last >= 1<<32 {
		return host
	}
	return fmt.Sprintf("%d.%d.%d.%d", last>>24, last>>16&255, last>>8&255, last&255)
}

// cleanURL trims a URL the way browsers do: surrounding white space and
// controls, embedded tabs and line breaks; backslashes count as slashes.
func cleanURL(u string) string {
	u = strings.TrimFunc(u, func(r rune) bool { return r <= ' ' })
	if strings.ContainsAny(u, "\t\r\n\\") {
		u = strings.Map(func(r rune) rune {
			switch r {
			case '\t', '\r', '\n':
				return -1
			case '\\':
				return '/'
			}
			return r
		}, u)
	}
	return u
}

func isScheme(s string) bool {
	if s == "" || !isLetter(s[0]) {
		return false
	}
	for i := 1; i < len(s); i++ {
		c := s[i]
		if !isLetter(c) && !(c >= '0' && c <= '9') && c != '+' && c != '-' && c != '.' {
			return false
		}
	}
	return true
}

func isLetter(c byte) bool { return c|0x20 >= 'a' && c|0x20 <= 'z' }

// hostOf takes the host from the part of a URL after "//": up to the
// path, without user info and port.
func hostOf(rest string) (string, bool) {
	if i := strings.IndexAny(rest, "/?#"); i >= 0 {
		rest = rest[:i]
	}
	if i := strings.LastIndexByte(rest, '@'); i >= 0 {
		rest = rest[i+1:]
	}
	if strings.HasPrefix(rest, "[") {
		if i := strings.IndexByte(rest, ']'); i > 0 {
			rest = rest[:i+1]
		}
	} else if i := strings.LastIndexByte(rest, ':'); i >= 0 {
		rest = rest[:i]
	}
	rest = strings.TrimSuffix(strings.ToLower(rest), ".")
	return rest, rest != ""
}

// tinyBox reports an element sized to at most 1x1 pixel, or zero in one
// dimension, by attributes or inline style: the shape of a tracking pixel.
func tinyBox(attrs []html.Attribute) bool {
	w, wok := dimension(attrs, "width")
	h, hok := dimension(attrs, "height")
	return (wok && w == 0) || (hok && h == 0) || (wok && hok && w <= 1 && h <= 1)
}

func dimension(attrs []html.Attribute, key string) (int, bool) {
	if v, ok := styleValue(attrs, key); ok {
		if n, ok := pixels(v); ok {
			return n, true
		}
	}
	if v, ok := attr(attrs, key); ok {
		return pixels(v)
	}
	return 0, false
}

// trackerURL recognizes common open-tracking paths and opaque per-recipient
// tokens.
func trackerURL(u string) bool {
	low := strings.ToLower(cleanURL(u))
	path, _, _ := strings.Cut(low, "?")
	for _, seg := range strings.Split(path, "/") {
		base := seg
		if i := strings.LastIndexByte(base, '.'); i > 0 {
			base = base[:i]
		}
		switch base {
		case "open", "opened", "track", "tracking", "trk", "pixel", "beacon", "o", "t", "wf", "openrate", "imp", "impression":
			return true
		}
		if strings.HasPrefix(base, "pixel") || strings.HasPrefix(base, "beacon") || strings.HasPrefix(base, "track") {
			return true
		}
	}
	// Opaque tokens: checked on the original case, hex hashes in file
	// names (lower case only) are common and harmless.
	orig := cleanURL(u)
	if i := strings.IndexByte(orig, '?'); i >= 0 {
		for _, kv := range strings.Split(orig[i+1:], "&") {
			_, v, _ := strings.Cut(kv, "=")
			if opaque(v, 20) {
				return true
			}
		}
	}
	for _, seg := range strings.Split(strings.SplitN(orig, "?", 2)[0], "/") {
		if i := strings.LastIndexByte(seg, '.'); i > 0 {
			seg = seg[:i]
		}
		if opaque(seg, 32) {
			return true
		}
	}
	return false
}

// opaque reports a token of at least n characters of a URL-safe alphabet
// that mixes letters and digits (upper and lower case for long path
// segments).
func opaque(s string, n int) bool {
	if len(s) < n {
		return false
	}
	var lower, upper, digit bool
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c >= 'a' && c <= 'z':
			lower = true
		case c >= 'A' && c <= 'Z':
			upper = true
		case c >= '0' && c <= '9':
			digit = true
		case c == '-' || c == '_' || c == '=' || c == '.' || c == '%' || c == '+':
		default:
			return false
		}
	}
	if n >= 32 {
		return lower && upper && digit
	}
	return (lower || upper) && digit
}
