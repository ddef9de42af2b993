package reader

import (
	"bytes"
	"image"
	// Decoders for the inline pictures mail carries.
	_ "image/gif"
	_ "image/jpeg"
	_ "image/png"

	"wren/account/render"
	"wren/account/store"
	"wren/transport/rfc822"
)

// maxPixels bounds the size of a picture decoded for the pane, so that a
// tiny file claiming a huge image cannot exhaust memory.
const maxPixels = 4096 * 4096

// Input is one message as the pane's loader found it.
type Input struct {
	// Row is the store's header row; it is always set.
	Row store.Message
	// Msg is the whole parsed message, nil when only Text is known.
	Msg *rfc822.Message
	// Raw is the message source for "View source" (nil without Msg).
	Raw []byte
	// Text is shown, as plain paragraphs, when Msg is nil: the cached text
	// or the snippet.
	Text string
	// Err says why the whole message could not be fetched.
	Err error
}

// Prepared is an Input with everything the pane shows computed: build it
// off the UI goroutine with Prepare.
type Prepared struct {
	Input
	Doc    *render.Document // nil without Msg
	Remote bool             // Doc was rendered with remote content allowed
	Sender []render.SenderWarning
	Auth   []render.AuthResult
	// Images are the decoded cid: pictures by Content-ID.
	Images map[string]image.Image
}

// Prepare renders in for the pane; remote says whether remote content may
// load. It blocks (HTML conversion, picture decoding).
func Prepare(in Input, remote bool) *Prepared {
	p := &Prepared{Input: in, Remote: remote}
	if in.Msg == nil {
		return p
	}
	p.Doc = render.FromMessage(in.Msg, render.Options{AllowRemote: remote})
	p.Sender = render.CheckSender(in.Msg)
	p.Auth = render.AuthResults(in.Msg.Header)
	p.Images = map[string]image.Image{}
	for _, b := range p.Doc.Blocks {
		if b.Kind != render.Image || b.CID == "" {
			continue
		}
		if _, done := p.Images[b.CID]; done {
			continue
		}
		if a := render.InlineImage(in.Msg, b.CID); a != nil {
			if img, ok := decodeImage(a.Data); ok {
				p.Images[b.CID] = img
			}
		}
	}
	return p
}

// decodeImage decodes a picture unless it claims more than maxPixels.
func decodeImage(data []byte) (image.Image, bool) {
	cfg, _, err := image.DecodeConfig(bytes.NewReader(data))
	if err != nil || cfg.Width <= 0 || cfg.Height <= 0 || cfg.Width > 1<<14 || cfg.Height > 1<<14 || cfg.Width*cfg.Height > maxPixels {
		return nil, false
	}
	img, _, err := image.Decode(bytes.NewReader(data))
	return img, err == nil
}
