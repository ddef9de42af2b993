package reader

import (
	"context"
	"errors"
	"fmt"
	"image"
	"io"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/widget"

	"wren/account/settings"
)

const (
	// remoteTimeout bounds one remote picture's whole fetch.
	remoteTimeout = 15 * time.Second
	// maxRemoteBytes bounds one remote picture.
	maxRemoteBytes = 5 << 20
	// maxRemoteImages bounds how many pictures one message fetches.
	maxRemoteImages = 50
)

// remoteAllowed: the user allowed remote content for this message (this
// run) or for its sender (in the settings, or in memory without them).
func (r *Reader) remoteAllowed(p *Prepared) bool {
	if r.deps.RemoteOff != "" {
		return false
	}
	if r.allowOnce[p.Row.ID] && p.Row.ID != 0 {
		return true
	}
	addr := senderAddr(p)
	if addr == "" {
		return false
	}
	if r.deps.Settings != nil && r.deps.Settings.Get().RemoteAllowed(addr) {
		return true
	}
	r.memMu.Lock()
	defer r.memMu.Unlock()
	return r.senders[addr]
}

// loadRemoteOnce shows this message's remote content.
func (r *Reader) loadRemoteOnce() {
	if r.cur == nil || r.deps.RemoteOff != "" {
		return
	}
	r.allowOnce[r.cur.Row.ID] = true
	r.rerender(true)
}

// loadRemoteAlways shows it now and for every later message from this
// sender: kept in the settings (which then load remote content for the
// listed senders), else for this run only.
func (r *Reader) loadRemoteAlways() {
	if r.cur == nil || r.deps.RemoteOff != "" {
		return
	}
	addr := senderAddr(r.cur)
	if addr == "" {
		return
	}
	r.allowOnce[r.cur.Row.ID] = true
	r.memMu.Lock()
	r.senders[addr] = true
	r.memMu.Unlock()
	if s := r.deps.Settings; s != nil {
		r.deps.Spawn(func() {
			cur := s.Get()
			if !slices.ContainsFunc(cur.AllowedSenders, func(a string) bool { return strings.EqualFold(a, addr) }) {
				cur.AllowedSenders = append(cur.AllowedSenders, addr)
			}
			cur.RemoteContent = settings.RemoteSenders
			if err := s.Save(cur); err != nil {
				logWarn("keeping the allowed sender", err)
			}
		})
	}
	r.rerender(true)
}

// rerender renders the current message again off the UI goroutine.
func (r *Reader) rerender(remote bool) {
	p, gen := r.cur, r.gen
	if p == nil || p.Msg == nil {
		return
	}
	r.deps.Spawn(func() {
		np := Prepare(p.Input, remote)
		fyne.Do(func() {
			if gen == r.gen {
				r.display(np)
			}
		})
	})
}

// fetchRemoteImages loads the pictures of an allowed message, each in the
// background; a result replaces its segment unless the pane moved on.
// A picture that could not be loaded is counted in the trust line.
func (r *Reader) fetchRemoteImages(segs []*imageSegment) {
	if r.deps.RemoteOff != "" {
		return
	}
	gen, client := r.gen, r.deps.HTTP
	r.remoteFailed = 0
	n := 0
	for _, s := range segs {
		if s.src == "" || s.img != nil || n >= maxRemoteImages {
			continue
		}
		n++
		s := s
		r.deps.Spawn(func() {
			ctx, cancel := context.WithTimeout(context.Background(), remoteTimeout)
			defer cancel()
			img, err := fetchImage(ctx, client, s.src)
			if err != nil {
				logWarn("loading a remote picture", err)
				fyne.Do(func() {
					if gen == r.gen {
						r.remoteFailed++
						r.Remote.SetText(failedWords(r.remoteFailed))
						r.Remote.Show()
					}
				})
				return
			}
			fyne.Do(func() {
				if gen != r.gen {
					return
				}
				i := slices.IndexFunc(r.Body.Segments, func(x widget.RichTextSegment) bool { return x == widget.RichTextSegment(s) })
				if i < 0 {
					return
				}
				r.Body.Segments[i] = &imageSegment{alt: s.alt, src: s.src, cid: s.cid, img: img}
				r.Body.Refresh()
			})
		})
	}
}

var errNotPicture = errors.New("not a picture Wren shows")

// fetchImage gets one picture over http or https, bounded in time and
// size.
func fetchImage(ctx context.Context, c *http.Client, src string) (image.Image, error) {
	u, err := url.Parse(src)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return nil, fmt.Errorf("remote picture: %w", errNotPicture)
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, u.String(), nil)
	if err != nil {
		return nil, fmt.Errorf("remote picture: %w", err)
	}
	resp, err := c.Do(req)
	if err != nil {
		return nil, fmt.Errorf("remote picture: %w", err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return nil, fmt.Errorf("remote picture: status %d: %w", resp.StatusCode, errNotPicture)
	}
	data, err := io.ReadAll(io.LimitReader(resp.Body, maxRemoteBytes+1))
	if err != nil {
		return nil, fmt.Errorf("remote picture: %w", err)
	}
	if len(data) > maxRemoteBytes {
		return nil, fmt.Errorf("remote picture larger than %d bytes: %w", maxRemoteBytes, errNotPicture)
	}
	img, ok := decodeImage(data)
	if !ok {
		return nil, fmt.Errorf("remote picture: %w", errNotPicture)
	}
	return img, nil
}

// failedWords says how many remote pictures did not load.
func failedWords(n int) string {
	return fmt.Sprintf("Remote content is shown for this message, but %d %s could not be loaded (the server did not answer or sent no picture).",
		n, pick(n == 1, "picture", "pictures"))
}
