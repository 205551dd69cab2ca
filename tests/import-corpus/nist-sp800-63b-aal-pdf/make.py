#!/usr/bin/env python3
"""Render source.txt (NIST SP 800-63B, section 4 "Authenticator Assurance
Levels", subsections 4.1 to 4.3, Markdown as kept in usnistgov/800-63-3) as a
paginated PDF, input.pdf, the way a typeset report looks:

  - US Letter pages, one column, ragged right;
  - a running header on every page (publication number left, short title
    right, a rule below) and a footer on every page (the DOI left, "Page N of M"
    right);
  - headings "4 ...", "4.1 ...", "4.1.1 ..." in bold sans serif, sized by their
    Markdown level, the number printed as in the source;
  - body text in DejaVu Serif; *...* and _..._ in italics; Markdown links show
    their text only (in blue); HTML anchors (<a name=...></a>) are invisible;
    &mdash; is an em dash; "* " items are bullets (•); the "> Note:" block is an
    indented paragraph with a bar on its left;
  - a word that does not fit at the end of a line is hyphenated with pyphen's
    en_US patterns when the line would otherwise leave more than 10% of its
    width empty and at least three letters stay on each side (only words made
    of letters, optionally followed by punctuation, and never at an existing
    hyphen); every word split this way is printed to standard output.

Needs: pip install fpdf2 pyphen; the DejaVu fonts (Debian package
fonts-dejavu-core, /usr/share/fonts/truetype/dejavu).
Usage: python3 make.py   (writes input.pdf next to this file)
"""
import datetime
import os
import re

import pyphen
from fpdf import FPDF

HERE = os.path.dirname(os.path.abspath(__file__))
FONTS = "/usr/share/fonts/truetype/dejavu"

HEADER_LEFT = "NIST SP 800-63B"
HEADER_RIGHT = "DIGITAL IDENTITY GUIDELINES: AUTHENTICATION AND LIFECYCLE MANAGEMENT"
FOOTER_LEFT = "https://doi.org/10.6028/NIST.SP.800-63b"

BODY_SIZE = 10.5
LINE_H = 5.1  # mm
HEADING_SIZE = {2: 14, 3: 12, 4: 11}
LEFT, RIGHT, TOP, BOTTOM = 25.0, 25.0, 24.0, 24.0

HYPH = pyphen.Pyphen(lang="en_US", left=3, right=3)
hyphenated = []


class Doc(FPDF):
    def header(self):
        self.set_font("Sans", "", 7.5)
        self.set_text_color(60, 60, 60)
        self.set_xy(LEFT, 12)
        self.cell(40, 4, HEADER_LEFT)
        self.set_xy(self.w - RIGHT - 130, 12)
        self.cell(130, 4, HEADER_RIGHT, align="R")
        self.set_draw_color(120, 120, 120)
        self.line(LEFT, 17, self.w - RIGHT, 17)
        self.set_text_color(0, 0, 0)

    def footer(self):
        self.set_font("Sans", "", 7.5)
        self.set_text_color(60, 60, 60)
        self.set_xy(LEFT, self.h - 14)
        self.cell(90, 4, FOOTER_LEFT)
        self.set_xy(self.w - RIGHT - 40, self.h - 14)
        self.cell(40, 4, "Page %d of {nb}" % self.page_no(), align="R")
        self.set_text_color(0, 0, 0)


def clean(text):
    text = re.sub(r"<a name=\"[^\"]*\"></a>", "", text)
    return text.replace("&mdash;", "\u2014").strip()


def runs(text):
    """Split Markdown inline text into (text, style) runs: '', 'I' or 'L'."""
    out = []
    pattern = re.compile(r"\[([^\]]+)\]\([^)]*\)|\*([^*]+)\*|(?<![\w])_([^_]+)_(?![\w])")
    pos = 0
    for m in pattern.finditer(text):
        if m.start() > pos:
            out.append((text[pos:m.start()], ""))
        if m.group(1) is not None:
            out.append((m.group(1), "L"))
        elif m.group(2) is not None:
            out.append((m.group(2), "I"))
        else:
            out.append((m.group(3), "I"))
        pos = m.end()
    if pos < len(text):
        out.append((text[pos:], ""))
    return out


def words(text):
    """Words with their style; spaces between words are kept as flags."""
    result = []  # (word, style, space_before)
    space = False
    for chunk, style in runs(text):
        for piece in re.split(r"(\s+)", chunk):
            if not piece:
                continue
            if piece.isspace():
                space = True
                continue
            result.append((piece, style, space or not result))
            space = False
    return result


def set_style(pdf, style, size=BODY_SIZE):
    if style == "I":
        pdf.set_font("Serif", "I", size)
        pdf.set_text_color(0, 0, 0)
    elif style == "L":
        pdf.set_font("Serif", "", size)
        pdf.set_text_color(0, 51, 153)
    else:
        pdf.set_font("Serif", "", size)
        pdf.set_text_color(0, 0, 0)


def width(pdf, text, style):
    set_style(pdf, style)
    return pdf.get_string_width(text)


def split_word(pdf, word, style, room):
    """Return (head-with-hyphen, tail) fitting in room, or None."""
    m = re.match(r"^([A-Za-z]+)([.,;:)]*)$", word)
    if not m:
        return None
    letters, punct = m.groups()
    best = None
    for head, tail in HYPH.iterate(letters):
        if width(pdf, head + "-", style) <= room:
            if best is None or len(head) > len(best[0]):
                best = (head, tail)
    if best is None:
        return None
    return best[0] + "-", best[1] + punct


