package store

import "os"

func mkdir(dir string) error { return os.MkdirAll(dir, 0o700) }

func exists(p string) bool { _, err := os.Stat(p); return err == nil }
