package web_test

import (
	"bytes"
	"cmp"
	"context"
	"fmt"
	"image"
	"image/png"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"

	"mandatebot/web"
)

// chromium returns Debian's Chromium, or skips the test saying how to
// get it; with MANDATEBOT_BROWSER=required (as .ci/run sets) a missing
// browser fails instead, so CI cannot pass by skipping.
func chromium(t *testing.T) string {
	t.Helper()
	for _, name := range []string{os.Getenv("CHROMIUM"), "chromium", "chromium-browser", "google-chrome"} {
		if name == "" {
			continue
		}
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	msg := "no Chromium here: install Debian's chromium package (apt-get install chromium) to run the browser test"
	if os.Getenv("MANDATEBOT_BROWSER") == "required" {
		t.Fatal(msg)
	}
	t.Skip(msg)
	return ""
}

// browser starts a headless Chromium with nothing of its own on the
// network (no updates, sync or background fetches: this machine reaches
// only 127.0.0.1), closed when the test ends.
func browser(t *testing.T) context.Context {
	t.Helper()
	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(chromium(t)), chromedp.NoSandbox, chromedp.UserDataDir(t.TempDir()),
		chromedp.WindowSize(1000, 1400),
		chromedp.Flag("disable-gpu", true), chromedp.Flag("disable-quic", true),
		chromedp.Flag("disable-component-update", true),
	)
	alloc, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	ctx, cancel := chromedp.NewContext(alloc)
	t.Cleanup(func() { cancel(); cancelAlloc() })
	// A guard, not a measure: a browser that hangs ends the test.
	stop := time.AfterFunc(3*time.Minute, cancel)
	t.Cleanup(func() { stop.Stop() })
	return ctx
}