def layout(pdf, text, x0, x1):
    """Break text into lines between x0 and x1: list of lists of
    (x_offset, word, style)."""
    space_w = width(pdf, " ", "")
    lines, line, x = [], [], 0.0
    queue = list(words(text))
    while queue:
        word, style, space = queue.pop(0)
        gap = space_w if (space and line) else 0.0
        w = width(pdf, word, style)
        if x + gap + w <= x1 - x0 or not line:
            line.append((x + gap, word, style))
            x += gap + w
            continue
        room = (x1 - x0) - x - gap
        # hyphenate only where the line would otherwise stay short
        parts = split_word(pdf, word, style, room) if room > 0.10 * (x1 - x0) else None
        if parts:
            head, tail = parts
            hyphenated.append(head + tail)
            line.append((x + gap, head, style))
            lines.append(line)
            line, x = [], 0.0
            queue.insert(0, (tail, style, False))
            continue
        lines.append(line)
        line, x = [(0.0, word, style)], w
    if line:
        lines.append(line)
    return lines


def ensure_room(pdf, height):
    if pdf.get_y() + height > pdf.h - BOTTOM:
        pdf.add_page()
        pdf.set_y(TOP)


def paragraph(pdf, text, indent=0.0, bullet=False, bar=False, after=2.6):
    x0 = LEFT + indent
    x1 = pdf.w - RIGHT - (indent if bar else 0.0)
    lines = layout(pdf, text, x0, x1)
    for i, line in enumerate(lines):
        ensure_room(pdf, LINE_H)
        y = pdf.get_y()
        if bullet and i == 0:
            set_style(pdf, "")
            pdf.set_xy(x0 - 4.5, y)
            pdf.cell(4, LINE_H, "\u2022")
        if bar:
            pdf.set_draw_color(150, 150, 150)
            pdf.set_line_width(0.6)
            pdf.line(x0 - 3, y + 0.4, x0 - 3, y + LINE_H - 0.4)
            pdf.set_line_width(0.2)
        for dx, word, style in line:
            set_style(pdf, style)
            pdf.set_xy(x0 + dx, y)
            pdf.cell(pdf.get_string_width(word) + 0.01, LINE_H, word)
        pdf.set_xy(LEFT, y + LINE_H)
    pdf.set_y(pdf.get_y() + after)


def heading(pdf, level, text):
    size = HEADING_SIZE[level]
    ensure_room(pdf, size * 0.5 + 4 * LINE_H)  # keep with the next lines
    pdf.set_y(pdf.get_y() + (4.0 if level == 2 else 2.5))
    pdf.set_font("Sans", "B", size)
    pdf.set_text_color(0, 0, 0)
    pdf.set_x(LEFT)
    pdf.multi_cell(pdf.w - LEFT - RIGHT, size * 0.5, text)
    pdf.set_y(pdf.get_y() + 2.0)


def blocks(path):
    """Markdown blocks: ('h', level, text), ('p', text), ('li', text),
    ('quote', text)."""
    out = []
    para = []

    def flush():
        if para:
            out.append(("p", " ".join(para)))
            para.clear()

    with open(path, encoding="utf-8") as f:
        for raw in f:
            line = raw.rstrip("\n")
            if not line.strip():
                flush()
                continue
            m = re.match(r"^(#+)\s+(.*)$", line)
            if m:
                flush()
                out.append(("h", len(m.group(1)), clean(m.group(2))))
                continue
            if line.startswith("* "):
                flush()
                out.append(("li", clean(line[2:])))
                continue
            if line.startswith("> "):
                flush()
                out.append(("quote", clean(line[2:])))
                continue
            text = clean(line)
            if text:
                para.append(text)
    flush()
    return out


def main():
    pdf = Doc(orientation="P", unit="mm", format="Letter")
    pdf.set_creation_date(datetime.datetime(2017, 6, 22, tzinfo=datetime.timezone.utc))
    pdf.set_title("NIST SP 800-63B, Section 4: Authenticator Assurance Levels (excerpt)")
    pdf.set_author("National Institute of Standards and Technology")
    pdf.add_font("Serif", "", os.path.join(FONTS, "DejaVuSerif.ttf"))
    pdf.add_font("Serif", "I", os.path.join(FONTS, "DejaVuSerif-Italic.ttf"))
    pdf.add_font("Sans", "", os.path.join(FONTS, "DejaVuSans.ttf"))
    pdf.add_font("Sans", "B", os.path.join(FONTS, "DejaVuSans-Bold.ttf"))
    pdf.set_auto_page_break(False)
    pdf.set_margins(LEFT, TOP, RIGHT)
    pdf.alias_nb_pages()
    pdf.add_page()
    pdf.set_y(TOP)

    items = blocks(os.path.join(HERE, "source.txt"))
    for i, block in enumerate(items):
        kind = block[0]
        nxt = items[i + 1][0] if i + 1 < len(items) else None
        if kind == "h":
            heading(pdf, block[1], block[2])
        elif kind == "p":
            paragraph(pdf, block[1])
        elif kind == "li":
            paragraph(pdf, block[1], indent=9.0, bullet=True,
                      after=1.2 if nxt == "li" else 2.6)
        elif kind == "quote":
            paragraph(pdf, block[1], indent=8.0, bar=True)

    pdf.output(os.path.join(HERE, "input.pdf"))
    print("pages:", pdf.page_no())
    for w in hyphenated:
        print("hyphenated:", w)


if __name__ == "__main__":
    main()
