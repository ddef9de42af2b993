package ui

import (
	"context"
	"fmt"
	"time"

	"fyne.io/fyne/v2"
)

// Scenes are the demo's guided views, for a first look at what Wren does
// and for the README's screenshots (`wren --demo-scene=NAME`).
var Scenes = []string{"reader", "compose", "explain"}

// ShowScene drives demo window w to a scene, the way a person would:
// "reader" opens an HTML newsletter (remote content blocked), "compose" a
// reply with an attachment, "explain" the explanation of a failed login
// (the demo server's real refusal of a wrong password).
func ShowScene(w fyne.Window, name string) error {
	p := windows[w]
	if p == nil || !p.session.Demo {
		return fmt.Errorf("scene %q: not a demo window", name)
	}
	switch name {
	case "reader":
		p.view.OpenFirst("folder:Newsletters")
	case "compose":
		if p.composer == nil {
			return fmt.Errorf("scene %q: the window has no composer", name)
		}
		p.composer.DemoScene()
	case "explain":
		acct := p.session.Accounts()[0].Name
		go func() {
			ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
			defer cancel()
			err := p.session.DemoLoginFailure(ctx)
			fyne.Do(func() { p.view.ShowFailure(acct, err) })
		}()
	default:
		return fmt.Errorf("no scene %q (there are %v)", name, Scenes)
	}
	return nil
}
