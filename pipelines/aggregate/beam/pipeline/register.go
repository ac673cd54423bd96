package pipeline

import (
	"context"

	"github.com/apache/beam/sdks/v2/go/pkg/beam/register"
)

// Registration lets a worker rebuild every function of the pipeline by
// name, without reflection over the binary.
func init() {
	register.DoFn3x1[context.Context, int, func(int, []byte), error](&idsFn{})
	register.Function3x1[int, func(*[]byte) bool, func([]byte), error](firstOfDuplicates)
	register.DoFn7x1[context.Context, int, func(*[]byte) bool, func(*[]byte) bool, func(int, []byte), func([]byte), func(string), error](&countFn{})
	register.DoFn5x1[int, func(*[]byte) bool, func(*[]byte) bool, func(*string) bool, func(int, []byte), error](&distinctFn{})
	register.DoFn5x1[[]byte, func(*[]byte) bool, func(*string) bool, func(int, []byte), func([]byte), error](&recordsFn{})
	register.DoFn6x1[context.Context, []byte, func(*[]byte) bool, func(*string) bool, func(*int, *[]byte) bool, func(*[]byte) bool, error](&finishFn{})
	register.Function2x1[[]byte, []byte, []byte](sumCounts)
	register.Emitter1[[]byte]()
	register.Emitter1[string]()
	register.Emitter2[int, []byte]()
	register.Iter1[[]byte]()
	register.Iter1[string]()
	register.Iter2[int, []byte]()
}
