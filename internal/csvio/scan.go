package csvio

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
)

// scanner reads RFC 4180 CSV records as byte slices, without a string
// allocation per field: indicator files are read column by column, and most
// fields are numbers parsed straight from the bytes. It follows
// encoding/csv's rules (a differential fuzz test holds it to them): fields
// separated by commas, optional double quotes with "" for a quote, quoted
// fields may span lines, "\r\n" is read as "\n", blank lines are skipped,
// and every record must have as many fields as the first.
type scanner struct {
	br      *bufio.Reader
	line    int      // lines read so far
	rec     []byte   // the current record's field bytes, unescaped
	ends    []int    // end offset of each field in rec
	fields  [][]byte // views into rec
	nfields int      // fields per record, set by the first record
}

func newScanner(r io.Reader) *scanner {
	return &scanner{br: bufio.NewReaderSize(r, 1<<16), nfields: -1}
}

var errBareQuote = errors.New(`bare " in non-quoted field`)
var errQuote = errors.New(`extraneous or missing " in quoted field`)

// readLine returns the next physical line with "\r\n" or "\n" normalised to
// "\n" (the last line may lack it). The slice is valid until the next call.
func (s *scanner) readLine(buf []byte) ([]byte, error) {
	buf = buf[:0]
	for {
		chunk, err := s.br.ReadSlice('\n')
		buf = append(buf, chunk...)
		if err == bufio.ErrBufferFull {
			continue
		}
		if err == io.EOF && len(buf) > 0 && buf[len(buf)-1] == '\r' {
			buf = buf[:len(buf)-1] // as encoding/csv: a trailing "\r" at EOF is dropped
			if len(buf) == 0 {
				buf = append(buf, '\n') // an empty last line
			}
		}
		if len(buf) > 0 {
			s.line++
			if n := len(buf); n >= 2 && buf[n-2] == '\r' && buf[n-1] == '\n' {
				buf[n-2] = '\n'
				buf = buf[:n-1]
			}
			return buf, nil
		}
		if err == nil {
			err = io.EOF
		}
		return nil, err
	}
}

// next reads the next record; it returns the fields (valid until the next
// call) and the line the record starts on.
func (s *scanner) next() ([][]byte, int, error) {
	var line []byte
	var err error
	var pending []byte
	for {
		line, err = s.readLine(pending[:0])
		if err != nil {
			return nil, 0, err
		}
		if len(line) == 1 && line[0] == '\n' {
			continue // blank line
		}
		break
	}
	start := s.line
	s.rec, s.ends = s.rec[:0], s.ends[:0]
	pos := 0
	for {
		// One field, starting at line[pos].
		if pos < len(line) && line[pos] == '"' {
			// Quoted: copy until the closing quote, unescaping "".
			pos++
			for {
				i := bytes.IndexByte(line[pos:], '"')
				if i < 0 {
					// The field goes on to the next line.
					s.rec = append(s.rec, line[pos:]...)
					more, err := s.readLine(nil)
					if err != nil {
						if err == io.EOF {
							return nil, 0, fmt.Errorf("parse error on line %d: %w", start, errQuote)
						}
						return nil, 0, err
					}
					line, pos = append(line[:0:0], more...), 0
					continue
				}
				s.rec = append(s.rec, line[pos:pos+i]...)
				pos += i + 1
				if pos < len(line) && line[pos] == '"' {
					s.rec = append(s.rec, '"')
					pos++
					continue
				}
				break
			}
			s.ends = append(s.ends, len(s.rec))
			switch {
			case pos < len(line) && line[pos] == ',':
				pos++
				continue
			case pos >= len(line) || line[pos] == '\n':
				return s.finish(start)
			default:
				return nil, 0, fmt.Errorf("parse error on line %d: %w", s.line, errQuote)
			}
		}
		// Unquoted: up to the next comma or the end of the line.
		end := pos
		for end < len(line) && line[end] != ',' && line[end] != '\n' {
			end++
		}
		if i := bytes.IndexByte(line[pos:end], '"'); i >= 0 {
			return nil, 0, fmt.Errorf("parse error on line %d: %w", s.line, errBareQuote)
		}
		s.rec = append(s.rec, line[pos:end]...)
		s.ends = append(s.ends, len(s.rec))
		if end < len(line) && line[end] == ',' {
			pos = end + 1
			continue
		}
		return s.finish(start)
	}
}

// finish slices the record into fields and checks the field count.
func (s *scanner) finish(start int) ([][]byte, int, error) {
	s.fields = s.fields[:0]
	prev := 0
	for _, e := range s.ends {
		s.fields = append(s.fields, s.rec[prev:e:e])
		prev = e
	}
	if s.nfields < 0 {
		s.nfields = len(s.fields)
	} else if len(s.fields) != s.nfields {
		return s.fields, start, fmt.Errorf("record on line %d: wrong number of fields", start)
	}
	return s.fields, start, nil
}
