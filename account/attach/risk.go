package attach

import (
	"bytes"
	"mime"
	"path/filepath"
	"strings"
)

// Risk says how careful the user should be before opening a file.
type Risk int

const (
	// Safe is a document or picture handled by a viewer.
	Safe Risk = iota
	// Program is something that runs code when opened: an executable, a
	// script, an installer, a shortcut or a macro-enabled document.
	Program
)

// programExt are extensions whose default action on some desktop is to run
// code. Lower case, with the dot.
var programExt = map[string]bool{}

func init() {
	for _, e := range strings.Fields(`.exe .com .bat .cmd .scr .pif .cpl .msi .msp .msc .dll .sys .lnk .url .reg
		.ps1 .psm1 .vbs .vbe .js .jse .wsf .wsh .hta .jar .appref-ms .application .gadget .inf .scf .iqy .slk
		.sh .bash .zsh .csh .ksh .command .tool .run .bin .out .elf .appimage .desktop .deb .rpm .snap .flatpakref
		.app .pkg .dmg .mpkg .workflow .scpt .applescript .py .pyw .pl .rb .php .lua .apk .xbap
		.docm .dotm .xlsm .xltm .xlam .pptm .potm .ppam .ppsm .sldm`) {
		programExt[e] = true
	}
}

var programTypes = map[string]bool{
	"application/x-executable": true, "application/x-msdownload": true, "application/x-msdos-program": true,
	"application/x-sh": true, "application/x-shellscript": true, "application/x-bat": true,
	"application/x-msi": true, "application/vnd.microsoft.portable-executable": true,
	"application/java-archive": true, "application/x-elf": true, "text/x-shellscript": true,
	"application/javascript": true, "text/javascript": true, "application/hta": true,
	"application/x-desktop": true, "application/vnd.android.package-archive": true,
}

// Assess classifies a file by its name, its declared type and its first
// bytes: a sender can lie in any one of them, so any one is enough.
func Assess(name, contentType string, head []byte) Risk {
	if programExt[strings.ToLower(filepath.Ext(name))] {
		return Program
	}
	if t, _, err := mime.ParseMediaType(contentType); err == nil && programTypes[t] {
		return Program
	}
	for _, magic := range [][]byte{[]byte("MZ"), []byte("\x7fELF"), []byte("#!"), {0xCF, 0xFA, 0xED, 0xFE}, {0xCA, 0xFE, 0xBA, 0xBE}} {
		if bytes.HasPrefix(head, magic) {
			return Program
		}
	}
	return Safe
}
