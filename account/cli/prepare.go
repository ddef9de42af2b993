package cli

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
	"strings"
	"time"

	"wren/transport"
	"wren/transport/rfc822"
)

// maxHeader bounds the header block of a message given to `wren send`.
const maxHeader = 1 << 20

// errNoHeaderEnd: the header block runs past maxHeader.
var errNoHeaderEnd = errors.New("the message's header is longer than 1 MiB")

// readHeader reads the header block from br, through the empty line that
// ends it (or to the end of a message without a body).
func readHeader(br *bufio.Reader) ([]byte, error) {
	var head []byte
	lineStart := 0
	for {
		chunk, err := br.ReadSlice('\n')
		if len(head)+len(chunk) > maxHeader {
			return nil, errNoHeaderEnd
		}
		head = append(head, chunk...)
		switch err {
		case bufio.ErrBufferFull:
			continue // the same line goes on
		case io.EOF:
			return head, nil
		case nil:
		default:
			return nil, err
		}
		if len(bytes.TrimRight(head[lineStart:], "\r\n")) == 0 {
			return head, nil
		}
		lineStart = len(head)
	}
}

// prepareHeader readies a message's header for submission: Bcc is removed
// (its addresses stay in the envelope), and a missing Message-ID or Date
// is added, so the outbox and the Sent copy can name the message. It
// returns the header, still ending with its empty line, and the
// Message-ID.
func prepareHeader(head []byte, msg *rfc822.Message, from string) ([]byte, string) {
	var out bytes.Buffer
	id := msg.MessageID
	if id == "" {
		id = rfc822.NewMessageID(from)
		out.WriteString("Message-ID: <" + id + ">\r\n")
	}
	if msg.Date.IsZero() {
		out.WriteString("Date: " + time.Now().Format(time.RFC1123Z) + "\r\n")
	}
	skipping := false
	for _, line := range splitLines(head) {
		if len(line) > 0 && (line[0] == ' ' || line[0] == '\t') {
			if !skipping {
				out.Write(line)
			}
			continue
		}
		name, _, _ := bytes.Cut(line, []byte(":"))
		skipping = strings.EqualFold(strings.TrimSpace(string(name)), "bcc")
		if !skipping {
			out.Write(line)
		}
	}
	return out.Bytes(), id
}

// copyBody copies the rest of the message after its header, failing with
// the too-large explanation once the whole would pass limit bytes.
func copyBody(w io.Writer, body io.Reader, headLen, limit int64) error {
	n, err := io.Copy(w, io.LimitReader(body, limit-headLen+1))
	if err != nil {
		return err
	}
	if headLen+n > limit {
		return tooLarge(limit)
	}
	return nil
}

func tooLarge(limit int64) error {
	return &transport.Error{Code: transport.CodeMessageTooBig, Protocol: transport.ProtoSMTP, Step: transport.StepPrecheck,
		ServerText: fmt.Sprintf("SIZE %d", limit), Retry: transport.RetryNo,
		Err: fmt.Errorf("the message is larger than Wren sends (%d MiB)", limit>>20)}
}

// splitLines keeps each line's ending.
func splitLines(b []byte) [][]byte {
	var out [][]byte
	for len(b) > 0 {
		i := bytes.IndexByte(b, '\n')
		if i < 0 {
			out = append(out, b)
			break
		}
		out = append(out, b[:i+1])
		b = b[i+1:]
	}
	return out
}
