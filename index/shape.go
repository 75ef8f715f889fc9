// This file: what a question's shape says, whatever its subject: that it
// is small talk, that it asks what a term is, and which of its words are
// only the grammar of asking (never "absent" from the documents).

package index

import (
	"strings"
	"unicode"
)

// questionWords returns the question's words in lower case, apostrophes
// made straight and contractions of "is" spelled out ("what's" → "what",
// "is"), keeping dots and hyphens inside a word ("U.N.", "cease-fire").
func questionWords(q string) []string {
	q = straightQuotes.Replace(strings.ToLower(q))
	fields := strings.FieldsFunc(q, func(r rune) bool {
		return !unicode.IsLetter(r) && !unicode.IsDigit(r) && r != '\'' && r != '.' && r != '-'
	})
	var out []string
	for _, f := range fields {
		f = strings.Trim(f, ".-'")
		switch {
		case f == "":
		case f == "whats":
			out = append(out, "what", "is")
		case strings.HasSuffix(f, "'s") && (f == "what's" || f == "who's" || f == "that's" || f == "it's" || f == "where's" || f == "there's" || f == "here's"):
			out = append(out, strings.TrimSuffix(f, "'s"), "is")
		default:
			out = append(out, f)
		}
	}
	return out
}

// straightQuotes makes curly apostrophes straight.
var straightQuotes = strings.NewReplacer("’", "'", "‘", "'")

// functionWords are the closed classes of English and French: articles,
// pronouns, prepositions, conjunctions, auxiliaries and question words.
// They carry no subject: the analyzer drops most (stopWords); these are
// the rest, and their contractions.
var functionWords = wordSet(`a an the this that these those it its it's is are was were be been being am
	i me my you your yours we us our they them their he him his she her hers one ones
	do does did done doing have has had having will would shall should can could may might must
	what which who whom whose why when where how whether if then than so as too also
	of in on at to for from by with without within into onto over under about above below
	between among through throughout during before after since until till upon via per towards toward
	against along across around beyond despite near off out up down
	and or but nor not no yes any some all each every either neither both such own same other
	there here just only even still yet very much many more most less least lot lots
	don't doesn't didn't isn't aren't wasn't weren't won't can't cannot couldn't wouldn't shouldn't
	i'm you're we're they're i've you've we've they've i'd you'd i'll you'll let's
	le la les l un une des du de d au aux ce cet cette ces ça c je j tu il elle on nous vous ils elles
	me m te t se s lui leur leurs mon ma mes ton ta tes son sa ses notre nos votre vos
	est sont été être a ont avoir fait faire peut peuvent doit doivent
	qui que qu quoi quel quelle quels quelles pourquoi quand comment combien où
	et ou mais donc car ni ne n pas plus moins très bien aussi si dans sur sous avec sans pour par
	entre vers chez depuis pendant avant après contre selon
	est-ce qu'est-ce c'est n'est y`)

// askingWords are the verbs and nouns of asking and of what texts do
// with words: in "who called MINUSMA the deadliest mission" the
// documents need not say "called", so they are never said to be absent.
var askingWords = wordSet(`ask asks asked asking tell tells told telling say says said saying
	call calls called calling name names named naming term terms termed mean means meant meaning
	describe describes described describing refer refers referred referring
	talk talks talked talking discuss discusses discussed explain explains explained
	define defines defined definition stand stands stood mention mentions mentioned
	write writes wrote written state states stated claim claims claimed note notes noted
	know knows knew think thinks thought wonder wondering curious exactly precisely
	dire dit disent appelle appelé appelée signifie veut mentionne explique`)

// courtesyWords are greetings, thanks, acknowledgements and the words
// that address someone, in English and French.
var courtesyWords = wordSet(`hi hello hey hiya yo howdy greetings thanks thank thx ty tyvm cheers
	ok okay k kk cool great nice good awesome perfect brilliant excellent amazing sweet lovely
	fine sure np lol haha hehe wow bye goodbye cya later morning afternoon evening night
	welcome appreciated appreciate helpful got understood noted
	there mate bot guys folks everyone everybody team man friend buddy dude
	merci beaucoup bonjour bonsoir salut coucou super parfait daccord d'accord génial top
	bonne journée soirée nuit rien ciao`)

