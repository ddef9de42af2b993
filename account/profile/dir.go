package profile

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
)

// EnvProfile names the environment variable that chooses the profile
// directory when no --profile flag is given.
const EnvProfile = "WREN_PROFILE"

// Paths are the directories one profile uses: Config holds accounts.json,
// Data is for what grows (mail store, caches) and is created by its users.
type Paths struct {
	Config string
	Data   string
}

// Locate finds the profile directories: the explicit dir (the --profile
// flag) wins, then $WREN_PROFILE, then the XDG base directories. An explicit
// or $WREN_PROFILE directory keeps its data inside it, so one directory is
// the whole profile. getenv nil means os.Getenv. Nothing is created.
func Locate(dir string, getenv func(string) string) (Paths, error) {
	if getenv == nil {
		getenv = os.Getenv
	}
	if dir == "" {
		dir = getenv(EnvProfile)
	}
	if dir != "" {
		abs, err := filepath.Abs(dir)
		if err != nil {
			return Paths{}, fmt.Errorf("profile directory %q: %w", dir, err)
		}
		return Paths{Config: abs, Data: filepath.Join(abs, "data")}, nil
	}
	config, err := baseDir(getenv, "XDG_CONFIG_HOME", ".config")
	if err != nil {
		return Paths{}, err
	}
	data, err := baseDir(getenv, "XDG_DATA_HOME", filepath.Join(".local", "share"))
	if err != nil {
		return Paths{}, err
	}
	return Paths{Config: filepath.Join(config, "wren"), Data: filepath.Join(data, "wren")}, nil
}

// baseDir applies the XDG rule (an absolute $VAR, else $HOME/fallback)
// through getenv so tests need not touch the process environment. Systems
// without XDG use Go's own per-user directory.
func baseDir(getenv func(string) string, variable, fallback string) (string, error) {
	switch runtime.GOOS {
	case "windows", "darwin", "ios", "plan9":
		d, err := os.UserConfigDir()
		if err != nil {
			return "", fmt.Errorf("finding the profile directory: %w", err)
		}
		return d, nil
	}
	if v := getenv(variable); v != "" && filepath.IsAbs(v) {
		return v, nil
	}
	home := getenv("HOME")
	if home == "" || !filepath.IsAbs(home) {
		return "", errors.New("finding the profile directory: neither $" + variable + " nor $HOME is set; use --profile DIR")
	}
	return filepath.Join(home, fallback), nil
}
