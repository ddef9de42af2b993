package wizard

import (
	"errors"
	"slices"

	"wren/account"
	"wren/transport"
)

// passwordCodes are failures the password (or an app password in its
// place) fixes.
var passwordCodes = []transport.Code{
	transport.CodeIMAPAuthFailed, transport.CodeIMAPAppPassword, transport.CodeSMTPAuthFailed,
	transport.CodeSMTPAppPassword, transport.CodePOPAuthFailed,
}

// settingsCodes are failures of a host, port or security choice.
var settingsCodes = []transport.Code{
	transport.CodeHostNotFound, transport.CodeRefused, transport.CodeConnectTimeout, transport.CodeUnreachable,
	transport.CodeBadSettings, transport.CodeWrongProtocol, transport.CodeTLSToPlainPort, transport.CodePlainToTLSPort,
	transport.CodeCertWrongHost, transport.CodeNoSTARTTLS, transport.CodePort25Blocked,
}

// fixFor names what the user should correct after err.
func fixFor(err error) Fix {
	code := transport.CodeOf(err)
	switch {
	case err == nil:
		return FixNone
	case slices.Contains(passwordCodes, code):
		return FixPassword
	case slices.Contains(settingsCodes, code),
		errors.Is(err, account.ErrPlaintext), errors.Is(err, account.ErrNotFound), errors.Is(err, account.ErrUnsupportedAuth):
		return FixSettings
	}
	return FixNone
}
