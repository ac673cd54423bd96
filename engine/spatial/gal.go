package spatial

import (
	"bufio"
	"fmt"
	"io"
	"strconv"
	"strings"
)

// ReadGAL reads a GeoDa .gal contiguity file, the format PySAL and GeoDa use
// to exchange neighbour lists, and returns binary weights in record order
// together with each record's id.
//
// The header is either "n" or "0 n name idvar" (GeoDa's form; name and idvar
// may be missing). Each of the n records is "id k" followed by the k
// neighbour ids; ids are arbitrary tokens (row numbers 1..n, FIPS codes ...)
// and are resolved to record positions, so observation i is the i-th
// record. Records are read as a stream of whitespace-separated tokens, so an
// island's empty neighbour line may be present or omitted.
func ReadGAL(r io.Reader) (Weights, []string, error) {
	br := bufio.NewReader(r)
	header, err := br.ReadString('\n')
	if err != nil && err != io.EOF {
		return Weights{}, nil, fmt.Errorf("gal: %w", err)
	}
	hf := strings.Fields(header)
	var nTok string
	switch {
	case len(hf) == 1:
		nTok = hf[0]
	case len(hf) >= 2 && hf[0] == "0":
		nTok = hf[1]
	default:
		return Weights{}, nil, fmt.Errorf("gal: unrecognised header %q", strings.TrimSpace(header))
	}
	n, err := strconv.Atoi(nTok)
	if err != nil || n < 0 {
		return Weights{}, nil, fmt.Errorf("gal: bad observation count %q", nTok)
	}

	sc := bufio.NewScanner(br)
	sc.Buffer(make([]byte, 0, 64*1024), 1<<24)
	sc.Split(bufio.ScanWords)
	next := func(what string, rec int) (string, error) {
		if sc.Scan() {
			return sc.Text(), nil
		}
		if err := sc.Err(); err != nil {
			return "", fmt.Errorf("gal: %w", err)
		}
		return "", fmt.Errorf("gal: record %d: unexpected end of file reading %s", rec+1, what)
	}

	ids := make([]string, n)
	pos := make(map[string]int, n)
	raw := make([][]string, n)
	for rec := 0; rec < n; rec++ {
		id, err := next("id", rec)
		if err != nil {
			return Weights{}, nil, err
		}
		if _, dup := pos[id]; dup {
			return Weights{}, nil, fmt.Errorf("gal: record %d: id %q repeated", rec+1, id)
		}
		ids[rec], pos[id] = id, rec
		kTok, err := next("neighbour count", rec)
		if err != nil {
			return Weights{}, nil, err
		}
		k, err := strconv.Atoi(kTok)
		if err != nil || k < 0 {
			return Weights{}, nil, fmt.Errorf("gal: record %d (id %s): bad neighbour count %q", rec+1, id, kTok)
		}
		raw[rec] = make([]string, k)
		for t := range raw[rec] {
			if raw[rec][t], err = next("neighbours", rec); err != nil {
				return Weights{}, nil, err
			}
		}
	}
	if sc.Scan() {
		return Weights{}, nil, fmt.Errorf("gal: unexpected data after %d records: %q", n, sc.Text())
	}

	nb := make([][]int, n)
	for rec, list := range raw {
		nb[rec] = make([]int, len(list))
		for t, id := range list {
			j, ok := pos[id]
			if !ok {
				return Weights{}, nil, fmt.Errorf("gal: record %d (id %s): unknown neighbour id %q", rec+1, ids[rec], id)
			}
			nb[rec][t] = j
		}
	}
	w, err := NewBinary(nb)
	if err != nil {
		return Weights{}, nil, fmt.Errorf("gal: %w", err)
	}
	return w, ids, nil
}

// WriteGAL writes neighbour lists as a GeoDa .gal file with the GeoDa header
// "0 n name idvar". ids label the records; nil means 1..n.
func WriteGAL(out io.Writer, neighbours [][]int, ids []string, name, idVar string) error {
	n := len(neighbours)
	if ids == nil {
		ids = make([]string, n)
		for i := range ids {
			ids[i] = strconv.Itoa(i + 1)
		}
	}
	if len(ids) != n {
		return fmt.Errorf("gal: %d ids for %d records", len(ids), n)
	}
	bw := bufio.NewWriter(out)
	fmt.Fprintf(bw, "0 %d %s %s\n", n, galToken(name), galToken(idVar))
	for i, nb := range neighbours {
		fmt.Fprintf(bw, "%s %d\n", ids[i], len(nb))
		for t, j := range nb {
			if j < 0 || j >= n {
				return fmt.Errorf("gal: record %d: neighbour %d out of range", i+1, j)
			}
			if t > 0 {
				bw.WriteByte(' ')
			}
			bw.WriteString(ids[j])
		}
		bw.WriteByte('\n')
	}
	return bw.Flush()
}

func galToken(s string) string {
	if s = strings.Join(strings.Fields(s), "_"); s == "" {
		return "unknown"
	}
	return s
}
