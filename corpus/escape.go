package corpus

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// escapeMarkdown escapes what Markdown would read as markup in text that
// Writer writes into a stored document. '&' becomes "&amp;" rather than
// "\&", because Parse resolves entities after backslash escapes. Where s starts a line
// (lineStart), a leading character that would open a heading, quote, list
// or thematic break is escaped too. An underscore inside a word
// (mali_14.php) is not emphasis in Markdown and is left as it is, for
// readability.
func escapeMarkdown(s string, lineStart bool) string {
	var b strings.Builder
	for i, r := range s {
		switch r {
		case '&':
			b.WriteString("&amp;")
			continue
		case '\\', '*', '`', '[', ']', '<':
			b.WriteByte('\\')
		case '_':
			before, _ := utf8.DecodeLastRuneInString(s[:i])
			after, _ := utf8.DecodeRuneInString(s[i+1:])
			if !(isAlnum(before) && isAlnum(after)) {
				b.WriteByte('\\')
			}
		case '#', '>', '-', '+', '=', '|', '~':
			if lineStart && i == 0 {
				b.WriteByte('\\')
			}
		case '.', ')':
			if lineStart && i > 0 && i < 10 && strings.Trim(s[:i], "0123456789") == "" {
				b.WriteByte('\\') // "1." would start a list
			}
		}
		b.WriteRune(r)
	}
	return b.String()
}

func isAlnum(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) }
