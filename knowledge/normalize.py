"""Folding for matching and joining of hard-wrapped report text.

Everything shown to users keeps the document's own characters; `fold` is applied to a copy
used for extraction and matching (and, identically, to questions).
"""
from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

_PM_SUB = re.compile(r"PM\s*_?\s*\{?\s*(2\.5|10)\s*\}?", re.I)
_SUBSCRIPTS = str.maketrans("₀₁₂₃₄₅₆₇₈₉", "0123456789")
_ZERO_WIDTH = re.compile("[\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff\u00ad]")
_CJK = r"\u3400-\u9fff\uf900-\ufaff"
# whitespace is dropped unless it separates two Latin letters/digits-with-letters ("wind solar")
_SPACE_RUN = re.compile(r"[ \t\u3000\u00a0]+")


@lru_cache(maxsize=1)
def _t2s():
    import opencc

    return opencc.OpenCC("t2s")


def to_simplified(text: str) -> str:
    return _t2s().convert(text) if text else text


_CIRCLED = re.compile("[\u2460-\u2473\u2776-\u277f\u2780-\u2793\u3251-\u325f\u32b1-\u32bf]")


def fold_width(text: str) -> str:
    """Full-width digits, letters and punctuation to half-width (NFKC), subscripts to digits;
    circled list markers (①②) dropped, not read as digits."""
    text = _ZERO_WIDTH.sub("", text)
    text = _CIRCLED.sub("", text)
    text = unicodedata.normalize("NFKC", text.translate(_SUBSCRIPTS))
    return text


def fix_pm(text: str) -> str:
    # PM_{2.5}, PM₂.₅, PM 2.5 → PM2.5 ; PM₁₀ → PM10 (subscripts already folded)
    return _PM_SUB.sub(lambda m: "PM" + m.group(1), text)


_THOUSANDS = re.compile(r"(?<=\d),(?=\d{3}(?!\d))")
_HTML_HINT = re.compile(r"<(?:p|div|br|html|body|h[1-6]|span|td|tr|table|strong|li)\b[^>]*>", re.I)
_HTML_BLOCK = re.compile(r"<\s*/?\s*(?:p|div|br|h[1-6]|tr|li|table|title|section|article|ul|ol)\b[^>]*>", re.I)
_HTML_TAG = re.compile(r"<[^>\n]{1,200}>")
_HTML_DROP = re.compile(r"<(script|style)\b.*?</\1\s*>", re.I | re.S)


def strip_html(text: str) -> str:
    """A web page saved as text: block tags become line breaks, other tags go, entities decode."""
    if len(_HTML_HINT.findall(text[:20000])) < 3:
        return text
    import html as _html

    text = _HTML_DROP.sub("", text)
    text = _HTML_BLOCK.sub("\n", text)
    text = _HTML_TAG.sub("", text)
    return _html.unescape(text).replace("\xa0", " ")


def fold(text: str) -> str:
    return _fold(text) if len(text) <= 400 else _fold.__wrapped__(text)


@lru_cache(maxsize=16384)
def _fold(text: str) -> str:
    """The matching form of any text: NFKC, Simplified, PM fixed, whitespace squeezed, lower case
    Latin, dates in Arabic digits (二〇二三年一月十三日 → 2023年1月13日)."""
    text = fix_pm(fold_width(text))
    text = _THOUSANDS.sub("", text)  # 45,216元 → 45216元
    text = to_simplified(text)
    text = drop_spaces(text)
    text = arabic_dates(text)
    return text.lower()


_CN_DIGIT = "〇零一二三四五六七八九"
_CN_YEAR = re.compile(f"(?<![{_CN_DIGIT}十百千万亿两])([{_CN_DIGIT}]{{4}})(?=年)")
_CN_MONTH_DAY = re.compile(r"(?<![一二三四五六七八九十])([一二三四五六七八九十]{1,2})月([一二三四五六七八九十]{1,3})日")
_CN_MONTH = re.compile(r"(?<=\d年)([一二三四五六七八九十]{1,2})(?=月)")


