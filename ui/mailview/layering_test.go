package mailview

import (
	"go/parser"
	"go/token"
	"strconv"
	"strings"
	"testing"
)

// The view-model files must stay free of Fyne so that they can move to
// account/session unchanged.
func TestViewModelFilesFyneFree(t *testing.T) {
	for _, name := range []string{"model.go", "store.go", "folders.go", "message.go", "words.go", "act.go"} {
		f, err := parser.ParseFile(token.NewFileSet(), name, nil, parser.ImportsOnly)
		if err != nil {
			t.Fatalf("parse %s: %v", name, err)
		}
		for _, im := range f.Imports {
			p, _ := strconv.Unquote(im.Path.Value)
			if strings.HasPrefix(p, "fyne.io/") || strings.HasPrefix(p, "wren/ui") {
				t.Errorf("%s imports %s", name, p)
			}
		}
	}
}
