package render

import (
	"strings"
	"unicode/utf8"

	"golang.org/x/net/html"
)

// table tracks an open <table>. Its cells are written as paragraphs as they
// come; when it closes, a simple data table replaces them with one
// Preformatted block of aligned columns, a layout table stays flattened.
type table struct {
	start  int // index of its first block
	layout bool
	rows   [][]string
	header bool // the first row is made of <th>
	inCell bool
	cell   int // index of the current cell's first block
}

// Data tables are small grids of short text cells.
const (
	maxTableCols = 8
	maxCellRunes = 60
	maxTableRows = 200
)

func (c *converter) top() *table {
	if n := len(c.tables); n > 0 {
		return c.tables[n-1]
	}
	return nil
}

// inCellBlock notes block content (paragraphs, images, links, breaks)
// inside a cell: the table is then used for layout.
func (c *converter) inCellBlock() {
	if t := c.top(); t != nil && t.inCell {
		t.layout = true
	}
}

func (c *converter) startTable(attrs []html.Attribute) {
	c.inCellBlock()
	c.flush()
	if t := c.top(); t != nil {
		t.layout = true // nested tables are layout
	}
	role, _ := attr(attrs, "role")
	c.tables = append(c.tables, &table{start: len(c.doc.Blocks), layout: strings.EqualFold(role, "presentation")})
}

func (c *converter) startRow() {
	c.flush()
	if t := c.top(); t != nil {
		t.inCell = false
		t.rows = append(t.rows, nil)
		if len(t.rows) > maxTableRows {
			t.layout = true
		}
	}
}

func (c *converter) startCell(th bool) {
	c.flush()
	t := c.top()
	if t == nil {
		return
	}
	if len(t.rows) == 0 {
		t.rows = append(t.rows, nil)
	}
	if len(t.rows) == 1 && len(t.rows[0]) == 0 {
		t.header = th
	} else if len(t.rows) == 1 && !th {
		t.header = false
	}
	t.inCell, t.cell = true, len(c.doc.Blocks)
}

func (c *converter) endCell() {
	c.flush()
	t := c.top()
	if t == nil || !t.inCell {
		return
	}
	t.inCell = false
	blocks := c.doc.Blocks[t.cell:]
	if len(blocks) > 1 {
		t.layout = true
	}
	text := ""
	if len(blocks) == 1 {
		text = blockText(blocks[0])
	}
	if utf8.RuneCountInString(text) > maxCellRunes || strings.Contains(text, "\n") {
		t.layout = true
	}
	n := len(t.rows) - 1
	t.rows[n] = append(t.rows[n], text)
	if len(t.rows[n]) > maxTableCols {
		t.layout = true
	}
}

func (c *converter) endTable() {
	c.flush()
	n := len(c.tables)
	if n == 0 {
		return
	}
	t := c.tables[n-1]
	c.tables = c.tables[:n-1]
	if t.layout {
		return
	}
	grid := dataGrid(t.rows)
	if grid == nil {
		return
	}
	c.doc.Blocks = c.doc.Blocks[:t.start]
	c.add(Block{Kind: Preformatted, Quote: min(c.quote, maxQuote), Inlines: []Inline{{Text: alignColumns(grid, t.header), Link: -1}}})
}

// dataGrid returns the non-empty rows of a table that has two to eight
// columns and at least two rows of text, else nil (single-column tables
// are layout).
func dataGrid(rows [][]string) [][]string {
	var grid [][]string
	cols := 0
	for _, r := range rows {
		empty := true
		for _, cell := range r {
			if cell != "" {
				empty = false
			}
		}
		if empty {
			continue
		}
		grid = append(grid, r)
		cols = max(cols, len(r))
	}
	if cols < 2 || cols > maxTableCols || len(grid) < 2 {
		return nil
	}
	return grid
}

// alignColumns lays the grid out as text columns two spaces apart, with a
// dashed line under a header row.
func alignColumns(grid [][]string, header bool) string {
	var width [maxTableCols]int
	for _, r := range grid {
		for i, cell := range r {
			width[i] = max(width[i], utf8.RuneCountInString(cell))
		}
	}
	var b strings.Builder
	for ri, r := range grid {
		var line strings.Builder
		for i, cell := range r {
			line.WriteString(cell)
			if i < len(r)-1 {
				line.WriteString(strings.Repeat(" ", width[i]-utf8.RuneCountInString(cell)+2))
			}
		}
		b.WriteString(strings.TrimRight(line.String(), " "))
		b.WriteByte('\n')
		if ri == 0 && header {
			total := 0
			for i := range width {
				if width[i] > 0 {
					total += width[i] + 2
				}
			}
			b.WriteString(strings.Repeat("-", max(total-2, 1)))
			b.WriteByte('\n')
		}
	}
	return strings.TrimRight(b.String(), "\n")
}

// blockText is the text of a block's inlines.
func blockText(b Block) string {
	var s strings.Builder
	for _, in := range b.Inlines {
		s.WriteString(in.Text)
	}
	return s.String()
}
