package pipeline

// pairSet is one shard's distinct pairs of a file: an open-addressing hash
// set, because a person's repeat records in a cell add nothing to a
// distinct count and need not be shuffled, and hashing drops them in a
// fraction of the time sorting would.
type pairSet struct {
	slots []pair
	used  []bool
	n     int
}

func (s *pairSet) add(p pair) {
	if 4*(s.n+1) > 3*len(s.slots) {
		s.grow()
	}
	mask := uint64(len(s.slots) - 1)
	// The key is already a uniform hash; mix in the cell.
	for i := (p.k.lo ^ uint64(p.cell)*0x9e3779b97f4a7c15) & mask; ; i = (i + 1) & mask {
		if !s.used[i] {
			s.slots[i], s.used[i] = p, true
			s.n++
			return
		}
		if s.slots[i] == p {
			return
		}
	}
}

func (s *pairSet) grow() {
	old, used := s.slots, s.used
	size := max(1024, 2*len(old))
	s.slots, s.used, s.n = make([]pair, size), make([]bool, size), 0
	for i, u := range used {
		if u {
			s.add(old[i])
		}
	}
}

// pairs returns the set's members.
func (s *pairSet) pairs() []pair {
	out := make([]pair, 0, s.n)
	for i, u := range s.used {
		if u {
			out = append(out, s.slots[i])
		}
	}
	return out
}
