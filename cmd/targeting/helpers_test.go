package main

import (
	"fmt"
	"strconv"
)

func fmtSscan(s string, v any) (int, error) { return fmt.Sscan(s, v) }

func round6(s string) string {
	f, err := strconv.ParseFloat(s, 64)
	if err != nil {
		return s
	}
	return strconv.FormatFloat(f, 'f', 6, 64)
}
