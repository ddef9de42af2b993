//go:build !(linux || darwin || freebsd || netbsd || openbsd || dragonfly)

package atomicfile

// isSyncUnsupported: Windows and others refuse to fsync a directory.
func isSyncUnsupported(error) bool { return true }