// TestBrowser uses the pages as a reader does, in a real browser: asks a
// question, opens the first answer's permalink, follows a footnote
// marker to its note and back, reads a comparison and the sources, and
// checks that a hostile document runs nothing. Each page's screenshot
// must show something; MANDATEBOT_SCREENSHOTS=<dir> keeps them.
func TestBrowser(t *testing.T) {
	ctx := browser(t)
	long := web.LongDocument(t)
	s := newSite(t, testCorpus(t, hostileDoc(), long), web.Config{RateLimit: 1000})
	// Start the browser before listening to it: the first Run allocates
	// it, and only one may.
	if err := chromedp.Do(ctx, chromedp.Navigate("about:blank")); err != nil {
		t.Fatalf("start Chromium: %v", err)
	}
	var dialogs atomic.Int32
	go func() {
		for _, err := range chromedp.Events(ctx, page.JavascriptDialogOpening) {
			if err != nil {
				return
			}
			dialogs.Add(1)
			chromedp.Call(ctx, page.HandleJavaScriptDialog, page.HandleJavaScriptDialogParams{Accept: true})
		}
	}()
	do := func(what string, steps ...chromedp.Action[chromedp.Void]) {
		t.Helper()
		if err := chromedp.Do(ctx, steps...); err != nil {
			t.Fatalf("%s: %v", what, err)
		}
	}
	eval := func(expr string) string {
		t.Helper()
		v, err := chromedp.Run(ctx, chromedp.Evaluate[string](expr))
		if err != nil {
			t.Fatalf("%s: %v", expr, err)
		}
		return v
	}
	shot := func(name string) {
		t.Helper()
		b, err := chromedp.Run(ctx, chromedp.CaptureScreenshot())
		if err != nil {
			t.Fatalf("screenshot %s: %v", name, err)
		}
		checkNotBlank(t, name, b)
		if dir := os.Getenv("MANDATEBOT_SCREENSHOTS"); dir != "" {
			os.MkdirAll(dir, 0o755)
			os.WriteFile(filepath.Join(dir, name+".png"), b, 0o644)
		}
	}

	// Ask from the home page's box.
	do("ask", chromedp.Navigate(s.srv.URL+"/"), chromedp.WaitVisible(chromedp.ID("bigq")),
		chromedp.SendKeys(chromedp.ID("bigq"), "why don't countries want to send troops north?\n"),
		chromedp.WaitVisible(chromedp.CSS("ol.hits")))
	shot("search")
	if got := eval(`document.querySelector("ol.hits li h2 a").textContent`); got != "MINUSMA’s Challenges ¶1" {
		t.Errorf("first answer %q", got)
	}
	if n := eval(`String(document.querySelectorAll("ol.hits mark").length)`); n == "0" {
		t.Error("no match is marked in the results")
	}

	// Its permalink lands on the paragraph, highlighted.
	do("open the permalink", chromedp.Click(chromedp.CSS("ol.hits li h2 a")), chromedp.WaitVisible(chromedp.CSS("article.document")))
	if got := eval(`location.pathname + location.hash`); got != "/d/nupi-policy-brief-19-2015#minusmas-challenges-1" {
		t.Fatalf("the permalink opened %q", got)
	}
	if got := eval(`document.querySelector(":target") ? document.querySelector(":target").id : ""`); got != "minusmas-challenges-1" {
		t.Errorf("the paragraph is not the target: %q", got)
	}
	if got := eval(`getComputedStyle(document.querySelector(":target")).outlineStyle`); got == "none" {
		t.Error("the paragraph linked to is not highlighted")
	}
	if top := eval(`String(Math.round(document.querySelector(":target").getBoundingClientRect().top))`); top != "0" && !strings.HasPrefix(top, "-") && len(top) > 3 {
		t.Errorf("the paragraph is %s px down the screen, not in view", top)
	}
	shot("permalink")

	// A footnote marker leads to its note, and the note back.
	marker := eval(`document.querySelector(":target sup.marker a").id`)
	do("follow a marker", chromedp.Click(chromedp.CSS(":target sup.marker a")))
	waitHash(t, ctx, "#fn.10")
	if got := eval(`document.querySelector(":target").tagName + " " + document.querySelector(":target").textContent.slice(0, 30)`); got != "LI Interview with senior UN staff" {
		t.Errorf("the marker's note: %q", got)
	}
	shot("footnote")
	do("back from the note", chromedp.Click(chromedp.CSS(`li:target a.back[href="#`+marker+`"]`)))
	waitHash(t, ctx, "#"+marker)

	// A permalink to a paragraph no longer held says so and offers a search.
	do("a gone paragraph", chromedp.Navigate(s.srv.URL+"/d/nupi-policy-brief-19-2015#minusmas-challenges-99"), chromedp.WaitVisible(chromedp.ID("gone")))
	if got := eval(`document.getElementById("gone-search").getAttribute("href")`); got != "/search?q=minusmas%20challenges%2099" {
		t.Errorf("the gone paragraph's search: %q", got)
	}
	shot("gone")
	do("a held paragraph", chromedp.Navigate(s.srv.URL+"/d/nupi-policy-brief-19-2015#recommendation-4"))
	if eval(`String(document.getElementById("gone").hidden)`) != "true" {
		t.Error("the notice of a gone paragraph shows for one that is held")
	}

	// A long document is read a page at a time. A link made before it was
	// paged, to a paragraph or a footnote marker on a later page, lands on
	// it; one to a paragraph it no longer holds says so, as on a document
	// of one page.
	deep := long.Passages[len(long.Passages)-1].Anchor()
	for _, anchor := range []string{deep, "ref." + deep + ".1"} {
		do("an old link into a paged document", chromedp.Navigate(s.srv.URL+"/d/"+long.ID+"#"+anchor))
		waitSearch(t, ctx, "?p="+anchor) // the script asks again for the page holding it
		do("the page holding "+anchor, chromedp.WaitVisible(chromedp.CSS(`[id="`+anchor+`"]`)))
		if got := eval(`document.querySelector(":target") ? document.querySelector(":target").id : ""`); got != anchor {
			t.Errorf("the old link to %s landed at %q", anchor, got)
		}
	}
	shot("paged")
	do("a paged document's gone paragraph", chromedp.Navigate(s.srv.URL+"/d/"+long.ID+"#no-such-paragraph"))
	waitSearch(t, ctx, "?p=no-such-paragraph")
	do("the gone notice", chromedp.WaitVisible(chromedp.ID("gone")))
	do("the next page", chromedp.Click(chromedp.CSS(`a[rel="next"]`)), chromedp.WaitVisible(chromedp.CSS(`a[rel="prev"]`)))

	do("compare", chromedp.Navigate(s.srv.URL+"/compare"), chromedp.WaitVisible(chromedp.CSS(".entry")))
	if got := eval(`location.pathname`); got != "/compare/s-res-9999-2031/s-res-9996-2032" {
		t.Errorf("/compare went to %q", got)
	}
	shot("compare")
	do("sources", chromedp.Navigate(s.srv.URL+"/sources"), chromedp.WaitVisible(chromedp.CSS("table.sources")))
	shot("sources")

	// On a phone: nothing wider than the screen.
	do("phone", chromedp.EmulateViewport(390, 844, chromedp.EmulateScale(2)),
		chromedp.Navigate(s.srv.URL+"/d/s-res-9996-2032"), chromedp.WaitVisible(chromedp.CSS("article.document")))
	if w := eval(`document.documentElement.scrollWidth + " " + window.innerWidth`); strings.Split(w, " ")[0] != strings.Split(w, " ")[1] {
		t.Errorf("on a phone the page scrolls sideways (page width, screen width: %s)", w)
	}
	shot("phone-resolution")

	// Dark.
	do("dark", chromedp.EmulateViewport(1000, 1400), chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
		_, err := chromedp.Call(ctx, emulation.SetEmulatedMedia, emulation.SetEmulatedMediaParams{
			Features: []*emulation.MediaFeature{{Name: "prefers-color-scheme", Value: "dark"}}})
		return err
	}), chromedp.Navigate(s.srv.URL+"/search?q=protection+of+civilians"), chromedp.WaitVisible(chromedp.CSS("ol.hits")))
	if bg := eval(`getComputedStyle(document.body).backgroundColor`); bg != "rgb(23, 24, 28)" {
		t.Errorf("dark mode background %q", bg)
	}
	shot("search-dark")

	// Printed: the paragraphs without the search box and navigation, an
	// outside link's address written out.
	do("print", chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
		_, err := chromedp.Call(ctx, emulation.SetEmulatedMedia, emulation.SetEmulatedMediaParams{Media: "print"})
		return err
	}), chromedp.Navigate(s.srv.URL+"/d/nupi-policy-brief-19-2015"), chromedp.WaitReady(chromedp.CSS("article.document")))
	if got := eval(`getComputedStyle(document.querySelector("header.site")).display + " " + getComputedStyle(document.body).backgroundColor`); got != "none rgb(255, 255, 255)" {
		t.Errorf("printed, the header and background are %q, want none and white", got)
	}
	shot("print")
	do("screen again", chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
		_, err := chromedp.Call(ctx, emulation.SetEmulatedMedia, emulation.SetEmulatedMediaParams{})
		return err
	}))

	// A hostile document, on its page and in results, runs nothing.
	for _, path := range []string{"/d/hostile-fixture", "/search?q=fictional+zeppelin+paragraph", "/sources"} {
		do(path, chromedp.Navigate(s.srv.URL+path), chromedp.WaitVisible(chromedp.CSS("main")))
		if got := eval(`String(window.xssFired)`); got != "undefined" {
			t.Errorf("%s: the hostile document's script ran (window.xssFired = %s)", path, got)
		}
		if n := eval(`String(document.querySelectorAll("main img, main svg, main script, main iframe").length)`); n != "0" {
			t.Errorf("%s: the hostile document made %s elements", path, n)
		}
	}
	shot("hostile")
	if n := dialogs.Load(); n != 0 {
		t.Errorf("%d script dialogs opened", n)
	}
}

