package transport

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"io"
	"net"
	"net/textproto"
	"os"
	"strings"
	"syscall"
)

// ErrUntrustedData marks bytes a server sent where none may come, such as
// plaintext between a STARTTLS reply and the TLS handshake.
var ErrUntrustedData = errors.New("server sent data before TLS was established")

// ErrPinMismatch marks a certificate whose key is not the one the user
// pinned and that does not verify either: the server's certificate changed.
var ErrPinMismatch = errors.New("certificate differs from the one you accepted")

// ErrTooLarge marks a server response or message beyond Wren's size bounds.
var ErrTooLarge = errors.New("response exceeds the size limit")

// Classify turns a network, TLS or context error into an *Error with the
// catalog code that fits, looking at types before text. An err that already
// is an *Error is returned as it is. Protocol-level replies (SMTP codes,
// IMAP NO/BAD, POP3 -ERR) are classified by the protocol packages, which
// fall back to this function.
func Classify(err error, p Protocol, server string, step Step) error {
	if err == nil {
		return nil
	}
	if te, ok := As(err); ok {
		if te.Protocol == "" {
			te.Protocol = p
		}
		if te.Server == "" {
			te.Server = server
		}
		return err
	}
	code := classifyNet(err, server, step)
	info, _ := Lookup(code)
	return &Error{Code: code, Protocol: p, Server: server, Step: step, Retry: info.Retry, Err: err}
}

func classifyNet(err error, server string, step Step) Code {
	var (
		dnsErr    *net.DNSError
		recErr    tls.RecordHeaderError
		verifyErr *tls.CertificateVerificationError
		hostErr   x509.HostnameError
		unkErr    x509.UnknownAuthorityError
		invErr    x509.CertificateInvalidError
		addrErr   *net.AddrError
		protoErr  textproto.ProtocolError
		netErr    net.Error
	)
	if step == StepTLS && (errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF) || errors.Is(err, syscall.ECONNRESET)) {
		// A server that hangs up in the middle of the handshake is a TLS
		// failure, not a network one: old or strict TLS stacks do so
		// when they share no version or cipher with the client.
		return CodeTLSVersion
	}
	switch {
	case errors.Is(err, ErrTooLarge):
		return CodeWrongProtocol
	case errors.Is(err, ErrUntrustedData):
		return CodeNoSTARTTLS
	case errors.Is(err, ErrPinMismatch):
		return CodeCertChanged
	case errors.As(err, &dnsErr):
		if dnsErr.IsNotFound {
			return CodeHostNotFound
		}
		return CodeDNSTemporary
	case errors.As(err, &addrErr):
		return CodeBadSettings
	case errors.As(err, &recErr):
		// A plaintext greeting where a TLS ServerHello was due.
		return CodeTLSToPlainPort
	case errors.As(err, &hostErr):
		return CodeCertWrongHost
	case errors.As(err, &unkErr):
		return CodeCertUnknownCA
	case errors.As(err, &invErr):
		if invErr.Reason == x509.Expired {
			if strings.Contains(invErr.Detail, "is before") {
				return CodeCertNotYetValid
			}
			return CodeCertExpired
		}
		return CodeCertUnknownCA
	case errors.As(err, &verifyErr):
		return CodeCertUnknownCA
	case errors.As(err, &protoErr):
		return CodeWrongProtocol
	case errors.Is(err, syscall.ECONNREFUSED):
		return CodeRefused
	case errors.Is(err, syscall.ENETUNREACH), errors.Is(err, syscall.EHOSTUNREACH):
		return CodeUnreachable
	case errors.Is(err, syscall.ECONNRESET):
		return CodeReset
	case errors.Is(err, syscall.EPIPE):
		return CodeBrokenPipe
	case errors.Is(err, syscall.ETIMEDOUT):
		return timeoutCode(server, step)
	case errors.Is(err, context.DeadlineExceeded), errors.Is(err, os.ErrDeadlineExceeded):
		return timeoutCode(server, step)
	case errors.As(err, &netErr) && netErr.Timeout():
		return timeoutCode(server, step)
	case errors.Is(err, io.EOF), errors.Is(err, io.ErrUnexpectedEOF), errors.Is(err, net.ErrClosed):
		return CodeClosed
	case errors.Is(err, context.Canceled):
		return CodeClosed
	}
	var opErr *net.OpError
	if errors.As(err, &opErr) && opErr.Op == "remote error" {
		msg := opErr.Err.Error()
		switch {
		case strings.Contains(msg, "certificate required"), strings.Contains(msg, "bad certificate"):
			return CodeClientCertRequired
		default:
			return CodeTLSVersion
		}
	}
	msg := err.Error()
	switch {
	case strings.Contains(msg, "unsupported protocol version"), strings.Contains(msg, "handshake failure"):
		return CodeTLSVersion
	case strings.Contains(msg, "i/o timeout"):
		// go-imap wraps timeouts with %v, losing the type (errors.md §2.2).
		return timeoutCode(server, step)
	case strings.Contains(msg, "connection closed before greeting"):
		return CodeClosed
	}
	return CodeClosed
}

// timeoutCode tells a connect timeout from a silent server, and recognises
// the classic mistake of a plaintext greeting awaited on an implicit-TLS
// port (TLS-02) or a blocked port 25 (NET-05).
func timeoutCode(server string, step Step) Code {
	_, port, _ := net.SplitHostPort(server)
	switch step {
	case StepConnect:
		if port == "25" {
			return CodePort25Blocked
		}
		return CodeConnectTimeout
	case StepGreeting:
		switch port {
		case "465", "993", "995":
			return CodePlainToTLSPort
		}
	}
	return CodeReadTimeout
}
