package setup

import (
	"context"
	"slices"

	"wren/account"
	"wren/account/discover"
	"wren/account/verify"
	"wren/transport"
)

// pick chooses the server of one side from a discovery result. The
// winning source's first candidate is the choice, except for SRV records
// (RFC 2782, 6186): their targets are probed in priority order and the
// first that answers wins, so a refusing first target falls back to the
// next before the source is left. A side without candidates takes the
// guessed server whose failure tells the most, so the report names the
// host that answered badly instead of "not found".
func pick(ctx context.Context, opts transport.Options, res *discover.Result, side sideOf, fl *failures) *Choice {
	cands := res.Outgoing
	if side == sideIn {
		cands = res.Incoming
	}
	if len(cands) == 0 {
		return fromFailures(res, side, fl)
	}
	n := 1
	for n < len(cands) && cands[n].Server.Source == cands[0].Server.Source {
		n++
	}
	if cands[0].Server.Source != account.SourceSRV || n == 1 {
		return chosen(cands[0])
	}
	for i, c := range cands[:n] {
		if _, err := verify.Probe(ctx, c.Server, opts); err != nil {
			fl.add(side, i, err)
			continue
		}
		return chosen(c)
	}
	return chosen(cands[0])
}

// fromFailures records the side's failed guesses and chooses the server
// of the most telling one (nil when none was tried).
func fromFailures(res *discover.Result, side sideOf, fl *failures) *Choice {
	var mine failures
	var tried []discover.Failure
	for _, f := range res.Failed {
		if f.Incoming == (side == sideIn) {
			mine.add(side, len(tried), f.Err)
			tried = append(tried, f)
		}
	}
	if len(mine) == 0 {
		return nil
	}
	*fl = append(*fl, mine...)
	best := mine[0]
	for _, x := range mine[1:] {
		if better(x, best) {
			best = x
		}
	}
	f := tried[best.order]
	return &Choice{Server: f.Server, Usernames: slices.Clone(f.Usernames), Tier: discover.T1}
}