// isSmallTalk reports whether a message, as its words (questionWords),
// asks nothing the documents could answer: each of its words is courtesy
// or a function word ("thanks a lot!", "hi there", "ok, merci beaucoup",
// "how are you?"), or it has none (an emoji).
func isSmallTalk(words []string) bool {
	for _, w := range words {
		if !courtesyWords[w] && !functionWords[w] && !stopWords[w] {
			return false
		}
	}
	return true
}

// definitionFillers are words a definition question may add without
// changing what it asks ("what is X exactly?", "so what's X again").
var definitionFillers = wordSet("exactly precisely actually really just so then again anyway here now basically please ok okay well")

// articles before the term a definition question asks about.
var articles = wordSet("a an the la le les l un une des")

// definitionTerm returns the term a question asks to be defined, by its
// shape: it ends with "what/who is/are/was/were X" or "what X is/are/
// means/stands for" or "what does X mean/stand for", or in French
// "qu'est-ce que (c'est que) X", "que veut dire / que signifie X",
// "c'est quoi X", "X, c'est quoi" (politeness before and filler words
// after aside: "can you tell me what the ZFA is exactly?"). X is one word,
// after an article. "" when the question has another shape. words are
// the question's (questionWords).
func definitionTerm(words []string) string {
	var ws []string
	for _, w := range words {
		if !definitionFillers[w] {
			ws = append(ws, w)
		}
	}
	term := func(i int) string { // the word at i, past an article, when it ends the question
		if i < len(ws) && articles[ws[i]] {
			i++
		}
		if i == len(ws)-1 {
			return ws[i]
		}
		return ""
	}
	n := len(ws)
	for i, w := range ws {
		next := ""
		if i+1 < n {
			next = ws[i+1]
		}
		switch {
		case (w == "what" || w == "who") && (next == "is" || next == "are" || next == "was" || next == "were"):
			if t := term(i + 2); t != "" {
				return t
			}
		case w == "what" && next == "does" || w == "what" && next == "do":
			if rest := ws[min(i+2, n):]; len(rest) >= 2 && (rest[len(rest)-1] == "mean" || rest[len(rest)-2] == "stand" && rest[len(rest)-1] == "for") {
				end := len(rest) - 1
				if rest[end] == "for" {
					end--
				}
				if t := termIn(rest[:end]); t != "" {
					return t
				}
			}
		case w == "what" && n-i >= 3:
			// "what X is", "what X means", "what X stands for"
			rest := ws[i+1:]
			last := rest[len(rest)-1]
			end := len(rest) - 1
			if last == "for" && len(rest) >= 3 && rest[len(rest)-2] == "stands" {
				end--
			} else if last != "is" && last != "are" && last != "means" && last != "mean" {
				continue
			}
			if t := termIn(rest[:end]); t != "" {
				return t
			}
		case w == "qu'est-ce" && next == "que":
			j := i + 2
			if j+2 < n && ws[j] == "c'est" && ws[j+1] == "que" {
				j += 2
			}
			if t := term(j); t != "" {
				return t
			}
		case (w == "que" || w == "qu") && (next == "signifie" || next == "veut" && i+2 < n && ws[i+2] == "dire"):
			j := i + 2
			if next == "veut" {
				j++
			}
			if t := term(j); t != "" {
				return t
			}
		case w == "c'est" && next == "quoi":
			if t := term(i + 2); t != "" {
				return t
			}
			if i > 0 && i+2 == n {
				if t := termIn(ws[:i]); t != "" {
					return t
				}
			}
		}
	}
	return ""
}

// termIn returns the one word of ws, past an article, or "".
func termIn(ws []string) string {
	if len(ws) > 0 && articles[ws[0]] {
		ws = ws[1:]
	}
	if len(ws) == 1 {
		return ws[0]
	}
	return ""
}
