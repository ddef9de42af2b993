package pop3sync

import "context"

// saver runs one store write at a time beside the download: the server
// and the disk work at the same time, and at most two batches are held.
type saver struct {
	save    func(ctx context.Context, ds []Download) error
	pending chan error
	n       int // size of the batch in flight
	done    int // messages saved so far
}

// start waits for the write in flight, then starts saving batch.
func (s *saver) start(ctx context.Context, batch []Download) error {
	if err := s.wait(); err != nil {
		return err
	}
	if len(batch) == 0 {
		return nil
	}
	s.pending, s.n = make(chan error, 1), len(batch)
	go func() { s.pending <- s.save(ctx, batch) }()
	return nil
}

// wait waits for the write in flight, if any.
func (s *saver) wait() error {
	if s.pending == nil {
		return nil
	}
	err := <-s.pending
	s.pending = nil
	if err != nil {
		return err
	}
	s.done += s.n
	return nil
}
