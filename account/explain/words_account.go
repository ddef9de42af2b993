package explain

import (
	"context"
	"io/fs"

	"wren/account"
)

// Codes of failures that are not the transport's. Like the catalog codes
// they are stable: users quote them, so they are never renumbered.
const (
	CodeUnknown  = "APP-00" // an error Wren has no words for
	CodeCanceled = "APP-01" // the user stopped the operation
	CodeDeadline = "APP-02" // the operation ran out of time
	CodeDiskFull = "APP-03" // no room left on the disk

	CodeSettingsNotFound = "ACCT-01"
	CodeOffline          = "ACCT-02"
	CodeNeedsOAuth       = "ACCT-03"
	CodeNeedsConfirm     = "ACCT-04"
	CodeUnsupportedAuth  = "ACCT-05"
	CodeBadAddress       = "ACCT-06"
	CodePlaintext        = "ACCT-07"

	CodeKeyringUnavailable = "KEY-01"
	CodeKeyringLocked      = "KEY-02"
	CodeKeyringTimeout     = "KEY-03"
	CodeNoPassword         = "KEY-04"

	CodeFileExists  = "FILE-01"
	CodeFileMissing = "FILE-02"
	CodeFileDenied  = "FILE-03"
	CodeFileDamaged = "FILE-04"
	CodeNotWhole    = "FILE-05"

	CodeProfileCorrupt = "PROF-01"
	CodeProfileTooNew  = "PROF-02"
	CodeAccountExists  = "PROF-03"
	CodeNoAccount      = "PROF-04"
)

// sentinel is the explanation of one error matched with errors.Is.
type sentinel struct {
	err   error
	code  string
	retry Retry
	words
}

