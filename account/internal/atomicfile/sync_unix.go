//go:build linux || darwin || freebsd || netbsd || openbsd || dragonfly

package atomicfile

// isSyncUnsupported: these systems can fsync a directory.
func isSyncUnsupported(error) bool { return false }
