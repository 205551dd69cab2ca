#!/usr/bin/env python3
"""Render source.txt (NASA Open Source Agreement 1.3, plain text as kept by the
Open Source Initiative) as input.docx with Word's automatic, multi-level
numbering.

One numbering definition (w:abstractNum) with three levels drives the whole
agreement, so no number or letter is in the text runs:
  level 0  "%1."  decimal       the five articles, on paragraphs of style
                                Heading 2 ("1. DEFINITIONS", ...)
  level 1  "%2."  upperLetter   the lettered paragraphs A., B., ... (style
                                List Paragraph); Word restarts them at A after
                                each article
  level 2  "%3."  decimal       the numbered sub-points 1., 2., ... under a
                                lettered paragraph (style List Paragraph);
                                Word restarts them after each lettered one
The title is a paragraph of style Heading 1; the text before article 1 is in
style Normal; the bracketed drafting notes inside 3.B and 3.F are unnumbered
paragraphs of style List Continue 2 under their lettered paragraph.

Source lines are hard-wrapped; a paragraph is rebuilt by joining its lines
with single spaces. A new paragraph starts at a line that begins with an
article number ("1. DEFINITIONS": a number and a line in capitals), a letter
("A. "), a sub-point number ("1. Use"), or "[" (a drafting note). Before
article 1, the title, the capitalised preamble paragraph and each form line
("Government Agency: ____", ...) are paragraphs of their own.

Usage: python3 make.py   (needs python-docx; writes input.docx next to this file)
"""
import os
import re

import docx
from docx.oxml import OxmlElement
from docx.oxml.ns import qn

HERE = os.path.dirname(os.path.abspath(__file__))

ARTICLE = re.compile(r"^(\d+)\. ([A-Z][A-Z ;,]+)$")
LETTER = re.compile(r"^([A-Z])\.\s+(.*)$")
NUMBER = re.compile(r"^(\d+)\.\s+(.*)$")


def parse(path):
    with open(path, encoding="utf-8") as f:
        lines = [l.rstrip("\n") for l in f]
    lines = [l.strip() for l in lines]

    start = next(i for i, l in enumerate(lines) if ARTICLE.match(l))
    front = [l for l in lines[:start] if l]
    title = front[0]
    # the capitalised paragraph runs up to "THIS AGREEMENT."
    end = next(i for i, l in enumerate(front) if l.endswith("THIS AGREEMENT."))
    preamble = [" ".join(front[1:end + 1])] + front[end + 1:]

    blocks = []  # (kind, label, text)
    for l in lines[start:]:
        if not l:
            continue
        m = ARTICLE.match(l)
        if m:
            blocks.append(["article", m.group(1), m.group(2)])
            continue
        m = LETTER.match(l)
        if m:
            blocks.append(["letter", m.group(1), m.group(2)])
            continue
        m = NUMBER.match(l)
        if m:
            blocks.append(["number", m.group(1), m.group(2)])
            continue
        if l.startswith("["):
            blocks.append(["note", None, l])
            continue
        blocks[-1][2] += " " + l
    return title, preamble, blocks


def el(tag, **attrs):
    e = OxmlElement(tag)
    for k, v in attrs.items():
        e.set(qn("w:" + k), str(v))
    return e


def numbering_definition(numbering, abstract_id, num_id):
    abstract = el("w:abstractNum", abstractNumId=abstract_id)
    abstract.append(el("w:multiLevelType", val="multilevel"))
    levels = [("decimal", "%1.", 432, 432),
              ("upperLetter", "%2.", 792, 360),
              ("decimal", "%3.", 1152, 360)]
    for ilvl, (fmt, text, left, hanging) in enumerate(levels):
        lvl = el("w:lvl", ilvl=ilvl)
        lvl.append(el("w:start", val=1))
        lvl.append(el("w:numFmt", val=fmt))
        lvl.append(el("w:lvlText", val=text))
        lvl.append(el("w:lvlJc", val="left"))
        ppr = el("w:pPr")
        ppr.append(el("w:ind", left=left, hanging=hanging))
        lvl.append(ppr)
        abstract.append(lvl)
    numbering.find(qn("w:num")).addprevious(abstract)
    num = el("w:num", numId=num_id)
    num.append(el("w:abstractNumId", val=abstract_id))
    numbering.append(num)


def set_num(paragraph, num_id, ilvl):
    ppr = paragraph._p.get_or_add_pPr()
    numpr = el("w:numPr")
    numpr.append(el("w:ilvl", val=ilvl))
    numpr.append(el("w:numId", val=num_id))
    ppr.append(numpr)


def main():
    title, preamble, blocks = parse(os.path.join(HERE, "source.txt"))
    document = docx.Document()
    numbering_definition(document.part.numbering_part.element, 30, 30)

    document.add_paragraph(title, style="Heading 1")
    for text in preamble:
        document.add_paragraph(text, style="Normal")

    expected = {"article": 1}
    for kind, label, text in blocks:
        if kind == "article":
            assert int(label) == expected["article"], label
            expected = {"article": int(label) + 1, "letter": "A"}
            p = document.add_paragraph(text, style="Heading 2")
            set_num(p, 30, 0)
        elif kind == "letter":
            assert label == expected["letter"], label
            expected["letter"] = chr(ord(label) + 1)
            expected["number"] = 1
            p = document.add_paragraph(text, style="List Paragraph")
            set_num(p, 30, 1)
        elif kind == "number":
            assert int(label) == expected["number"], label
            expected["number"] += 1
            p = document.add_paragraph(text, style="List Paragraph")
            set_num(p, 30, 2)
        else:
            document.add_paragraph(text, style="List Continue 2")

    props = document.core_properties
    props.title = "NASA Open Source Agreement Version 1.3"
    props.author = "National Aeronautics and Space Administration"
    save_reproducibly(document, os.path.join(HERE, "input.docx"))


def save_reproducibly(document, path):
    """Save with fixed timestamps so that make.py always writes the same bytes."""
    import datetime
    import io
    import zipfile
    stamp = datetime.datetime(2020, 1, 1, 0, 0, 0)
    props = document.core_properties
    props.created = stamp
    props.modified = stamp
    props.last_printed = stamp
    props.revision = 1
    buffer = io.BytesIO()
    document.save(buffer)
    with zipfile.ZipFile(io.BytesIO(buffer.getvalue())) as src, \
            zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            entry = zipfile.ZipInfo(info.filename, date_time=stamp.timetuple()[:6])
            entry.compress_type = zipfile.ZIP_DEFLATED
            dst.writestr(entry, src.read(info.filename))


if __name__ == "__main__":
    main()
