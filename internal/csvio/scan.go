package csvio

import (
	"bufio"
	"bytes"
	"errors"
	"io"
)

// scanner reads RFC 4180 CSV records as byte slices, without a string
// allocation per field and, for most records, without copying: indicator
// files are read column by column, and most fields are numbers parsed
// straight from the read buffer. It follows encoding/csv's rules (a
// differential fuzz test holds it to them): fields separated by commas,
// optional double quotes with "" for a quote, quoted fields may span lines,
// "\r\n" is read as "\n", blank lines are skipped, and every record must
// have as many fields as the first.
type scanner struct {
	br      *bufio.Reader
	line    int      // lines read so far
	text    []byte   // a record that spans lines, joined
	unq     []byte   // unescaped quoted fields
	fields  [][]byte // views into the read buffer, text or unq
	nfields int      // fields per record, set by the first record
}

func newScanner(r io.Reader) *scanner {
	return &scanner{br: bufio.NewReaderSize(r, 1<<16), nfields: -1}
}

var errBareQuote = errors.New(`bare " in non-quoted field`)
var errQuote = errors.New(`extraneous or missing " in quoted field`)

// readLine returns the next physical line with "\r\n" normalised to "\n"
// (the last line may lack it). The slice is valid until the next read.
func (s *scanner) readLine() ([]byte, error) {
	line, err := s.br.ReadSlice('\n')
	if err == bufio.ErrBufferFull {
		buf := append([]byte(nil), line...)
		for err == bufio.ErrBufferFull {
			line, err = s.br.ReadSlice('\n')
			buf = append(buf, line...)
		}
		line = buf
	}
	if err == io.EOF && len(line) > 0 && line[len(line)-1] == '\r' {
		line = line[:len(line)-1] // as encoding/csv: a trailing "\r" at EOF is dropped
		if len(line) == 0 {
			line = []byte{'\n'} // an empty last line
		}
	}
	if len(line) == 0 {
		if err == nil {
			err = io.EOF
		}
		return nil, err
	}
	if err != nil && err != io.EOF {
		return nil, err
	}
	s.line++
	if n := len(line); n >= 2 && line[n-2] == '\r' && line[n-1] == '\n' {
		line[n-2] = '\n'
		line = line[:n-1]
	}
	return line, nil
}

// next reads the next record; it returns the fields (valid until the next
// call) and the line the record starts on.
func (s *scanner) next() ([][]byte, int, error) {
	var line []byte
	var err error
	for {
		if line, err = s.readLine(); err != nil {
			return nil, 0, err
		}
		if len(line) != 1 || line[0] != '\n' {
			break // not a blank line
		}
	}
	start := s.line
	// A record whose quotes are unbalanced at the end of the line goes on
	// to the next: join the lines (the only copy most files ever need).
	quotes := bytes.Count(line, []byte{'"'})
	if quotes == 0 {
		return s.parsePlain(line, start)
	}
	if quotes%2 == 1 {
		s.text = append(s.text[:0], line...)
		for quotes%2 == 1 {
			more, err := s.readLine()
			if err == io.EOF {
				break // the parse below reports the open quote
			}
			if err != nil {
				return nil, 0, err
			}
			s.text = append(s.text, more...)
			quotes += bytes.Count(more, []byte{'"'})
		}
		line = s.text
	}
	return s.parse(line, start)
}

// parse splits one record's text into fields.
func (s *scanner) parse(line []byte, start int) ([][]byte, int, error) {
	s.fields, s.unq = s.fields[:0], s.unq[:0]
	lineNo := func(pos int) int { return start + bytes.Count(line[:pos], []byte{'\n'}) }
	pos := 0
	for {
		if pos < len(line) && line[pos] == '"' {
			// Quoted: up to the closing quote; "" stands for a quote.
			pos++
			from := pos
			escaped := false
			for {
				i := bytes.IndexByte(line[pos:], '"')
				if i < 0 {
					return nil, 0, Errorf("parse error on line %d: %w", start, errQuote)
				}
				pos += i + 1
				if pos < len(line) && line[pos] == '"' {
					escaped = true
					pos++
					continue
				}
				break
			}
			field := line[from : pos-1]
			if escaped {
				at := len(s.unq)
				s.unq = append(s.unq, field...)
				field = s.unq[at:]
				field = field[:copy(field, bytes.ReplaceAll(field, []byte{'"', '"'}, []byte{'"'}))]
			}
			s.fields = append(s.fields, field)
			switch {
			case pos < len(line) && line[pos] == ',':
				pos++
				continue
			case pos >= len(line) || (line[pos] == '\n' && pos == len(line)-1):
				return s.finish(start)
			default:
				return nil, 0, Errorf("parse error on line %d: %w", lineNo(pos), errQuote)
			}
		}
		// Unquoted: up to the next comma or the end of the line.
		end := pos
		for end < len(line) && line[end] != ',' && line[end] != '\n' {
			end++
		}
		if bytes.IndexByte(line[pos:end], '"') >= 0 {
			return nil, 0, Errorf("parse error on line %d: %w", lineNo(pos), errBareQuote)
		}
		s.fields = append(s.fields, line[pos:end:end])
		if end < len(line) && line[end] == ',' {
			pos = end + 1
			continue
		}
		if end < len(line)-1 {
			// A newline inside an unquoted field of a joined record: the
			// record really ended here, as encoding/csv would read it.
			return nil, 0, Errorf("parse error on line %d: %w", lineNo(end), errQuote)
		}
		return s.finish(start)
	}
}

// parsePlain splits a record with no quotes at all, the common case, by
// searching for commas rather than walking every byte.
func (s *scanner) parsePlain(line []byte, start int) ([][]byte, int, error) {
	s.fields = s.fields[:0]
	if n := len(line); n > 0 && line[n-1] == '\n' {
		line = line[:n-1]
	}
	for {
		i := bytes.IndexByte(line, ',')
		if i < 0 {
			s.fields = append(s.fields, line[:len(line):len(line)])
			return s.finish(start)
		}
		s.fields = append(s.fields, line[:i:i])
		line = line[i+1:]
	}
}

// finish checks the field count.
func (s *scanner) finish(start int) ([][]byte, int, error) {
	if s.nfields < 0 {
		s.nfields = len(s.fields)
	} else if len(s.fields) != s.nfields {
		return s.fields, start, Errorf("record on line %d: wrong number of fields", start)
	}
	return s.fields, start, nil
}