_DIGIT_VALUE = {"〇": 0, "零": 0, "一": 1, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}


def _cn_small(s: str) -> str:
    """一 … 三十一 as digits (months and days)."""
    d = _DIGIT_VALUE
    if "十" not in s:
        return str(d[s]) if len(s) == 1 else s
    tens, _, ones = s.partition("十")
    return str((d[tens] if tens else 1) * 10 + (d[ones] if ones else 0))


def arabic_dates(text: str) -> str:
    """Years and dates written in Chinese numerals, in Arabic digits: 二〇二三年 → 2023年,
    一月十三日 → 1月13日. Other Chinese numerals (三千九百五十亿元) are figures and stay as written."""
    if not any(c in text for c in "〇零一二三四五六七八九十"):
        return text
    text = _CN_YEAR.sub(lambda m: "".join(str(_DIGIT_VALUE[c]) for c in m.group(1)), text)
    text = _CN_MONTH_DAY.sub(lambda m: f"{_cn_small(m.group(1))}月{_cn_small(m.group(2))}日", text)
    return _CN_MONTH.sub(lambda m: _cn_small(m.group(1)), text)


_SPACE_KEEP = re.compile(r"(?<=[A-Za-z])[ \t\u3000\u00a0]+(?=[A-Za-z])")
_SPACE_ANY = re.compile(r"[ \t\u3000\u00a0]+")


def drop_spaces(text: str) -> str:
    """Remove whitespace except between two Latin letters ("wind solar" stays two words)."""
    if " " not in text and "\t" not in text and "\u3000" not in text and "\u00a0" not in text:
        return text
    return _SPACE_ANY.sub("", _SPACE_KEEP.sub("\x01", text)).replace("\x01", " ")


# ---------------------------------------------------------------- hard-wrap joining

_TERMINAL = "。！？!?…"
_HAS_CJK = re.compile(r"[\u3400-\u9fff]")
_CLOSERS = "”’」』）)】"
_HEADING_START = re.compile(
    r"^(关键词|【|[一二三四五六七八九十]+、|（[一二三四五六七八九十]+）|\([一二三四五六七八九十]+\)|第[一二三四五六七八九十]+[章部分节]|——|附[:：]|核心提示)"
)


_PARA_START = re.compile(r"^(解读[:：]|各位代表)")


def _ends_sentence(line: str) -> bool:
    s = line.rstrip(_CLOSERS)
    return bool(s) and (s[-1] in _TERMINAL)


_WIDE_GAP = re.compile(r"(?<=\S)(?: {4,}|\u3000{3,})(?=\S)")
_ALIGNED_GAP = re.compile(r"(?<=\S)(?: {2,}|\u3000{2,})(?=\S)")  # lookarounds: a one-character cell (—) between two gaps


def _is_table_row(line: str) -> bool:
    """A row of a pipe table, a tab-separated row, or a space-aligned plain-text table row."""
    s = line.strip()
    if s.count("|") >= 2 or s.count("｜") >= 2 or "\t" in s:
        return True
    if not ("  " in s or "\u3000\u3000" in s):
        return False
    # two gaps, or one wide gap in a short line (a two-column row: 规模以上工业企业      突破800户)
    return len(_ALIGNED_GAP.findall(s)) >= 2 or (len(s) <= 48 and bool(_WIDE_GAP.search(s)) and not re.search(r"[。；]", s))


def table_cells(line: str) -> list[str]:
    s = line.strip().strip("|｜").strip()
    return [c.strip() for c in re.split(r"\s*[|｜\t]\s*| {2,}|\u3000{2,}", s) if c.strip()]


