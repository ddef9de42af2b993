package profile

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"strings"

	"wren/account"
)

// FileVersion is the accounts.json format this Wren writes. A file with a
// higher version is left alone (account.ErrProfileTooNew).
const FileVersion = 1

// maxFileSize bounds what is read: an account file is a few KiB, so
// anything this large is not one.
const maxFileSize = 4 << 20

// fileName is the account file inside the profile directory.
const fileName = "accounts.json"

type fileV1 struct {
	Version  int               `json:"version"`
	Accounts []account.Account `json:"accounts"`
}

// readFile loads the account file at path. A missing file is an empty
// profile; a damaged or newer one is an error that names the path.
func readFile(path string) ([]account.Account, error) {
	f, err := os.Open(path)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("reading the account file %s: %w", path, err)
	}
	defer f.Close()
	data, err := io.ReadAll(io.LimitReader(f, maxFileSize+1))
	if err != nil {
		return nil, fmt.Errorf("reading the account file %s: %w", path, err)
	}
	if len(data) > maxFileSize {
		return nil, fmt.Errorf("%w: %s is larger than %d bytes", account.ErrProfileCorrupt, path, maxFileSize)
	}
	accts, err := decode(data)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return accts, nil
}

// decode parses the file's bytes; errors wrap ErrProfileCorrupt or
// ErrProfileTooNew.
func decode(data []byte) ([]account.Account, error) {
	// The version is read first, on its own, so a newer file whose
	// accounts no longer fit this struct still reports "too new".
	var head struct {
		Version *int `json:"version"`
	}
	if err := strictUnmarshal(data, &head); err != nil {
		return nil, fmt.Errorf("%w: %w", account.ErrProfileCorrupt, err)
	}
	switch {
	case head.Version == nil:
		return nil, fmt.Errorf("%w: no \"version\"", account.ErrProfileCorrupt)
	case *head.Version > FileVersion:
		return nil, fmt.Errorf("%w: version %d, this Wren reads up to %d", account.ErrProfileTooNew, *head.Version, FileVersion)
	case *head.Version < 1:
		return nil, fmt.Errorf("%w: unknown version %d", account.ErrProfileCorrupt, *head.Version)
	}
	var f fileV1
	if err := strictUnmarshal(data, &f); err != nil {
		return nil, fmt.Errorf("%w: %w", account.ErrProfileCorrupt, err)
	}
	if err := validate(f.Accounts); err != nil {
		return nil, fmt.Errorf("%w: %w", account.ErrProfileCorrupt, err)
	}
	return f.Accounts, nil
}

// strictUnmarshal is json.Unmarshal that also refuses trailing data, so a
// file with two objects glued together counts as damaged.
func strictUnmarshal(data []byte, v any) error {
	dec := json.NewDecoder(bytes.NewReader(data))
	if err := dec.Decode(v); err != nil {
		return err
	}
	if _, err := dec.Token(); !errors.Is(err, io.EOF) {
		return errors.New("unexpected data after the JSON object")
	}
	return nil
}

// validate checks what the file must hold for the rest of Wren to work:
// every account named, names unique ignoring case (SecretKey lowercases
// them, so "Work" and "work" would share keyring entries).
func validate(accts []account.Account) error {
	seen := make(map[string]bool, len(accts))
	for i, a := range accts {
		if err := checkName(a.Name); err != nil {
			return fmt.Errorf("account %d: %w", i+1, err)
		}
		k := strings.ToLower(a.Name)
		if seen[k] {
			return fmt.Errorf("account name %q appears twice", a.Name)
		}
		seen[k] = true
	}
	return nil
}

// encode renders the file; the trailing newline keeps it friendly to
// people who look at it.
func encode(accts []account.Account) ([]byte, error) {
	if accts == nil {
		accts = []account.Account{}
	}
	b, err := json.MarshalIndent(fileV1{Version: FileVersion, Accounts: accts}, "", "  ")
	if err != nil {
		return nil, fmt.Errorf("encoding the account file: %w", err)
	}
	return append(b, '\n'), nil
}
