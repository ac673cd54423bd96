package pipeline

import "sync"

// recordsFn turns a file's records per cell into a count vector over the
// job's grid, margins included (records add up, unlike people), and
// passes on the rest of the file's summary for the report.
type recordsFn struct {
	once  sync.Once
	frame *frame
	err   error
}

func (f *recordsFn) ProcessElement(b []byte, geoSide func(*[]byte) bool, nameSide func(*string) bool, emit func(int, []byte), meta func([]byte)) error {
	f.once.Do(func() { f.frame, f.err = newFrame(geoSide, nameSide) })
	if f.err != nil {
		return f.err
	}
	var sum summary
	if err := decode(b, &sum); err != nil {
		return err
	}
	g := f.frame.grid
	col := f.frame.columns(sum.Names)
	out := make([]int64, g.Cells())
	for i, cell := range sum.Cells {
		area, slot := int(cell)/sum.Slots, int(cell)%sum.Slots
		for _, c := range cellsOf(g, area, col[slot]) {
			out[c] += sum.Records[i]
		}
	}
	emit(measureRecords, encodeCounts(out))
	sum.Cells, sum.Records = nil, nil
	meta(encode(sum))
	return nil
}