def join_lines(text: str) -> list[str]:
    """Split raw text into logical lines (paragraphs and headings), joining hard wraps.

    A line break is a hard wrap when the line does not end a sentence and either the line
    itself carries a sentence end (it is prose cut mid-paragraph), or it is about as long as
    the line before it in the same paragraph (a fixed-width column), or the next line starts
    with a digit/closing mark that cannot begin a paragraph (a number cut across lines).
    Blank lines do not stop joining: newspaper layouts put them inside sentences.
    A run of one-character lines is a heading printed vertically and is joined back.
    Text whose blocks end in PARAGRAPH_END (a web page) keeps its blocks as paragraphs unless the
    blocks are themselves the printed lines of a fixed-width column.
    """
    if PARAGRAPH_END in text:
        # a page's blocks (formats.html_text): each is a paragraph as written and only the line
        # breaks inside one block may join, unless the blocks are themselves a newspaper column's
        # printed lines (a page pasted from print, one <p> per line)
        blocks = text.split(PARAGRAPH_END)
        if not is_hard_wrapped([b.strip() for b in blocks]):
            return [line for block in blocks for line in _join(block, wrapped=False)]
        text = "\n".join(blocks)
    return _join(text)


PARAGRAPH_END = "\u2029"  # Unicode PARAGRAPH SEPARATOR: ends a block of a structured source


# a box drawn in text (> ┌── 【链接】某区 ───, > │ …, > └────): the frame is layout, the words are text
_BOX_LEAD = re.compile(r"^(?:>\s*)*[│┃┆┊║┌┍┎┏└┕┖┗├┝┞┟┠┡┢┣╔╚╠╭╰]?[─━┄┅┈┉═\s]*")
_BOX_TAIL = re.compile(r"[\s─━┄┅┈┉═┐┑┒┓┘┙┚┛┤┥┦┧┨┩┪┫╗╝╣╮╯│┃║]+$")


def _unboxed(line: str) -> str:
    if not line or line[0] not in ">│┃┆┊║┌┍┎┏└┕┖┗├┝┞┟┠┡┢┣╔╚╠╭╰":
        return line
    return _BOX_TAIL.sub("", _BOX_LEAD.sub("", line))


def _join(text: str, wrapped: bool | None = None) -> list[str]:
    raw = [_unboxed(l.strip()) for l in text.replace("\r\n", "\n").replace("\r", "\n").split("\n")]
    raw = drop_page_furniture(raw)
    # a report is Chinese prose: long lines without a Chinese character (logs, code, markup
    # residue) are not part of it; short ones may be a fragment of a wrapped number ("2" / "86亿元")
    raw = [l if len(l) <= 16 or _HAS_CJK.search(l) else "" for l in raw]
    # vertical headings: runs of >= 3 single-character lines (blank lines between allowed)
    lines: list[str] = []
    i = 0
    while i < len(raw):
        if len(raw[i]) == 1 and re.match(f"[{_CJK}]", raw[i]):
            j, chars = i, []
            while j < len(raw) and (len(raw[j]) == 1 and re.match(f"[{_CJK}]", raw[j])):
                chars.append(raw[j])
                j += 1
                while j < len(raw) and raw[j] == "" and j + 1 < len(raw) and len(raw[j + 1]) == 1:
                    j += 1
            if len(chars) >= 3:
                lines.append("")
                lines.append("".join(chars))
                lines.append("")
                i = j
                continue
        lines.append(raw[i])
        i += 1

    if wrapped is None:
        wrapped = is_hard_wrapped(lines)
    out: list[str] = []
    cur = ""
    tail = ""  # the last physical line joined into `cur`
    blank = False  # a blank line since `tail`
    for line in lines:
        if not line:
            blank = True
            continue
        if not cur:
            cur = tail = line
            blank = False
            continue
        # the title, set off by a blank line, and a dateline alone on its line (（2024年12月30日）)
        # stand apart: in a fixed-width column they are often as long as the lines that follow
        titled = blank and not out and cur == tail
        if not titled and not _DATELINE.match(tail) and not _DATELINE.match(line) \
                and _should_join(cur, tail, line, wrapped):
            cur = _glue(cur, line)
        else:
            out.append(cur)
            cur = line
        tail = line
        blank = False
    if cur:
        out.append(cur)
    return out


_DATELINE = re.compile(r"^[（(]?(?:19|20)\d\d年\d{1,2}月\d{1,2}日[）)]?$")


