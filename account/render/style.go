package render

import (
	"strings"

	"golang.org/x/net/html"
)

// attr returns the value of attribute key (keys are lower case).
func attr(attrs []html.Attribute, key string) (string, bool) {
	for _, a := range attrs {
		if a.Key == key && a.Namespace == "" {
			return a.Val, true
		}
	}
	return "", false
}

// declarations splits an inline style into lower-case property/value
// pairs, !important removed. Comments are removed first: a comment in the
// middle of "display:/**/none" must not hide the property.
func declarations(style string) [][2]string {
	style = stripCSSComments(style)
	var out [][2]string
	for _, d := range strings.Split(style, ";") {
		k, v, ok := strings.Cut(d, ":")
		if !ok {
			continue
		}
		k = strings.ToLower(strings.TrimSpace(k))
		v = strings.ToLower(strings.TrimSpace(v))
		v = strings.TrimSpace(strings.TrimSuffix(v, "!important"))
		out = append(out, [2]string{k, v})
	}
	return out
}

func stripCSSComments(s string) string {
	if !strings.Contains(s, "/*") {
		return s
	}
	var b strings.Builder
	for {
		i := strings.Index(s, "/*")
		if i < 0 {
			b.WriteString(s)
			return b.String()
		}
		b.WriteString(s[:i])
		j := strings.Index(s[i+2:], "*/")
		if j < 0 {
			return b.String()
		}
		s = s[i+2+j+2:]
	}
}

// styleValue returns the last value of property prop in the style
// attribute.
func styleValue(attrs []html.Attribute, prop string) (string, bool) {
	st, ok := attr(attrs, "style")
	if !ok || !strings.Contains(strings.ToLower(st), prop) {
		return "", false
	}
	v, found := "", false
	for _, d := range declarations(st) {
		if d[0] == prop {
			v, found = d[1], true
		}
	}
	return v, found
}

// isHidden reports whether inline style or the hidden attribute hide an
// element and its content: display:none, visibility:hidden, mso-hide:all,
// opacity:0, a zero box with overflow:hidden, or a far off-screen position
// (the ways mailers hide preheaders and tracking pixels).
func isHidden(attrs []html.Attribute) bool {
	if _, ok := attr(attrs, "hidden"); ok {
		return true
	}
	st, ok := attr(attrs, "style")
	if !ok {
		return false
	}
	overflowHidden, zeroBox := false, false
	for _, d := range declarations(st) {
		switch k, v := d[0], d[1]; k {
		case "display":
			if v == "none" {
				return true
			}
		case "visibility":
			if v == "hidden" || v == "collapse" {
				return true
			}
		case "mso-hide":
			if v == "all" {
				return true
			}
		case "opacity":
			if isZeroLength(v) {
				return true
			}
		case "overflow":
			overflowHidden = v == "hidden"
		case "max-height", "height", "max-width", "width":
			if isZeroLength(v) {
				zeroBox = true
			}
		case "left", "top", "text-indent", "margin-left", "margin-top":
			if farNegative(v) {
				return true
			}
		}
	}
	return overflowHidden && zeroBox
}

// isZeroLength reports whether a CSS length or number is zero ("0",
// "0px", "0.0em", "0%").
func isZeroLength(v string) bool {
	v = strings.TrimSpace(v)
	if v == "" {
		return false
	}
	digits := false
	for i, r := range v {
		switch {
		case r == '0' || r == '.':
			digits = digits || r == '0'
		case r >= 'a' && r <= 'z' || r == '%':
			return digits && i > 0
		default:
			return false
		}
	}
	return digits
}

// farNegative reports a position such as -9999px that moves content out
// of sight.
func farNegative(v string) bool {
	if !strings.HasPrefix(v, "-") {
		return false
	}
	n := 0
	for _, r := range v[1:] {
		if r < '0' || r > '9' {
			break
		}
		n++
	}
	return n >= 4
}

// pixels parses a width or height attribute or CSS value ("1", "1px",
// "1.0"); ok is false for anything else (percentages, auto).
func pixels(v string) (n int, ok bool) {
	v = strings.ToLower(strings.TrimSpace(v))
	v = strings.TrimSuffix(v, "px")
	if i := strings.IndexByte(v, '.'); i >= 0 {
		v = v[:i]
	}
	if v == "" || len(v) > 6 {
		return 0, false
	}
	for _, r := range v {
		if r < '0' || r > '9' {
			return 0, false
		}
		n = n*10 + int(r-'0')
	}
	return n, true
}
