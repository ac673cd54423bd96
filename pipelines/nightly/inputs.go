package nightly

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"sort"
)

// inputFile is one file the run reads: declared in the pipeline file, named
// by a step, or both.
type inputFile struct {
	Path     string
	Format   string
	Vintage  string
	Codes    []string // code columns/properties that must exist
	Columns  []string
	NA       []string
	Declared bool
	UsedBy   []string // step names

	Bytes      int64
	SHA256     string
	Suppressed int
	CheckedIn  string // the run whose checks passed on this content
}

// inputs merges declared inputs with every step's uses. A step reading a
// declared file in another format, or a source of another vintage than
// declared, is a config error at the declaration.
func (p *Pipeline) inputs() ([]*inputFile, error) {
	byPath := map[string]*inputFile{}
	declaredAt := map[string]int{}
	for i, in := range p.Inputs {
		abs := p.resolve(in.Path)
		f := &inputFile{Path: abs, Format: in.Format, Vintage: in.Vintage, Columns: in.Columns, NA: in.NA, Declared: true}
		if in.Code != "" {
			f.Codes = []string{in.Code}
		}
		byPath[abs], declaredAt[abs] = f, i
	}
	for _, st := range p.Steps {
		name := st.base().Name
		for _, u := range st.uses() {
			abs, err := filepath.Abs(u.Path)
			if err != nil {
				abs = u.Path
			}
			f := byPath[abs]
			if f == nil {
				f = &inputFile{Path: abs, Format: u.Format, Vintage: u.Vintage}
				byPath[abs] = f
			}
			if i, ok := declaredAt[abs]; ok {
				if u.Format != "" && u.Format != f.Format {
					return nil, p.errAt(fmt.Sprintf("inputs[%d].format", i), "is %s, but step %s reads this file as %s (%s)", f.Format, name, u.Format, u.Role)
				}
				if u.Vintage != "" && u.Vintage != f.Vintage {
					return nil, p.errAt(fmt.Sprintf("inputs[%d].vintage", i), "is %s, but step %s reads this file as %s (%s)", f.Vintage, name, u.Vintage, u.Role)
				}
			}
			if f.Format == "" {
				f.Format = u.Format
			}
			if u.Code != "" && !slices.Contains(f.Codes, u.Code) {
				f.Codes = append(f.Codes, u.Code)
			}
			for _, t := range u.NA {
				if !slices.Contains(f.NA, t) {
					f.NA = append(f.NA, t)
				}
			}
			if !slices.Contains(f.UsedBy, name) {
				f.UsedBy = append(f.UsedBy, name)
			}
		}
	}
	out := make([]*inputFile, 0, len(byPath))
	for _, f := range byPath {
		out = append(out, f)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Path < out[j].Path })
	return out, nil
}

// checks describes the checks an input gets, so that unchanged content is
// checked again when the requirements change.
func (f *inputFile) checks() string {
	return fmt.Sprintf("%s codes=%q columns=%q na=%q", f.Format, f.Codes, f.Columns, f.NA)
}

// hashFile returns a file's size and sha256.
func hashFile(path string) (int64, string, error) {
	f, err := os.Open(path)
	if err != nil {
		return 0, "", err
	}
	defer f.Close()
	h := sha256.New()
	n, err := io.Copy(h, f)
	if err != nil {
		return 0, "", fmt.Errorf("%s: %w", path, err)
	}
	return n, hex.EncodeToString(h.Sum(nil)), nil
}

func sha256Hex(b []byte) string {
	h := sha256.Sum256(b)
	return hex.EncodeToString(h[:])
}