// sentinels are tried in order; the first match wins.
var sentinels = []sentinel{
	{account.ErrDiskFull, CodeDiskFull, RetryNo, words{
		"The disk is full",
		"Wren could not save {path?to %|its data}: the disk has no room left{need? (it needed about % more)|}.",
		"Make room on the disk{path? that holds %|} (empty the trash, remove large files), then try again.",
	}},
	{account.ErrFileExists, CodeFileExists, RetryNo, words{
		"The file exists already",
		"Wren does not write over a file that is there{path?: %|}.",
		"Give a new file name, or move the old file away first.",
	}},
	{account.ErrDamagedFile, CodeFileDamaged, RetryNo, words{
		"The mail file is damaged",
		"Wren could read the file only up to a damaged place{path? in %|}. The messages before it are kept.",
		"If the file came from another program, export it from there again; an mbox from Thunderbird imports best as \"mboxo\".",
	}},
	{account.ErrNotWhole, CodeNotWhole, RetryNo, words{
		"Some messages are not complete yet",
		"Some messages of this folder are known only by their header: their download has not finished. They were left out; the others were written.",
		"Get mail, wait until it finishes, then export again.",
	}},
	{account.ErrOffline, CodeOffline, RetryAuto, words{
		"No network connection",
		"This computer seems to be offline: no server name can be looked up.",
		"Connect to the internet (or to the VPN); Wren will try again when the network is back.",
	}},
	{account.ErrNotFound, CodeSettingsNotFound, RetryNo, words{
		"Server settings not found",
		"Wren could not find the server settings for this address automatically.",
		"Enter the server settings by hand; {provider}'s help pages list them.",
	}},
	{account.ErrNeedsOAuth, CodeNeedsOAuth, RetryNo, words{
		"Browser sign-in required",
		"{provider} lets mail programs sign in only through its own web page (OAuth), so no password can be used.",
		oauthFixUnknown,
	}},
	{account.ErrNeedsConfirmation, CodeNeedsConfirm, RetryNo, words{
		"Please confirm the server",
		"The server Wren found is not part of your address's domain, or came from a source that cannot be fully trusted. Wren sends your password there only once you confirm it.",
		"Check that the server name belongs to {provider}, then confirm it, or enter the settings by hand.",
	}},
	{account.ErrUnsupportedAuth, CodeUnsupportedAuth, RetryNo, words{
		"Server needs a login method Wren lacks",
		"The server offers no login method Wren supports (only a password login over an encrypted connection is supported).",
		"Check whether {provider} offers app passwords or another server for mail programs.",
	}},
	{account.ErrBadAddress, CodeBadAddress, RetryNo, words{
		"Not a usable email address",
		"The address is not a complete email address, or it cannot be set up automatically (an IP address after the @, for example).",
		"Check the address: a name, an @, then a domain such as example.com. Or enter the server settings by hand.",
	}},
	{account.ErrPlaintext, CodePlaintext, RetryNo, words{
		"Unencrypted connection not allowed",
		"These settings would connect without encryption, so the password and mail could be read on the way. Wren does not do that unless you explicitly allow it.",
		"Choose SSL/TLS or STARTTLS for this server.",
	}},

	{account.ErrKeyringUnavailable, CodeKeyringUnavailable, RetryNo, words{
		"Password storage not available",
		"Wren keeps passwords only in the system's password storage (the keyring), and none is answering on this computer.",
		"Install or start a keyring such as GNOME Keyring, KWallet or KeePassXC with its Secret Service, then try again.",
	}},
	{account.ErrKeyringLocked, CodeKeyringLocked, RetryNo, words{
		"Password storage is locked",
		"The keyring holding your passwords is locked, or the request to unlock it was dismissed.",
		"Unlock the keyring when asked (usually with the password you log in to the computer with), then try again.",
	}},
	{account.ErrKeyringTimeout, CodeKeyringTimeout, RetryNo, words{
		"Password storage did not answer",
		"The keyring did not answer in time; often its unlock window is waiting unseen behind other windows.",
		"Look for an unlock window and answer it, then try again.",
	}},
	{account.ErrNoPassword, CodeNoPassword, RetryNo, words{
		"No saved password",
		"There is no saved password for this server in the keyring; it may have been removed, or the keyring was replaced.",
		"Enter the password for this account again.",
	}},

	{account.ErrProfileCorrupt, CodeProfileCorrupt, RetryNo, words{
		"Account file is damaged",
		"Wren cannot read the file that holds the account settings. It is left as it is, so nothing in it is lost.",
		"Restore the file from a backup, or remove the account and add it again.",
	}},
	{account.ErrProfileTooNew, CodeProfileTooNew, RetryNo, words{
		"Account file from a newer Wren",
		"The account settings were saved by a newer version of Wren, which this version cannot read. The file is left unchanged.",
		"Update Wren to the newest version.",
	}},
	{account.ErrAccountExists, CodeAccountExists, RetryNo, words{
		"Account already exists",
		"An account with this name is already set up in Wren.",
		"Choose another name for the new account, or change the existing one.",
	}},
	{account.ErrNoAccount, CodeNoAccount, RetryNo, words{
		"No such account",
		"Wren has no account with this name.",
		"Check the name against the list of accounts.",
	}},
	// Last: a file the user named (an import, an export's folder).
	{fs.ErrNotExist, CodeFileMissing, RetryNo, words{
		"File or folder not found",
		"Wren found nothing{path? at %| at the place given}.",
		"Check the name and the folder it is in, then try again.",
	}},
	{fs.ErrPermission, CodeFileDenied, RetryNo, words{
		"No permission for this file",
		"This computer does not let Wren read or write{path? %| the file or folder given}.",
		"Choose a file or folder that belongs to you, or change its permissions.",
	}},
}

var (
	canceledWords = words{
		"Stopped",
		"The operation was stopped before it finished.",
		"Start it again when you are ready.",
	}
	deadlineWords = words{
		"Took too long",
		"The operation did not finish in the time allowed, so Wren stopped it.",
		"Try again; if it keeps timing out, check the internet connection.",
	}
	unknownWords = words{
		"Something went wrong",
		"Wren ran into a problem it cannot describe more precisely.",
		"Try again. If it keeps happening, copy the details and report the problem.",
	}
)

// contextSentinels are the context package's errors, for operations that
// ended before any transport error.
var contextSentinels = []sentinel{
	{context.Canceled, CodeCanceled, RetryNo, canceledWords},
	{context.DeadlineExceeded, CodeDeadline, RetryLater, deadlineWords},
}
