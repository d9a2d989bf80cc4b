"""Logical lines → sections and sentences, each sentence knowing its section and position."""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from .normalize import _HEADING_START, _is_table_row, drop_spaces, fold, table_cells

_SENT_END = re.compile(r"[^。！？!?]*(?:[。！？!?]+[”’」』）)]*|$)")


@dataclass(slots=True)
class Sentence:
    index: int            # position in the document
    section: int          # index of its section
    position: int         # position in the section
    text: str             # as the document writes it, whitespace removed
    norm: str             # folded for extraction and matching
    heading: bool = False
    table: tuple[str, ...] | None = None  # header cells when the sentence is a table row
    para: int = -1        # the logical line (paragraph) it stands in
    caption: str = ""     # a table row's caption (the line right before the table), folded


@dataclass(slots=True)
class Section:
    index: int
    title: str
    norm: str
    sentences: list[Sentence] = field(default_factory=list)


# "2022年主要预期目标：生产总值增长7%左右，…" — a lead phrase that heads its paragraph
_LEAD = re.compile(r"^([^。：:，,]{4,24}?(?:目标|思路|指导思想|总体要求|主要任务|重点工作|工作安排|工作回顾))[:：]")


# "【2018年工作回顾】2018年，全县…" — a web summary's paragraph label opens a section
_LABEL = re.compile(r"^【([^】]{2,24})】")


def is_heading(line: str) -> bool:
    s = line.strip()
    if _is_table_row(s):
        return False
    if re.match(r"^[\d.,，、]+(?:[亿万千]?元|%|亿|万|个|家|项|吨|人)", s) and re.search(r"\d", s[:3]):
        return False  # 19.69亿元——一般公共预算收入…: a 数读 box's entry, not a heading
    if _HEADING_START.match(s) and len(s) <= 40 and not re.search(r"[。！？].", s):
        return True
    if len(s) <= 32 and not re.search(r"[。！？!?]", s) and not s.endswith(("，", "、", "；")):
        return True
    return False


def split_sentences(paragraph: str) -> list[str]:
    return [s for s in (m.group(0).strip() for m in _SENT_END.finditer(paragraph)) if s]


def segment(lines: list[str], title: str = "") -> list[Section]:
    sections = [Section(0, title or "", fold(title or ""))]
    n = 0
    header: tuple[str, ...] | None = None
    caption, last = "", ""
    for para, line in enumerate(lines):
        line = line.strip()
        if line.startswith("#"):
            line = line.lstrip("#").strip()  # a Markdown heading is a heading
            if line and n > 0:
                sections.append(Section(len(sections), drop_spaces(line), fold(line)))
                sec = sections[-1]
                sec.sentences.append(Sentence(n, sec.index, 0, drop_spaces(line), fold(line), heading=True, para=para))
                n += 1
                header = None
                continue
        if not line:
            continue
        if _is_table_row(line):
            cells = tuple(table_cells(line))
            if re.fullmatch(r"[\s|｜:：\-—]+", line):
                continue  # markdown separator row
            is_header = (any(re.search(r"(19|20)\d\d|实绩|目标|预期|完成|计划|单位|增长", fold(c)) for c in cells[1:])
                         and not any(re.search(r"\d", fold(c)) and not re.search(r"(19|20)\d\d年?", fold(c))
                                     for c in cells[1:]))
            if header is None or is_header:
                if header is None:
                    caption = fold(last) if len(last) <= 160 else ""  # 表1　2023年上半年…情况; …省级报告中的…见下表：
                header = cells
                sec = sections[-1]
                s = Sentence(n, sec.index, len(sec.sentences), drop_spaces(line), fold(line), heading=True, para=para)
                sec.sentences.append(s)
                n += 1
                continue
            sec = sections[-1]
            s = Sentence(n, sec.index, len(sec.sentences), line.strip(), fold("|".join(cells)), table=header, para=para,
                         caption=caption)
            sec.sentences.append(s)
            n += 1
            continue
        header = None
        last = line
        if is_heading(line) and n > 0:
            sections.append(Section(len(sections), drop_spaces(line), fold(line)))
            sec = sections[-1]
            sec.sentences.append(Sentence(n, sec.index, 0, drop_spaces(line), fold(line), heading=True, para=para))
            n += 1
            continue
        lead = _LEAD.match(line) or _LABEL.match(line)
        if lead and n > 0:
            title = lead.group(1)
            sections.append(Section(len(sections), drop_spaces(title), fold(title)))
        sec = sections[-1]
        for text in split_sentences(line):
            sec.sentences.append(Sentence(n, sec.index, len(sec.sentences), drop_spaces(text), fold(text), para=para))
            n += 1
    return [s for s in sections if s.sentences or s.index == 0]
