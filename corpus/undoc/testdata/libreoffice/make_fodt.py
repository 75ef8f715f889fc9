#!/usr/bin/env python3
"""Writes flat ODT documents laid out like UN Security Council documents.

Their text is SYNTHETIC and about a FICTIONAL mission (UNFMR) in a fictional
country (Ruritania); it is not, and does not quote, any UN document.

Layout, as the Official Document System's Word templates set it: Liberation
Serif (metric-compatible with Times New Roman) 12 pt; paragraph numbers set
off by a tab stop; hanging indents for (a) and (i); centred headings; a
running header with the symbol and a footer with the job number and
"page n/N". regenerate.sh turns each .fodt into a PDF with LibreOffice.

"make_fodt.py --sources OUT a.json …" writes OUT/a.fodt for each
undoctest.Source given as JSON instead, in the same layout: how undoctest's
Renderer lays out the texts it is given (real resolutions from the public
dataset, which stay outside the repository) for LibreOffice.
"""
import html
import json
import sys

HEAD = """<?xml version="1.0" encoding="UTF-8"?>
<office:document xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0"
 xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0"
 xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"
 xmlns:fo="urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0"
 xmlns:svg="urn:oasis:names:tc:opendocument:xmlns:svg-compatible:1.0"
 office:version="1.3" office:mimetype="application/vnd.oasis.opendocument.text">
<office:font-face-decls>
 <style:font-face style:name="Liberation Serif" svg:font-family="'Liberation Serif'" style:font-family-generic="roman"/>
</office:font-face-decls>
<office:styles>
 <style:default-style style:family="paragraph">
  <style:paragraph-properties fo:margin-bottom="0.2cm" fo:text-align="justify"/>
  <style:text-properties style:font-name="Liberation Serif" fo:font-size="12pt" fo:language="en" fo:country="GB"/>
 </style:default-style>
 <style:style style:name="Standard" style:family="paragraph"/>
 <style:style style:name="Front" style:family="paragraph"><style:paragraph-properties fo:text-align="start"/></style:style>
 <style:style style:name="Title" style:family="paragraph"><style:paragraph-properties fo:text-align="start" fo:margin-top="0.4cm"/><style:text-properties fo:font-size="16pt" fo:font-weight="bold"/></style:style>
 <style:style style:name="Heading" style:family="paragraph"><style:paragraph-properties fo:text-align="center" fo:margin-top="0.3cm" fo:keep-with-next="always"/><style:text-properties fo:font-style="italic"/></style:style>
 <style:style style:name="Pre" style:family="paragraph"><style:paragraph-properties fo:margin-left="1.27cm" fo:text-indent="1.27cm"/></style:style>
 <style:style style:name="Op" style:family="paragraph"><style:paragraph-properties fo:margin-left="1.27cm" fo:text-indent="0cm">
  <style:tab-stops><style:tab-stop style:position="1.27cm"/></style:tab-stops></style:paragraph-properties></style:style>
 <style:style style:name="Sub" style:family="paragraph"><style:paragraph-properties fo:margin-left="2.54cm" fo:text-indent="-0.76cm">
  <style:tab-stops><style:tab-stop style:position="0cm"/></style:tab-stops></style:paragraph-properties></style:style>
 <style:style style:name="Subtext" style:family="paragraph"><style:paragraph-properties fo:margin-left="2.54cm" fo:text-indent="0cm"/></style:style>
 <style:style style:name="Subsub" style:family="paragraph"><style:paragraph-properties fo:margin-left="3.56cm" fo:text-indent="-1.02cm">
  <style:tab-stops><style:tab-stop style:position="0cm"/></style:tab-stops></style:paragraph-properties></style:style>
 <style:style style:name="Header" style:family="paragraph"><style:paragraph-properties fo:text-align="start"/><style:text-properties fo:font-size="10pt" fo:font-weight="bold"/></style:style>
 <style:style style:name="Footer" style:family="paragraph"><style:paragraph-properties fo:text-align="start">
  <style:tab-stops><style:tab-stop style:position="16cm" style:type="right"/></style:tab-stops></style:paragraph-properties><style:text-properties fo:font-size="8pt"/></style:style>
 <style:style style:name="ReportHead" style:family="paragraph"><style:paragraph-properties fo:text-align="start" fo:margin-left="-1.27cm" fo:margin-top="0.3cm" fo:keep-with-next="always">
  <style:tab-stops><style:tab-stop style:position="0cm"/></style:tab-stops></style:paragraph-properties><style:text-properties fo:font-weight="bold"/></style:style>
 <style:style style:name="Speech" style:family="paragraph"><style:paragraph-properties fo:text-indent="1.27cm"/></style:style>
 <style:style style:name="B" style:family="text"><style:text-properties fo:font-weight="bold"/></style:style>
 <style:style style:name="I" style:family="text"><style:text-properties fo:font-style="italic"/></style:style>
</office:styles>
<office:automatic-styles>
 <style:page-layout style:name="pm1"><style:page-layout-properties fo:page-width="21cm" fo:page-height="29.7cm" fo:margin-top="1.5cm" fo:margin-bottom="1.5cm" fo:margin-left="2.5cm" fo:margin-right="2.5cm"/>
  <style:header-style><style:header-footer-properties fo:min-height="0.8cm" fo:margin-bottom="0.5cm"/></style:header-style>
  <style:footer-style><style:header-footer-properties fo:min-height="0.8cm" fo:margin-top="0.5cm"/></style:footer-style>
 </style:page-layout>
</office:automatic-styles>
<office:master-styles>
 <style:master-page style:name="Standard" style:page-layout-name="pm1">
  <style:header><text:p text:style-name="Header">%(symbol)s</text:p></style:header>
  <style:footer><text:p text:style-name="Footer">%(job)s<text:tab/><text:page-number text:select-page="current">1</text:page-number>/<text:page-count>1</text:page-count></text:p></style:footer>
 </style:master-page>
</office:master-styles>
<office:body><office:text>
"""

