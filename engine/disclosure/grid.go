package disclosure

// Grid lays out the usual table of case counts: small areas nested in wards
// nested in one district, by service plus an "all services" column. Cells
// are numbered area rows first, then ward rows, then the district row; each
// row has Services+1 columns, the last being all services.
type Grid struct {
	Areas, Wards, Services int
	// WardOf[a] is the ward (0..Wards-1) of area a.
	WardOf []int
}

// NewGrid builds the layout for areas in wards (wardOf[a] in 0..wards-1)
// and the given number of services.
func NewGrid(wardOf []int, wards, services int) *Grid {
	return &Grid{Areas: len(wardOf), Wards: wards, Services: services, WardOf: wardOf}
}

// All is the column number of "all services".
func (g *Grid) All() int { return g.Services }

// Cells is the number of cells.
func (g *Grid) Cells() int { return (g.Areas + g.Wards + 1) * (g.Services + 1) }

// Area is the cell of area a, column s.
func (g *Grid) Area(a, s int) int { return a*(g.Services+1) + s }

// Ward is the cell of ward w, column s.
func (g *Grid) Ward(w, s int) int { return (g.Areas+w)*(g.Services+1) + s }

// Total is the district cell of column s.
func (g *Grid) Total(s int) int { return (g.Areas+g.Wards)*(g.Services+1) + s }

// Lines are the sums the table publishes: every row's services add up to its
// all-services cell, every ward's areas to the ward, the wards to the
// district, in every column.
func (g *Grid) Lines() []Line {
	var lines []Line
	row := func(cell func(s int) int) {
		l := Line{Total: cell(g.All())}
		for s := 0; s < g.Services; s++ {
			l.Members = append(l.Members, cell(s))
		}
		lines = append(lines, l)
	}
	for a := 0; a < g.Areas; a++ {
		row(func(s int) int { return g.Area(a, s) })
	}
	for w := 0; w < g.Wards; w++ {
		row(func(s int) int { return g.Ward(w, s) })
	}
	row(g.Total)
	members := make([][]int, g.Wards)
	for a, w := range g.WardOf {
		members[w] = append(members[w], a)
	}
	for s := 0; s <= g.Services; s++ {
		for w := 0; w < g.Wards; w++ {
			l := Line{Total: g.Ward(w, s)}
			for _, a := range members[w] {
				l.Members = append(l.Members, g.Area(a, s))
			}
			lines = append(lines, l)
		}
		l := Line{Total: g.Total(s)}
		for w := 0; w < g.Wards; w++ {
			l.Members = append(l.Members, g.Ward(w, s))
		}
		lines = append(lines, l)
	}
	return lines
}
