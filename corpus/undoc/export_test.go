package undoc

import "context"

// LinesPeak is Lines, also returning the PDF reader's peak resident size
// in kB (-1 when it died before saying).
func LinesPeak(ctx context.Context, b []byte) ([]Line, int64, error) {
	if err := checkWhole(b); err != nil {
		return nil, 0, err
	}
	return readIsolated(ctx, b)
}

// ExtractLines is Lines' work without the child process.
var ExtractLines = extractLines
