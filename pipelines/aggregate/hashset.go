package aggregate

// Open-addressing hash tables on uint64 keys: the distinct-people sets hold
// millions of keys, where Go maps cost several times the memory and time.

func hash64(k uint64) uint64 {
	k ^= k >> 33
	k *= 0xff51afd7ed558ccd
	k ^= k >> 33
	k *= 0xc4ceb9fe1a85ec53
	k ^= k >> 33
	return k
}

// u64set is a set of uint64.
type u64set struct {
	keys []uint64 // 0 marks an empty slot; key 0 is held in zero
	n    int
	zero bool
}

func (s *u64set) add(k uint64) bool {
	if k == 0 {
		if s.zero {
			return false
		}
		s.zero = true
		return true
	}
	if 4*(s.n+1) > 3*len(s.keys) {
		s.grow()
	}
	mask := uint64(len(s.keys) - 1)
	for i := hash64(k) & mask; ; i = (i + 1) & mask {
		switch s.keys[i] {
		case 0:
			s.keys[i] = k
			s.n++
			return true
		case k:
			return false
		}
	}
}

func (s *u64set) grow() {
	old := s.keys
	size := max(1024, 2*len(old))
	s.keys = make([]uint64, size)
	s.n = 0
	for _, k := range old {
		if k != 0 {
			s.add(k)
		}
	}
}

// each calls fn for every key.
func (s *u64set) each(fn func(uint64)) {
	if s.zero {
		fn(0)
	}
	for _, k := range s.keys {
		if k != 0 {
			fn(k)
		}
	}
}

func (s *u64set) len() int {
	if s.zero {
		return s.n + 1
	}
	return s.n
}

// u64map maps uint64 keys to uint32 values.
type u64map struct {
	keys []uint64
	vals []uint32
	used []bool
	n    int
}

// getOrAdd returns the value of k, storing next() first if k is new.
func (m *u64map) getOrAdd(k uint64, next func() uint32) uint32 {
	if 4*(m.n+1) > 3*len(m.keys) {
		m.grow()
	}
	mask := uint64(len(m.keys) - 1)
	for i := hash64(k) & mask; ; i = (i + 1) & mask {
		if !m.used[i] {
			v := next()
			m.keys[i], m.vals[i], m.used[i] = k, v, true
			m.n++
			return v
		}
		if m.keys[i] == k {
			return m.vals[i]
		}
	}
}

// get returns the value of k and whether it is there.
func (m *u64map) get(k uint64) (uint32, bool) {
	if len(m.keys) == 0 {
		return 0, false
	}
	mask := uint64(len(m.keys) - 1)
	for i := hash64(k) & mask; ; i = (i + 1) & mask {
		if !m.used[i] {
			return 0, false
		}
		if m.keys[i] == k {
			return m.vals[i], true
		}
	}
}

func (m *u64map) grow() {
	ok, ov, ou := m.keys, m.vals, m.used
	size := max(1024, 2*len(ok))
	m.keys, m.vals, m.used = make([]uint64, size), make([]uint32, size), make([]bool, size)
	m.n = 0
	for i, u := range ou {
		if u {
			v := ov[i]
			m.getOrAdd(ok[i], func() uint32 { return v })
		}
	}
}
