package session

import (
	"context"
	"fmt"

	"wren/account"
	"wren/account/transfer"
	"wren/transport/imap"
)

// Import brings parts into folder of the account named acct: onto its
// server (IMAP, over a session of its own, then synced in) or into its
// local folder (POP3). Cancel ctx to stop; what was stored stays.
func (s *Session) Import(ctx context.Context, acct, folder string, parts []transfer.Part, onProgress func(transfer.Progress)) (transfer.Result, error) {
	a := s.account(acct)
	if a == nil {
		return transfer.Result{}, fmt.Errorf("%w: %s", account.ErrNoAccount, acct)
	}
	o := transfer.Options{OnProgress: onProgress}
	switch a.Incoming.Protocol {
	case account.POP3:
		return transfer.ImportParts(ctx, parts, folder, "/", func(name string) transfer.Dest {
			return transfer.Local{Store: s.Store, Account: a.Name, Folder: name}
		}, o)
	case account.IMAP:
		conn, err := logIn(ctx, s, a, imap.Dial)
		if err != nil {
			return transfer.Result{}, err
		}
		defer conn.Close()
		r, err := transfer.Upload(ctx, conn, parts, folder, o)
		_ = conn.Logout(context.WithoutCancel(ctx))
		if r.Imported > 0 {
			s.syncFolders(a.Name) // a full sync: the folder may be new
		}
		return r, err
	}
	return transfer.Result{}, fmt.Errorf("account %s has no incoming server", a.Name)
}

// Export writes folder of the account named acct to sink: from its server
// (IMAP) or its local folder (POP3), every message as it is kept.
func (s *Session) Export(ctx context.Context, acct, folder string, sink transfer.Sink, onProgress func(transfer.Progress)) (transfer.Result, error) {
	a := s.account(acct)
	if a == nil {
		return transfer.Result{}, fmt.Errorf("%w: %s", account.ErrNoAccount, acct)
	}
	switch a.Incoming.Protocol {
	case account.POP3:
		return transfer.ExportLocal(ctx, s.Store, a.Name, folder, sink)
	case account.IMAP:
		conn, err := logIn(ctx, s, a, imap.Dial)
		if err != nil {
			return transfer.Result{}, err
		}
		defer conn.Close()
		r, err := transfer.ExportIMAP(ctx, conn, folder, sink, onProgress)
		_ = conn.Logout(context.WithoutCancel(ctx))
		return r, err
	}
	return transfer.Result{}, fmt.Errorf("account %s has no incoming server", a.Name)
}
