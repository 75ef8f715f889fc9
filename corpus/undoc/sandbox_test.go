package undoc

import "testing"

// TestOutOfMemory: however the Go runtime of the PDF reader's child says
// it ran out of memory under its limit, the death is named as such.
func TestOutOfMemory(t *testing.T) {
	for _, tc := range []struct {
		stderr string
		want   bool
	}{
		{"fatal error: runtime: out of memory\n\nruntime stack:\nruntime.throw(...)", true},
		{"runtime: out of memory: cannot allocate 1073741824-byte block (3997696 in use)\nfatal error: out of memory", true},
		{"fatal error: runtime: cannot allocate memory\n\ngoroutine 1 [running]:", true},
		{"runtime: mmap(0xc000400000, 67108864) returned 0x0, 12\nfatal error: runtime: cannot map pages in arena address space", true},
		{"runtime: failed to create new OS thread (have 2 already; errno=12)\nfatal error: newosproc", true},
		{"panic: runtime error: index out of range [3] with length 3", false},
		{"", false},
	} {
		if got := outOfMemory(tc.stderr); got != tc.want {
			t.Errorf("outOfMemory(%q) = %v, want %v", tc.stderr, got, tc.want)
		}
	}
}
