package wizard

import (
	"context"

	"wren/account/discover"
	"wren/account/setup"
)

type phase int

const (
	phaseDiscover phase = iota
	phaseVerify
)

// start runs the engine on a goroutine; the lock is held. A newer run or a
// Cancel bumps gen, and the old run's report is then dropped.
func (w *Wizard) start(req setup.Request, p phase) {
	w.stopRun()
	gen := w.gen
	ctx, cancel := context.WithTimeout(w.base, w.d.RunTimeout)
	w.cancel = cancel
	if p == phaseDiscover {
		timer := w.d.After(w.d.ManualAfter)
		w.wg.Add(1)
		go func() {
			defer w.wg.Done()
			select {
			case <-timer:
				w.offerManual(gen)
			case <-ctx.Done():
			}
		}()
	}
	w.wg.Add(1)
	go func() {
		defer w.wg.Done()
		defer cancel()
		rep := w.d.Run(ctx, req, func(e discover.Event) { w.progress(gen, e) })
		if rep == nil {
			rep = &setup.Report{Errors: []error{context.Cause(ctx)}}
		}
		w.finished(gen, p, rep)
	}()
}

// stopRun cancels the current run and makes its results stale; the lock
// is held.
func (w *Wizard) stopRun() {
	w.gen++
	if w.cancel != nil {
		w.cancel()
		w.cancel = nil
	}
}

func (w *Wizard) current(gen uint64) bool {
	w.mu.Lock()
	defer w.mu.Unlock()
	return gen == w.gen
}

// progress turns a discovery event into a progress row.
func (w *Wizard) progress(gen uint64, e discover.Event) {
	if !w.current(gen) {
		return
	}
	w.update(func() {
		if gen != w.gen {
			return
		}
		status := RowRunning
		if e.Kind == discover.Finished {
			status = RowNothing
			if e.Found {
				status = RowFound
			}
		}
		for i := range w.st.Sources {
			if w.st.Sources[i].Source == e.Source {
				w.st.Sources[i].Status = status
				return
			}
		}
		w.st.Sources = append(w.st.Sources, SourceRow{Source: e.Source, Status: status})
	})
}

func (w *Wizard) offerManual(gen uint64) {
	if !w.current(gen) {
		return
	}
	w.update(func() {
		if gen == w.gen && w.st.Step == StepDiscovering {
			w.st.ManualOffered = true
		}
	})
}

func (w *Wizard) finished(gen uint64, p phase, rep *setup.Report) {
	if !w.current(gen) {
		return
	}
	w.update(func() {
		if gen != w.gen {
			return
		}
		w.cancel = nil
		if p == phaseDiscover {
			w.discovered(rep)
		} else {
			w.verified(rep)
		}
	})
}
