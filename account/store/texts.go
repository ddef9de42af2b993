package store

import (
	"context"
	"database/sql"
	"fmt"
)

// UIDText is the decoded body text of a message of a folder, by UID.
type UIDText struct {
	UID  uint32
	Text string
}

// SaveTexts keeps the body texts of messages of a folder, in one
// transaction: each goes into the search index and is kept as the
// message's text part, which the message pane reads. UIDs the folder no
// longer holds are skipped.
//
// Only these rows are threaded and indexed by header first, if they were
// waiting: the rest of a sync's rows are caught up beside it, not in its
// path.
func (s *Store) SaveTexts(ctx context.Context, account, folder string, texts []UIDText) error {
	if len(texts) == 0 {
		return nil
	}
	return s.tx(ctx, func(tx *sql.Tx) error {
		fid, err := folderID(ctx, tx, account, folder)
		if err != nil {
			return err
		}
		uids := make([]uint32, len(texts))
		for i, t := range texts {
			uids[i] = t.UID
		}
		rows, err := tx.QueryContext(ctx, `SELECT uid, id FROM messages WHERE folder_id = ?
			AND uid IN (SELECT value FROM json_each(?))`, fid, uidsJSON(uids))
		if err != nil {
			return fmt.Errorf("store: texts: %w", err)
		}
		ids := map[uint32]int64{}
		for rows.Next() {
			var uid uint32
			var id int64
			if err := rows.Scan(&uid, &id); err != nil {
				rows.Close()
				return fmt.Errorf("store: texts: %w", err)
			}
			ids[uid] = id
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return fmt.Errorf("store: texts: %w", err)
		}
		bodies := make([]BodyText, 0, len(texts))
		for _, t := range texts {
			if id, ok := ids[t.UID]; ok {
				bodies = append(bodies, BodyText{ID: id, Text: t.Text})
			}
		}
		if err := indexBodies(ctx, tx, &s.bulk, bodies); err != nil {
			return err
		}
		for _, b := range bodies {
			p := Part{ID: "TEXT", ContentType: "text/plain; charset=utf-8", Size: int64(len(b.Text))}
			if err := s.putPart(ctx, tx, b.ID, p, []byte(b.Text)); err != nil {
				return err
			}
		}
		return s.evict(ctx, tx)
	})
}