TAIL = "</office:text></office:body></office:document>\n"


def esc(s):
    return html.escape(s, quote=False)


def para(style, text, italic=""):
    lead = '<text:span text:style-name="I">%s</text:span>' % esc(italic) if italic else ""
    return '<text:p text:style-name="%s">%s%s</text:p>\n' % (style, lead, text)


def runs(fields, italic):
    """Runs of text alternating between upright and italic type, starting
    italic or not: a paragraph's text as undoctest.Source holds it."""
    out = []
    for f in fields:
        if f:
            out.append('<text:span text:style-name="I">%s</text:span>' % esc(f) if italic else esc(f))
        italic = not italic
    return "".join(out)


def numbered(style, mark, fields):
    # The mark, a tab, then the text: numbers set off by a tab stop.
    return para(style, esc(mark) + "<text:tab/>" + runs(fields, False))


SOURCES = {}  # name -> what the document is made of, for the fpdf rendering


def document(symbol, job, front, body):
    SOURCES["last"] = {"symbol": symbol, "job": job, "front": [list(f) for f in front], "body": [list(b) for b in body]}
    out = [HEAD % {"symbol": esc(symbol), "job": esc(job)}]
    for style, line in front:
        out.append(para(style, esc(line)))
    for b in body:
        kind = b[0]
        if kind == "pre":
            out.append(para("Pre", runs(b[1:], True)))
        elif kind == "subtext":
            out.append(para("Subtext", runs(b[1:], False)))
        elif kind == "head":
            out.append(para("Heading", esc(b[1])))
        elif kind == "plain":
            out.append(para("Standard", esc(b[1])))
        elif kind == "rhead":
            out.append(para("ReportHead", esc(b[1]) + "<text:tab/>" + esc(b[2])))
        elif kind == "para":
            out.append(para("Op", esc(b[1]) + "<text:tab/>" + esc(b[2])))
        elif kind == "speech":
            speaker = '<text:span text:style-name="B">%s</text:span>' % esc(b[1]) if b[1] else ""
            out.append(para("Speech", speaker + esc(b[2])))
        else:
            style = {"op": "Op", "sub": "Sub", "subsub": "Subsub", "bullet": "Sub"}[kind]
            out.append(numbered(style, b[1], b[2:]))
    out.append(TAIL)
    return "".join(out)


