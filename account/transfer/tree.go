package transfer

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"wren/account/mailfile"
)

// Part is one source of an import and the folder it goes to, below the
// folder the user named: Sub is nil for the folder itself, ["Sent"] or
// ["Work", "2019"] for the folders of a mail program's tree.
type Part struct {
	Sub    []string
	Source Source
}

// notMail are the files beside a mail program's mbox files that are not
// mail (Thunderbird's indexes and settings).
var notMail = []string{".msf", ".dat", ".json", ".sqlite", ".html", ".htm", ".txt", ".log", ".bak", ".js"}

// Parts reads path as the user named it: a folder of .eml files, one .eml
// file, an mbox in format f, or a mail program's folder tree (a
// Thunderbird profile's "Mail/Local Folders": an mbox file per folder,
// without extension, sub-folders in "<name>.sbd"), each mbox a folder of
// its own. It looks at the disk: call it off the UI goroutine.
func Parts(path string, f mailfile.Format, onBytes func(read, total int64)) ([]Part, error) {
	fi, err := os.Stat(path)
	switch {
	case err != nil:
		return nil, err
	case !fi.IsDir() && strings.EqualFold(filepath.Ext(path), ".eml"):
		return []Part{{Source: EMLFile(path)}}, nil
	case !fi.IsDir():
		return []Part{{Source: MboxFile(path, f, onBytes)}}, nil
	}
	emls, _ := filepath.Glob(filepath.Join(path, "*.[eE][mM][lL]"))
	if len(emls) > 0 {
		return []Part{{Source: EMLDir(path)}}, nil
	}
	var parts []Part
	if err := tree(path, nil, f, &parts); err != nil {
		return nil, err
	}
	if len(parts) == 0 {
		return nil, fmt.Errorf("%s holds no .eml files and no mbox files: %w", path, os.ErrNotExist)
	}
	return parts, nil
}

// tree adds the mbox files of dir (and of its .sbd folders) to parts.
func tree(dir string, sub []string, f mailfile.Format, parts *[]Part) error {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return err
	}
	for _, e := range entries {
		name := e.Name()
		path := filepath.Join(dir, name)
		switch {
		case e.IsDir() && strings.HasSuffix(name, ".sbd"):
			if err := tree(path, append(slices.Clone(sub), strings.TrimSuffix(name, ".sbd")), f, parts); err != nil {
				return err
			}
		case e.Type().IsRegular() && !strings.HasPrefix(name, ".") && !slices.Contains(notMail, strings.ToLower(filepath.Ext(name))):
			if ok, err := startsWithFrom(path); err != nil || !ok {
				continue // not an mbox (or empty): nothing to import
			}
			*parts = append(*parts, Part{Sub: append(slices.Clone(sub), name), Source: MboxFile(path, f, nil)})
		}
	}
	return nil
}

// startsWithFrom says whether the file at path begins like an mbox.
func startsWithFrom(path string) (bool, error) {
	fh, err := os.Open(path)
	if err != nil {
		return false, err
	}
	defer fh.Close()
	head := make([]byte, 5)
	if _, err := io.ReadFull(fh, head); err != nil {
		return false, nil
	}
	return string(head) == "From ", nil
}

// ImportParts imports each part into its folder: folder itself, or below
// it joined by delim (the server's hierarchy delimiter; "/" locally).
// destFor gives the destination of a folder. It goes on after a part
// that fails and returns every failure joined, with the counts of all.
func ImportParts(ctx context.Context, parts []Part, folder string, delim string, destFor func(folder string) Dest, o Options) (Result, error) {
	var all Result
	var errs []error
	for _, p := range parts {
		name := strings.Join(append([]string{folder}, p.Sub...), delim)
		po := o
		if o.OnProgress != nil {
			// The counts so far, all parts together.
			before := all.Progress
			po.OnProgress = func(c Progress) {
				o.OnProgress(Progress{Read: before.Read + c.Read, Imported: before.Imported + c.Imported,
					Duplicates: before.Duplicates + c.Duplicates, Damaged: before.Damaged + c.Damaged})
			}
		}
		r, err := Import(ctx, p.Source, destFor(name), po)
		all.Read += r.Read
		all.Imported += r.Imported
		all.Duplicates += r.Duplicates
		all.Damaged += r.Damaged
		all.Damage = append(all.Damage, r.Damage...)
		all.Seconds += r.Seconds
		if err != nil {
			errs = append(errs, fmt.Errorf("%s: %w", name, err))
			if ctx.Err() != nil {
				break
			}
		}
	}
	return all, errors.Join(errs...)
}