// waitHash waits until the page's fragment is want.
func waitHash(t *testing.T, ctx context.Context, want string) {
	t.Helper()
	var got string
	for i := 0; i < 100; i++ {
		v, err := chromedp.Run(ctx, chromedp.Evaluate[string](`location.hash`))
		if err != nil {
			t.Fatal(err)
		}
		if got = v; got == want {
			return
		}
		time.Sleep(20 * time.Millisecond)
	}
	t.Fatalf("the page's fragment is %q, want %q", got, want)
}

// waitSearch waits for the page's query to be want, through the
// navigations a script may make on the way.
func waitSearch(t *testing.T, ctx context.Context, want string) {
	t.Helper()
	var got string
	for i := 0; i < 100; i++ {
		if v, err := chromedp.Run(ctx, chromedp.Evaluate[string](`document.readyState === "complete" ? location.search : ""`)); err == nil {
			if got = v; got == want {
				return
			}
		}
		time.Sleep(20 * time.Millisecond)
	}
	t.Fatalf("the page's query is %q, want %q", got, want)
}

// checkNotBlank fails a screenshot in which almost every pixel is the
// background's colour: a page that rendered nothing.
func checkNotBlank(t *testing.T, name string, b []byte) {
	t.Helper()
	img, err := png.Decode(bytes.NewReader(b))
	if err != nil {
		t.Fatalf("screenshot %s: %v", name, err)
	}
	if frac := inked(img); frac < 0.02 {
		t.Errorf("screenshot %s is blank: %.1f%% of its pixels differ from the background", name, 100*frac)
	} else {
		t.Logf("screenshot %s: %dx%d, %.1f%% inked, %d bytes", name, img.Bounds().Dx(), img.Bounds().Dy(), 100*frac, len(b))
	}
}

// inked is the share of img's pixels unlike its top-left corner's.
func inked(img image.Image) float64 {
	bg := fmt.Sprint(img.At(img.Bounds().Min.X, img.Bounds().Min.Y))
	r := img.Bounds()
	n, total := 0, 0
	for y := r.Min.Y; y < r.Max.Y; y += 2 {
		for x := r.Min.X; x < r.Max.X; x += 2 {
			total++
			if fmt.Sprint(img.At(x, y)) != bg {
				n++
			}
		}
	}
	return float64(n) / float64(total)
}