def resolution(number, year, body, date):
    sym = "S/RES/%s (%s)" % (number, year)
    front = [("Front", "United Nations"), ("Front", sym), ("Front", "Security Council"),
             ("Front", "Distr.: General"), ("Front", date),
             ("Title", "Resolution %s (%s)" % (number, year)),
             ("Front", "Adopted by the Security Council at its 9999th meeting, on %s" % date),
             ("Standard", "The Security Council,")]
    return sym, document(sym, year[2:] + "-04321 (E)", front, body)


LETTERS = "abcdefghij"
ROMANS = ["i", "ii", "iii"]


def fictional_body(later):
    """The fictional mandate; the later one adds, removes and rewords tasks."""
    b = [
        ("pre", "Recalling", " its previous resolutions on the fictional Republic of Ruritania, in particular resolution 9990 (2030),"),
        ("pre", "Welcoming", " the efforts of the fictional Ruritanian authorities to hold inclusive, peaceful and credible elections in the northern provinces,"),
        ("pre", "Expressing", " deep concern at the fragile security situation in the fictional northern provinces, and at attacks against peacekeepers of the fictional mission,"),
        ("pre", "Determining", " that the situation in Ruritania constitutes a threat to international peace and security in the region,"),
        ("pre", "Acting", " under Chapter VII of the Charter of the United Nations,"),
        ("head", "Political process"),
        ("op", "1.", "Urges the fictional parties to implement the agreement on peace and reconciliation in Ruritania without delay;"),
        ("op", "2.", "Calls upon the fictional authorities to pursue an inclusive dialogue with all communities of the northern provinces;"),
        ("head", "Mandate of UNFMR"),
        ("op", "3.", "Decides to extend the mandate of the United Nations Fictional Mission in Ruritania (UNFMR) until 30 June 2032;"),
        ("op", "4.", "Decides that the mandate of UNFMR shall be the following:"),
    ]
    tasks = [
        "Security, stabilization and protection of civilians:",
        "Support for national political dialogue and reconciliation, including by facilitating an inclusive dialogue between all fictional parties;",
        "Support for the restoration of State authority throughout the fictional country, including the rebuilding of the security sector;",
        "Promotion and protection of human rights, including by monitoring and reporting violations committed in the fictional provinces;",
        "Support for humanitarian assistance, in particular by creating a secure environment for the safe delivery of aid;",
        "Support for cultural preservation, including the protection of the fictional historical sites of the capital;",
        "Support for the cantonment, disarmament and demobilization of fictional armed groups;",
        "Support for the organization of inclusive, free and fair local elections in the fictional provinces;",
        "Support for mine action, including the clearance of explosive remnants of war along the fictional river roads;",
        "Protection of United Nations personnel, installations and equipment, and freedom of movement of its personnel;",
    ]
    if later:
        # The later mandate, against the earlier: elections reworded,
        # cultural preservation removed, protection of personnel moved up
        # to second, children affected by armed conflict added.
        tasks[7] = "Support for the organization of inclusive, free, fair and transparent local and regional elections in the fictional provinces;"
        del tasks[5]
        tasks.insert(1, tasks.pop())
        tasks.append("Support for the national mechanisms for the protection of children affected by armed conflict;")
    for i, t in enumerate(tasks):
        b.append(("sub", "(%s)" % LETTERS[i], t))
        if i == 0:
            b.append(("subsub", "(i)", "To support the fictional authorities in stabilizing key population centres, especially in the north of Ruritania, and to deter threats and take active steps to prevent the return of armed elements to those areas, including by long-range patrols along the fictional river roads and the main supply routes between the capital and the northern provinces;"))
            b.append(("subsub", "(ii)", "To protect, without prejudice to the responsibility of the fictional authorities, civilians under imminent threat of physical violence, within its capabilities and areas of deployment;"))
            b.append(("subsub", "(iii)", "To provide specific protection for women and children affected by armed conflict, including through child protection advisers and women protection advisers;"))
    b += [
        ("head", "Capacities of UNFMR"),
        ("op", "5.", "Authorizes UNFMR to use all necessary means, within its capabilities and its areas of deployment, to carry out its mandate;"),
        ("op", "6.", "Requests the Secretary-General to ensure close coordination between UNFMR and the fictional regional forces;"),
        ("op", "7.", "Requests the Secretary-General to report on the implementation of this resolution every three months;"),
        ("op", "8.", "Decides to remain actively seized of the matter."),
    ]
    return b


