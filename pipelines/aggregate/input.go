package aggregate

import (
	"crypto/sha256"
	"encoding/hex"
	"io"
	"os"
)

// Input is one file read, with its content hash, for the report.
type Input struct {
	Role   string `json:"role"`
	Path   string `json:"path"`
	Bytes  int64  `json:"bytes"`
	SHA256 string `json:"sha256"`
}

func newInput(role, path string) Input {
	in := Input{Role: role, Path: path}
	if f, err := os.Open(path); err == nil {
		h := sha256.New()
		in.Bytes, _ = io.Copy(h, f)
		f.Close()
		in.SHA256 = hex.EncodeToString(h.Sum(nil))
	}
	return in
}
