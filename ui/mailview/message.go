package mailview

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"strings"
	"time"

	"wren/account/store"
	"wren/transport/rfc822"
)

// maxBody bounds the body text shown when the whole message is not at hand.
const maxBody = 256 << 10

// MessageSnapshot is a message loaded for the reading pane.
type MessageSnapshot struct {
	Gen     uint64
	Message store.Message
	// Body is the cached plain-text body, or the snippet when none is cached.
	Body string
	Err  error
	// Msg and Raw are the whole message and its source, nil when only
	// Body is known.
	Msg *rfc822.Message
	Raw []byte
	// FetchErr says why the whole message could not be fetched.
	FetchErr error
}

// MessageFetcher gets a whole message (from the cache or the server) for
// the rich reader; the session implements it alongside TextFetcher. It
// blocks.
type MessageFetcher interface {
	FetchMessage(ctx context.Context, m store.Message) (*rfc822.Message, []byte, error)
}

// fetchTimeout bounds fetching one whole message.
const fetchTimeout = 2 * time.Minute

// TextFetcher gets a message's text from its server when the store has
// none cached (the session implements it; it blocks).
type TextFetcher interface {
	FetchText(ctx context.Context, m store.Message) (string, error)
}

// fetchMessage reads one message and its cached text, asking fetch (may
// be nil) for text the store does not have; it blocks.
func fetchMessage(ctx context.Context, st Store, fetch TextFetcher, gen uint64, id int64) MessageSnapshot {
	d, err := st.Message(ctx, id)
	if err != nil {
		return MessageSnapshot{Gen: gen, Err: fmt.Errorf("mailview: message %d: %w", id, err)}
	}
	s := MessageSnapshot{Gen: gen, Message: d.Message, Body: d.Snippet}
	if mf, ok := fetch.(MessageFetcher); ok {
		fctx, cancel := context.WithTimeout(ctx, fetchTimeout)
		m, raw, err := mf.FetchMessage(fctx, d.Message)
		cancel()
		if err == nil {
			s.Msg, s.Raw = m, raw
			return s
		}
		if ctx.Err() != nil {
			return s // the pane moved on; this result is dropped
		}
		// Offline or refused: the local text is shown with the
		// explanation, and asking the server again for text is pointless.
		logErr("fetching the message", err)
		s.FetchErr = err
		fetch = nil
	}
	for _, p := range d.Parts {
		if !p.Cached || !isPlainText(p) {
			continue
		}
		data, err := st.GetPart(ctx, id, p.ID)
		if errors.Is(err, store.ErrNotCached) || errors.Is(err, store.ErrNotFound) {
			continue // evicted meanwhile: the snippet stays
		}
		if err != nil {
			return MessageSnapshot{Gen: gen, Message: d.Message, Body: d.Snippet,
				Err: fmt.Errorf("mailview: body of %d: %w", id, err)}
		}
		if len(data) > maxBody {
			data = data[:maxBody]
		}
		s.Body = strings.ToValidUTF8(string(data), "\uFFFD")
		return s
	}
	if fetch != nil {
		text, err := fetch.FetchText(ctx, d.Message)
		if err != nil {
			// Offline or refused: the snippet stays; the status line
			// explains connection problems.
			logErr("fetching the text", err)
			return s
		}
		if text != "" {
			s.Body = strings.ToValidUTF8(truncate(text, maxBody), "\uFFFD")
		}
	}
	return s
}

func truncate(s string, n int) string {
	if len(s) > n {
		return s[:n]
	}
	return s
}

func isPlainText(p store.Part) bool {
	ct := strings.ToLower(strings.TrimSpace(p.ContentType))
	return ct == "text/plain" || strings.HasPrefix(ct, "text/plain;")
}

// logErr records a failed local read; the error texts of the store carry
// no message content.
func logErr(what string, err error) {
	slog.Warn("mailview: "+what+" failed", "err", err)
}