FILLERS = ["", "the northern provinces and ", "the northern provinces, the river roads and ",
           "the northern provinces, the river roads, the capital and "]

# Fillers that put, in LibreOffice's layout then in fpdf's, the word after
# them at the start of a line (found by trying; TestStructuresFixtureExercises
# says when a change of layout moves them).
AT_LINE_START = {"participle": [("the river roads and ", "Kalim"), ("the river roads, the hills, the coast and ", "Kalim")],
                 "inline": [("the river roads and ", "Kalimarov"), ("the river roads, the hills, the coast and ", "Kalimaro")]}


def structures_body():
    """A fictional resolution with the structures real ones use and the
    first fixtures lacked: participles inside preambular paragraphs (in
    italics, several placed so that one starts a line), a heading between
    preambular paragraphs, a heading on two lines, a list written inside a
    sentence, compounds broken at their hyphen, group headings without a
    colon, with numerals under them or an unmarked paragraph, a heading
    inside a list, a list ending "; and", a numbered list directly under a
    paragraph and a list set off by dashes."""
    b = [("pre", "Recalling", " its previous resolutions on the fictional Republic of Ruritania, and ", "welcoming",
          " the efforts of the fictional authorities to hold elections,")]
    for tail, town in AT_LINE_START["participle"]:
        b.append(("pre", "Noting", " the fictional reports on %sthe town of %s, and " % (tail, town), "welcoming",
                  " the efforts of the fictional authorities,"))
    b.append(("head", "Northern provinces"))
    for i, filler in enumerate(FILLERS[:3]):
        b.append(("pre", "Deeply concerned", " at the fictional attacks on %sthe mission's convoys, " % filler, "stressing",
                  " that the fictional perpetrators must be held accountable, and ", "urging", " all fictional parties to respect the ceasefire,"))
    b.append(("pre", "Acting", " under Chapter VII of the Charter of the United Nations,"))
    b.append(("head", "Political process, reconciliation and the implementation of the fictional agreement on peace in the Republic of Ruritania and its provinces"))
    for n, (tail, town) in enumerate(AT_LINE_START["inline"]):
        b.append(("op", "%d." % (n + 1), "", "Urges", " the fictional authorities of %sthe town of %s to: (a) hold inclusive elections; (b) adopt the fictional electoral law; and (c) report to the Council on both;" % (tail, town)))
    for n, filler in enumerate(FILLERS):
        b.append(("op", "%d." % (n + 3), "", "Requests", " the Secretary-General to report on %sthe troop-contributing countries, the follow-up mechanism, the State-controlled media, the inter-mission cooperation and the long-term plan;" % filler))
    b += [
        ("head", "Mandate of the fictional mission"),
        ("op", "7.", "", "Decides", " that the mandate of the fictional mission shall be the following:"),
        ("sub", "(a)", "Security, stabilization and protection of civilians in the fictional provinces"),
        ("subsub", "(i)", "To support the fictional authorities in stabilizing the population centres of the north;"),
        ("subsub", "(ii)", "To protect civilians under imminent threat of physical violence in the fictional provinces;"),
        ("sub", "(b)", "Support for the fictional cantonment process"),
        ("subtext", "To support the cantonment of the fictional armed groups, in close coordination with the fictional authorities;"),
        ("head", "Other tasks"),
        ("sub", "(c)", "Support for the fictional elections, including logistical support; and"),
        ("sub", "(d)", "Protection of the fictional historical sites of the capital;"),
        ("op", "8.", "", "Decides", " that the fictional authorities shall:"),
        ("sub", "(i)", "Report every three months on the fictional cantonment;"),
        ("sub", "(ii)", "Publish the fictional electoral calendar;"),
        ("op", "9.", "", "Calls upon", " the fictional parties to respect the following principles:"),
        ("bullet", "\u2013", "full respect for the fictional ceasefire line;"),
        ("bullet", "\u2013", "no fictional foreign forces without the consent of the Government;"),
        ("op", "10.", "", "Decides", " to remain actively seized of the matter."),
    ]
    return b