_PAGE_NUMBER = re.compile(r"^(?:[—\-–－]\s*\d{1,4}\s*[—\-–－]|第\s*\d{1,4}\s*页(?:\s*共\s*\d+\s*页)?|\d{1,4}\s*/\s*\d{1,4}|[-—]?\s*\d{1,3}\s*[-—]?)$")


def drop_page_furniture(lines: list[str]) -> list[str]:
    """Text copied out of a PDF: page numbers (— 3 —, 第3页) and a running header repeated on
    every page are not part of the report; removing them lets a sentence cut by a page break join."""
    counts: dict[str, int] = {}
    for l in lines:
        if 2 <= len(l) <= 30:
            counts[l] = counts.get(l, 0) + 1
    running = {l for l, n in counts.items() if n >= 3 and not re.search(r"[。，；：]", l)}
    out = []
    filled = 0  # non-empty lines kept so far
    for l in lines:
        if _PAGE_NUMBER.match(l):
            continue
        if l in running and filled >= 3:
            continue  # a running header; the same words among the first lines are the title
        out.append(l)
        filled += bool(l)
    return out


def is_hard_wrapped(lines: list[str]) -> bool:
    """True when the document is laid out in narrow fixed-width columns (a newspaper page)."""
    lengths = sorted(len(l) for l in lines if len(l) >= 4 and not _is_table_row(l))
    if len(lengths) < 10:
        return False
    return lengths[len(lengths) // 2] <= 45


def _glue(a: str, b: str) -> str:
    if a and b and a[-1].isascii() and a[-1].isalpha() and b[0].isascii() and b[0].isalpha():
        return a + " " + b
    return a + b


# a 数读 box's entry: a figure (or two), a dash, then what it is
_FIGURE_ENTRY = re.compile(r"^[\d.,，、:：]+[^\s，。；——]{0,5}(?:[、,，][\d.]+[^\s，。；——]{0,5})*(?:——|—|：)")


def _should_join(cur: str, tail: str, nxt: str, wrapped: bool) -> bool:
    if _is_table_row(tail) or _is_table_row(nxt):
        return False
    if nxt.startswith("#") or tail.startswith("#"):
        return False  # Markdown headings
    if (_HEADING_START.match(nxt) and not (wrapped and len(tail) >= 28 and not _ends_sentence(tail)
                                            and nxt.startswith(("（", "(", "第")) is False)) or _PARA_START.match(nxt):
        return False
    if _ends_sentence(tail):
        return False
    if _FIGURE_ENTRY.match(nxt) and _FIGURE_ENTRY.match(cur):
        return False  # 259亿元——地区生产总值 / 19.69亿元——一般公共预算收入: a 数读 box's entries
    # "关键词：" alone on a line: the heading goes on on the next line
    if len(tail) <= 6 and tail.endswith(("：", ":")):
        return True
    if tail.endswith(("：", ":")):
        return False
    if cur == tail and _HEADING_START.match(tail) and (len(tail) <= 30 or not any(p in tail for p in "。，；")) \
            and not re.search(r"[。！？；][^。！？；]", tail):
        return False  # a heading; prose that opens with ——/（一） goes on (——态势向好。全市…亿 / 元，…)
    # a number cut across lines (43 / .7亿元, 3381 / 0元) or a line opening with a closing mark
    if nxt[0] in ".%％）)”’，、。；：,;" or (tail[-1].isdigit() and nxt[0].isdigit()):
        return True
    # prose cut mid-paragraph: the line itself holds a sentence end
    if any(p in tail for p in "。！？"):
        return True
    if not wrapped:
        return False
    # narrow fixed-width columns: a line as long as the next one, a comma clause, or a line
    # inside a paragraph already being joined goes on
    if tail.endswith(("——", "—")):
        return False
    if len(tail) >= 8 and len(tail) >= len(nxt) - 2:
        return True
    if len(tail) >= 18 and len(tail) >= len(nxt) - 5:
        return True
    if ("，" in tail or "、" in tail or "；" in tail) and len(tail) >= 12:
        return True
    if cur != tail and len(tail) >= 8:
        return True
    return False
