// Package permalink writes the addresses of mandatebot's web pages: the
// one place both the pages' own links and the bot's citations in Discord
// get them, so that a link the bot posts is a page the server answers.
package permalink

import (
	"errors"
	"fmt"
	"net/url"
	"strconv"
	"strings"

	"mandatebot/corpus"
)

// The routes of the web pages.
const (
	HomePath    = "/"
	SearchPath  = "/search"
	DocPrefix   = "/d/"       // + document id: the reader
	ComparePath = "/compare/" // + old id + "/" + new id
	SourcesPath = "/sources"
	StaticPath  = "/static/"
)

// Site is where the pages are published. The zero Site writes addresses
// relative to the server's root, for the pages' own links; one made by
// New from PUBLIC_URL writes absolute addresses, for Discord.
type Site struct{ base string }

// ErrBadURL is wrapped by New's error.
var ErrBadURL = errors.New("not the http or https address of a site")

// New returns the Site published at public, an origin such as
// "https://mandatebot.example.org" (the pages link among themselves from
// the root, so they cannot live under a path); "" gives the zero Site.
func New(public string) (Site, error) {
	public = strings.TrimSpace(public)
	if public == "" {
		return Site{}, nil
	}
	u, err := url.Parse(public)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" || u.User != nil || u.RawQuery != "" || u.Fragment != "" || strings.Trim(u.Path, "/") != "" {
		return Site{}, fmt.Errorf("%w: %q; give the address the pages are reached at, with no path, like https://mandatebot.example.org", ErrBadURL, public)
	}
	return Site{base: u.Scheme + "://" + u.Host}, nil
}

// Published reports whether s was made from a public address: only then
// may the bot link to it.
func (s Site) Published() bool { return s.base != "" }

// String is the public address, "" for the zero Site.
func (s Site) String() string { return s.base }

// Home is the search box.
func (s Site) Home() string { return s.base + HomePath }

// Query parameters of the reader, which pages a long document: PageParam
// asks for a page by number (from 1), AnchorParam for the page that holds
// an anchor (a passage's, "fn.9" a footnote's, "s.<anchor>" a section's).
const (
	PageParam   = "page"
	AnchorParam = "p"
)

// Document is the reader of the document with id (its first page).
func (s Site) Document(id string) string { return s.base + DocPrefix + url.PathEscape(id) }

// DocumentPage is page n (from 1) of the reader of the document with id.
func (s Site) DocumentPage(id string, n int) string {
	if n <= 1 {
		return s.Document(id)
	}
	return s.Document(id) + "?" + PageParam + "=" + strconv.Itoa(n)
}

// At is the place anchor of the document with id, on its reader: the
// anchor twice, in the query, where the server finds the page that holds
// it (a fragment never reaches the server), and as the fragment, where
// the browser scrolls to it. "/d/<id>?p=<anchor>#<anchor>". A link made
// before the reader paged ("/d/<id>#<anchor>") still lands: the reader's
// script asks again with the query when the anchor is on another page.
func (s Site) At(id, anchor string) string {
	return s.Document(id) + "?" + AnchorParam + "=" + url.QueryEscape(anchor) + "#" + url.PathEscape(anchor)
}

// Passage is p's permalink: its document's reader, at p.
func (s Site) Passage(p *corpus.Passage) string { return s.At(p.DocID, p.Anchor()) }

// PassageID is the permalink of the passage with id
// ("<document id>#<anchor>", as corpus.Passage.ID is made).
func (s Site) PassageID(id string) string {
	doc, anchor, _ := strings.Cut(id, "#")
	return s.At(doc, anchor)
}

// Footnote is footnote n of the document with id, on its reader.
func (s Site) Footnote(id string, n int) string { return s.At(id, NoteAnchor(n)) }

// NoteAnchor is the fragment of footnote n on its document's reader:
// "fn.9". It holds a dot, which no passage's anchor (a slug) does, so
// the two never collide.
func NoteAnchor(n int) string { return "fn." + strconv.Itoa(n) }

// SectionAnchor is the fragment of the section that opens with the
// passage anchored at anchor: "s.<anchor>".
func SectionAnchor(anchor string) string { return "s." + anchor }

// Search is the results page for question q, within document source
// ("" for all).
func (s Site) Search(q, source string) string {
	v := url.Values{}
	v.Set("q", q)
	if source != "" {
		v.Set("source", source)
	}
	return s.base + SearchPath + "?" + v.Encode()
}

// Compare is the comparison of resolution old with the later new, by id.
func (s Site) Compare(old, new string) string {
	return s.base + ComparePath + url.PathEscape(old) + "/" + url.PathEscape(new)
}

// Sources is what the corpus holds.
func (s Site) Sources() string { return s.base + SourcesPath }