// phonePages are every kind of page, as a reader on a phone opens them:
// the search box, answers with long footnote addresses, a second page of
// answers, a weak answer, each document, a comparison (on a theme too),
// a renewal's with its facts side by side, the sources, and the error
// page.
var phonePages = []string{
	"/",
	"/search?q=Who+rejected+the+preliminary+peace+deal%3F",
	"/search?q=MINUSMA+mandate&page=2",
	"/search?q=zzzz+qqqq",
	"/d/nupi-policy-brief-19-2015",
	"/d/s-res-9996-2032",
	"/d/hostile-fixture",
	"/compare/s-res-9999-2031/s-res-9996-2032",
	"/compare/s-res-9999-2031/s-res-9996-2032?theme=civilians&show=all",
	"/compare/s-res-9994-2033/s-res-9995-2034",
	"/sources",
	"/no/such/page",
}

// TestBrowserPhone: on the narrowest phones (360 and 390 px wide), and
// on a desktop's screen, no page is wider than the screen (nothing
// scrolls sideways) and no table squeezes a header until its words break
// between letters.
func TestBrowserPhone(t *testing.T) {
	ctx := browser(t)
	s := newSite(t, testCorpus(t, append(renewalPair(t), hostileDoc())...), web.Config{RateLimit: 1000})
	if err := chromedp.Do(ctx, chromedp.Navigate("about:blank")); err != nil {
		t.Fatalf("start Chromium: %v", err)
	}
	for _, width := range []int64{360, 390, 1200} {
		for _, path := range phonePages {
			err := chromedp.Do(ctx, chromedp.EmulateViewport(width, 800, chromedp.EmulateScale(2)),
				chromedp.Navigate(s.srv.URL+path), chromedp.WaitReady(chromedp.CSS("footer.site")))
			if err != nil {
				t.Fatalf("%s at %d px: %v", path, width, err)
			}
			got, err := chromedp.Run(ctx, chromedp.Evaluate[string](`document.documentElement.scrollWidth + " " + window.innerWidth + " " +
				[...document.querySelectorAll("body *")].filter(e => e.getBoundingClientRect().right > window.innerWidth + 0.5).slice(0, 3).map(e => e.tagName + "." + e.className).join(",")`))
			if err != nil {
				t.Fatal(err)
			}
			f := strings.SplitN(got, " ", 3)
			if f[0] != f[1] {
				t.Errorf("%s at %d px: the page is %s px wide (too wide: %s)", path, width, f[0], f[2])
			}
			broken, err := chromedp.Run(ctx, chromedp.Evaluate[string](brokenHeaderWords))
			if err != nil {
				t.Fatal(err)
			}
			if broken != "" {
				t.Errorf("%s at %d px: a table's header is narrower than its words, which break between letters: %s", path, width, broken)
			}
			if dir := os.Getenv("MANDATEBOT_SCREENSHOTS"); dir != "" {
				b, err := chromedp.Run(ctx, chromedp.CaptureScreenshot())
				if err != nil {
					t.Fatal(err)
				}
				slug := strings.Trim(strings.NewReplacer("/", "-", "?", "-", "&", "-", "=", "-", "+", "-", "%", "-").Replace(path), "-")
				os.MkdirAll(dir, 0o755)
				os.WriteFile(filepath.Join(dir, fmt.Sprintf("phone-%d-%s.png", width, cmp.Or(slug, "home"))), b, 0o644)
			}
		}
	}
}

// brokenHeaderWords is a script that lists (up to five) the words of the
// page's visible table headers that are wider than their header's room,
// and so break between letters: "overflow-wrap: anywhere", which keeps
// long addresses from widening a phone's page, also lets a table shrink
// a column below its longest word ("Ma ndat e of MI NU SM A").
const brokenHeaderWords = `(() => {
	const c = document.createElement("canvas").getContext("2d");
	const out = [];
	for (const th of document.querySelectorAll("th")) {
		if (th.clientWidth === 0) continue;
		const cs = getComputedStyle(th);
		const room = th.clientWidth - parseFloat(cs.paddingLeft) - parseFloat(cs.paddingRight);
		const walk = document.createTreeWalker(th, NodeFilter.SHOW_TEXT);
		for (let n; (n = walk.nextNode()); ) {
			const ps = getComputedStyle(n.parentElement);
			c.font = ps.font;
			let text = n.textContent;
			if (ps.textTransform === "uppercase") text = text.toUpperCase();
			for (const w of text.split(/\s+/)) {
				if (w && c.measureText(w).width + (parseFloat(ps.letterSpacing) || 0) * w.length > room + 1) out.push(w);
			}
		}
	}
	return out.slice(0, 5).join(" ");
})()`
