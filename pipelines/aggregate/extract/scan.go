package extract

import (
	"fmt"
	"io"
	"runtime"
	"sync"
	"sync/atomic"

	"github.com/manchester-insight/targeting/indicators"
)

// Info describes an extract that was read.
type Info struct {
	Path      string
	Format    string
	Rows      int64
	Synthetic bool // the file's metadata or any row says the records are synthetic
	Point     PointKind
}

// Scan reads the extract at path through the mapping and calls fn with each
// batch. Up to workers calls of fn run at once (0 means one per CPU), so fn
// must be safe for concurrent use; batches arrive in no particular order.
// A batch and its slices are fn's only until fn returns (their memory is
// reused for later batches; the strings in them may be kept). The first error, from reading or from fn, stops
// the scan and is returned.
func Scan(path string, m *Mapping, workers int, fn func(*Batch) error) (*Info, error) {
	if key, err := m.Check(); err != nil {
		return nil, fmt.Errorf("mapping: %s: %w", key, err)
	}
	return scan(path, m, workers, fn)
}

// ScanIDs is Scan reading only the record id column (batches hold RecordID
// alone), for finding duplicate ids before counting.
func ScanIDs(path string, m *Mapping, workers int, fn func(*Batch) error) (*Info, error) {
	only := *m
	only.Columns = Columns{RecordID: m.Columns.RecordID}
	return scan(path, &only, workers, fn)
}

func scan(path string, m *Mapping, workers int, fn func(*Batch) error) (*Info, error) {
	format, err := m.FormatOf(path)
	if err != nil {
		return nil, &indicators.DataError{File: path, Msg: err.Error()}
	}
	if workers <= 0 {
		workers = runtime.GOMAXPROCS(0)
	}
	info := &Info{Path: path, Format: format, Point: m.Point()}
	var rows atomic.Int64
	var synthetic atomic.Bool
	wrap := func(b *Batch) error {
		rows.Add(int64(b.N))
		if b.Synthetic {
			synthetic.Store(true)
		}
		return fn(b)
	}
	switch format {
	case "parquet":
		src, err := openParquet(path, m)
		if err != nil {
			return nil, err
		}
		defer src.close()
		// Each worker reuses its batch's memory for its next row group.
		batches := make([]*Batch, workers)
		err = parallel(src.rowGroups(), workers, func(w, g int) error {
			b, err := src.readRowGroup(g, batches[w])
			if err != nil {
				return err
			}
			batches[w] = b
			return wrap(b)
		})
		if err != nil {
			return nil, err
		}
		synthetic.Store(synthetic.Load() || src.synthetic)
	default:
		var next func() (*Batch, error)
		var closer func() error
		if format == "csv" {
			src, err := openCSV(path, m)
			if err != nil {
				return nil, err
			}
			next, closer = src.next, src.close
		} else {
			src, err := openXLSX(path, m)
			if err != nil {
				return nil, err
			}
			next, closer = src.next, src.close
			synthetic.Store(src.synthetic)
		}
		defer closer()
		if err := pipe(next, workers, wrap); err != nil {
			return nil, err
		}
	}
	info.Rows, info.Synthetic = rows.Load(), synthetic.Load()
	return info, nil
}

// parallel runs fn(w, 0..n-1) on up to workers goroutines, w being the
// goroutine's number; the first error stops the hand-out of further items.
func parallel(n, workers int, fn func(w, i int) error) error {
	var (
		next    atomic.Int64
		failed  atomic.Bool
		errOnce sync.Once
		first   error
		wg      sync.WaitGroup
	)
	for w := range min(workers, max(n, 1)) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for !failed.Load() {
				i := int(next.Add(1) - 1)
				if i >= n {
					return
				}
				if err := fn(w, i); err != nil {
					errOnce.Do(func() { first = err })
					failed.Store(true)
				}
			}
		}()
	}
	wg.Wait()
	return first
}

// pipe reads batches on the calling goroutine and hands them to workers.
func pipe(next func() (*Batch, error), workers int, fn func(*Batch) error) error {
	ch := make(chan *Batch, workers)
	var (
		failed  atomic.Bool
		errOnce sync.Once
		first   error
		wg      sync.WaitGroup
	)
	fail := func(err error) {
		errOnce.Do(func() { first = err })
		failed.Store(true)
	}
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for b := range ch {
				if failed.Load() {
					continue
				}
				if err := fn(b); err != nil {
					fail(err)
				}
			}
		}()
	}
	for !failed.Load() {
		b, err := next()
		if err == io.EOF {
			break
		}
		if err != nil {
			fail(err)
			break
		}
		ch <- b
	}
	close(ch)
	wg.Wait()
	return first
}
