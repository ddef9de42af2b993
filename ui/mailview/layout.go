package mailview

// Splits are the positions (0 to 1) of the two pane dividers: folders |
// rest, and list | reading pane.
func (v *View) Splits() (left, right float64) { return v.left.Offset, v.right.Offset }

// SetSplits moves the dividers; positions outside (0, 1) are ignored, so
// a damaged preference cannot hide a pane.
func (v *View) SetSplits(left, right float64) {
	if usable(left) {
		v.left.SetOffset(left)
	}
	if usable(right) {
		v.right.SetOffset(right)
	}
}

func usable(x float64) bool { return x >= 0.05 && x <= 0.95 }
