#!/usr/bin/env python3
"""Render source.txt (the Digital Services Playbook, introduction and plays 1-7)
as input.docx with Word's automatic numbering.

Layout:
  - "Digital Services Playbook"           -> style Title
  - the introduction paragraphs            -> style Normal
  - each play's title                      -> style Heading 1, numbered by a
                                              numbering definition "%1." (so Word
                                              shows "1.", "2.", ...; the number is
                                              not in the text runs)
  - the play's description paragraphs      -> style Normal
  - "Checklist", "Key Questions"           -> style Heading 2 (unnumbered)
  - checklist items ("1. ..." in source)   -> style List Number; the number is
                                              dropped from the text and Word's
                                              numbering shows it. Each play's
                                              checklist restarts at 1 through its
                                              own w:num with a startOverride, as
                                              Word's "Restart at 1" does.
  - key questions ("- ..." in source)      -> style List Bullet
  - Markdown links [text](url)             -> real hyperlinks showing "text"

Usage: python3 make.py   (needs python-docx; writes input.docx next to this file)
"""
import os
import re

import docx
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn

HERE = os.path.dirname(os.path.abspath(__file__))


def parse(path):
    """Return (intro_title, intro_paragraphs, plays); each play is a dict."""
    files = {}
    name = None
    with open(path, encoding="utf-8") as f:
        for line in f:
            line = line.rstrip("\n")
            m = re.match(r"^==> (.*) <==$", line)
            if m:
                name = m.group(1)
                files[name] = []
                continue
            files[name].append(line)

    intro = files.pop("_includes/introduction.md")
    title = intro[0][2:].strip()  # "# Digital Services Playbook"
    intro_paras = [l.strip() for l in intro[1:] if l.strip()]

    plays = []
    for name in sorted(files):
        lines = files[name]
        assert lines[0] == "---"
        end = lines.index("---", 1)
        meta = dict(l.split(": ", 1) for l in lines[1:end])
        play = {"number": int(meta["play_number"]), "title": meta["title"],
                "description": [], "sections": []}
        section = None
        for l in lines[end + 1:]:
            s = l.strip()
            if not s:
                continue
            if s.startswith("### "):
                section = {"heading": s[4:], "items": []}
                play["sections"].append(section)
            elif section is None:
                play["description"].append(s)
            else:
                m = re.match(r"^(\d+)\.\s+(.*)$", s)
                if m:
                    section["items"].append(("number", int(m.group(1)), m.group(2)))
                else:
                    m = re.match(r"^-\s+(.*)$", s)
                    assert m, s
                    section["items"].append(("bullet", None, m.group(1)))
        plays.append(play)
    plays.sort(key=lambda p: p["number"])
    return title, intro_paras, plays


def add_hyperlink(paragraph, text, url):
    r_id = paragraph.part.relate_to(url, RT.HYPERLINK, is_external=True)
    link = OxmlElement("w:hyperlink")
    link.set(qn("r:id"), r_id)
    run = OxmlElement("w:r")
    rpr = OxmlElement("w:rPr")
    color = OxmlElement("w:color")
    color.set(qn("w:val"), "0563C1")
    underline = OxmlElement("w:u")
    underline.set(qn("w:val"), "single")
    rpr.append(color)
    rpr.append(underline)
    run.append(rpr)
    t = OxmlElement("w:t")
    t.text = text
    t.set(qn("xml:space"), "preserve")
    run.append(t)
    link.append(run)
    paragraph._p.append(link)


def add_text(paragraph, text):
    """Add text, turning Markdown links into hyperlinks."""
    pos = 0
    for m in re.finditer(r"\[([^\]]+)\]\(([^)]+)\)", text):
        if m.start() > pos:
            paragraph.add_run(text[pos:m.start()])
        add_hyperlink(paragraph, m.group(1), m.group(2))
        pos = m.end()
    if pos < len(text):
        paragraph.add_run(text[pos:])


def set_num(paragraph, num_id, ilvl=0):
    ppr = paragraph._p.get_or_add_pPr()
    numpr = OxmlElement("w:numPr")
    lvl = OxmlElement("w:ilvl")
    lvl.set(qn("w:val"), str(ilvl))
    nid = OxmlElement("w:numId")
    nid.set(qn("w:val"), str(num_id))
    numpr.append(lvl)
    numpr.append(nid)
    ppr.append(numpr)


def main():
    title, intro, plays = parse(os.path.join(HERE, "source.txt"))
    document = docx.Document()
    numbering = document.part.numbering_part.element

    # abstractNum used by the style "List Number" in python-docx's template
    list_number_num = document.styles["List Number"].element.pPr.numPr.numId.val
    list_number_abstract = None
    for num in numbering.findall(qn("w:num")):
        if num.get(qn("w:numId")) == str(list_number_num):
            list_number_abstract = num.find(qn("w:abstractNumId")).get(qn("w:val"))

    # A numbering definition for the play headings: "1.", "2.", ...
    abstract = OxmlElement("w:abstractNum")
    abstract.set(qn("w:abstractNumId"), "20")
    mlt = OxmlElement("w:multiLevelType")
    mlt.set(qn("w:val"), "singleLevel")
    abstract.append(mlt)
    lvl = OxmlElement("w:lvl")
    lvl.set(qn("w:ilvl"), "0")
    for tag, val in (("w:start", "1"), ("w:numFmt", "decimal"),
                     ("w:lvlText", "%1."), ("w:lvlJc", "left")):
        e = OxmlElement(tag)
        e.set(qn("w:val"), val)
        lvl.append(e)
    ppr = OxmlElement("w:pPr")
    ind = OxmlElement("w:ind")
    ind.set(qn("w:left"), "432")
    ind.set(qn("w:hanging"), "432")
    ppr.append(ind)
    lvl.append(ppr)
    abstract.append(lvl)
    first_num = numbering.find(qn("w:num"))
    first_num.addprevious(abstract)  # abstractNums must precede nums

    def new_num(num_id, abstract_id, restart=False):
        num = OxmlElement("w:num")
        num.set(qn("w:numId"), str(num_id))
        a = OxmlElement("w:abstractNumId")
        a.set(qn("w:val"), str(abstract_id))
        num.append(a)
        if restart:
            o = OxmlElement("w:lvlOverride")
            o.set(qn("w:ilvl"), "0")
            s = OxmlElement("w:startOverride")
            s.set(qn("w:val"), "1")
            o.append(s)
            num.append(o)
        numbering.append(num)
        return num_id

    heading_num = new_num(20, 20)

    document.add_paragraph(title, style="Title")
    for text in intro:
        add_text(document.add_paragraph(style="Normal"), text)

    next_num = 21
    for play in plays:
        h = document.add_paragraph(play["title"], style="Heading 1")
        set_num(h, heading_num)
        for text in play["description"]:
            add_text(document.add_paragraph(style="Normal"), text)
        for section in play["sections"]:
            document.add_paragraph(section["heading"], style="Heading 2")
            checklist_num = None
            expected = 1
            for kind, number, text in section["items"]:
                if kind == "number":
                    assert number == expected, (play["number"], number)
                    expected += 1
                    p = document.add_paragraph(style="List Number")
                    if play["number"] > 1:
                        # restart numbering at 1 for this play's checklist
                        if checklist_num is None:
                            checklist_num = new_num(next_num, list_number_abstract, restart=True)
                            next_num += 1
                        set_num(p, checklist_num)
                    add_text(p, text)
                else:
                    add_text(document.add_paragraph(style="List Bullet"), text)

    props = document.core_properties
    props.title = "Digital Services Playbook"
    props.author = "U.S. Digital Service"
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