def report():
    sym = "S/2031/100"
    front = [("Front", "United Nations"), ("Front", sym), ("Front", "Security Council"),
             ("Front", "Distr.: General"), ("Front", "1 June 2031"),
             ("Title", "Report of the Secretary-General on the fictional situation in Ruritania")]
    long = ("The fictional security situation in the north of Ruritania remained volatile during the period under review. "
            "Armed elements of the fictional provinces carried out attacks against convoys on the river roads, and the "
            "mission recorded incidents involving explosive devices near the fictional capital and along the supply routes. ")
    body = [("rhead", "I.", "Introduction"),
            ("para", "1.", "The present report is submitted pursuant to fictional resolution 9998 (2031) and covers the fictional period from March to May 2031."),
            ("rhead", "II.", "Security situation")]
    n = 2
    for i in range(9):
        body.append(("para", "%d." % n, long * (1 + i % 2)))
        n += 1
    body += [("rhead", "III.", "Observations"),
             ("para", "%d." % n, "I remain concerned by the fictional attacks against peacekeepers and call upon all fictional parties to respect the agreement."),
             ("para", "%d." % (n + 1), "I thank the fictional troop-contributing countries for their commitment to the mission.")]
    return sym, document(sym, "31-00100 (E)", front, body)


def record():
    sym = "S/PV.9998"
    front = [("Front", "United Nations"), ("Front", sym), ("Front", "Security Council"),
             ("Front", "Eighty-sixth year"), ("Title", "9998th meeting"),
             ("Front", "Thursday, 3 July 2031, 10 a.m."), ("Front", "New York")]
    body = [("speech", "The President: ", "The fictional meeting is called to order. The agenda is adopted."),
            ("speech", "", "I give the floor to the representative of the fictional Republic of Ruritania.")]
    for i in range(6):
        body.append(("speech", "Mr. Example (Ruritania) (spoke in French): " if i == 0 else "",
                     "The fictional Government of Ruritania asks the Council for a rapid fictional force able to protect the northern provinces and the river roads, "
                     "and for support to the fictional national army in the cantonment of armed groups. " * (2 if i % 2 else 1)))
    body += [("speech", "Ms. Sample (Fictionland): ", "Fictionland supports the renewal of the fictional mission and its focus on the protection of civilians."),
             ("speech", "The President: ", "There are no more names inscribed on the list of speakers. The meeting rose at 11.05 a.m.")]
    return sym, document(sym, "31-00200 (E)", front, body)


def write(out, name, doc):
    with open("%s/%s.fodt" % (out, name), "w", encoding="utf-8") as f:
        f.write(doc)
    # The same document as data, so that the tests can render it with a
    # second producer (go-pdf/fpdf) and compare what both parse to.
    with open("%s/%s.json" % (out, name), "w", encoding="utf-8") as f:
        json.dump(SOURCES["last"], f, ensure_ascii=False, indent=1)
        f.write("\n")


def from_sources(paths, out):
    """Writes <out>/<name>.fodt for each undoctest.Source in <name>.json:
    how undoctest renders real texts with LibreOffice."""
    import os
    for p in paths:
        with open(p, encoding="utf-8") as f:
            src = json.load(f)
        name = os.path.splitext(os.path.basename(p))[0]
        with open(os.path.join(out, name + ".fodt"), "w", encoding="utf-8") as f:
            f.write(document(src["symbol"], src["job"], src["front"], src["body"]))


def main():
    if len(sys.argv) > 1 and sys.argv[1] == "--sources":
        # make_fodt.py --sources OUT a.json b.json ...
        from_sources(sys.argv[3:], sys.argv[2])
        return
    out = sys.argv[1] if len(sys.argv) > 1 else "."
    for name, number, year, later, date in [("lo-resolution-9998", "9998", "2031", False, "2 June 2031"),
                                            ("lo-resolution-9999", "9999", "2032", True, "28 June 2032")]:
        _, doc = resolution(number, year, fictional_body(later), date)
        write(out, name, doc)
    _, doc = resolution("9990", "2030", structures_body(), "2 May 2030")
    write(out, "lo-resolution-9990", doc)
    for name, make in [("lo-report-2031-100", report), ("lo-record-9998", record)]:
        _, doc = make()
        write(out, name, doc)


if __name__ == "__main__":
    main()
