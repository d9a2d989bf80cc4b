"""Reports as admins have them: PDF, Word (.docx) and saved web pages, turned into the plain text
the rest of the pipeline reads (reader.py decides by content, not by the file's name).

- PDF: the text layer (pdfminer.six: it reads CJK text layers, and it gives each line its position,
  which tells page furniture and width breaks from the text). Running headers and footers (a line
  at the top or bottom of most pages) and page numbers (`— 3 —`, `- 3 -`, `第3页`) are dropped; a
  line that runs to the right margin goes on in the next one; tables stay rows. A PDF without a
  text layer (a scan) is refused with a reason; there is no OCR.
- Word: paragraphs, headings and tables in document order (python-docx); a table row becomes a
  `|`-separated line, the layout the segmenter reads as a table. An old binary `.doc` is refused.
- Web pages: the article body without the site's navigation, tool bars and footer (trafilatura;
  the union of its own extractor, which keeps lists, and its fallbacks, which keep headings, each
  block in page order), the declared encoding honoured (`<meta charset=gbk>`), the page title as
  the first line and the publication date the page states as the last (they carry the region and
  the year). Each block of the page is a paragraph, unless the blocks are a printed column's lines.
"""
from __future__ import annotations

import io
import re
from collections import Counter


class FormatError(Exception):
    """The file is of a known format but holds no usable text; str(exc) says why."""


# ------------------------------------------------------------------ PDF

_PAGE_NUMBER = re.compile(r"^[—\-–－_\s·•]*(?:第\s*)?\d{1,4}(?:\s*页)?(?:\s*/\s*(?:共\s*)?\d{1,4}\s*页?)?[—\-–－_\s·•]*$")
_SENTENCE_END = re.compile(r"[。！？!?；;：:”」』)）]$")


def pdf_text(data: bytes) -> str:
    from pdfminer.high_level import extract_pages
    from pdfminer.layout import LAParams, LTTextContainer, LTTextLine
    from pdfminer.pdfparser import PDFSyntaxError

    try:
        pages = []
        for page in extract_pages(io.BytesIO(data), laparams=LAParams(line_margin=0.3)):
            lines = []
            for box in page:
                if isinstance(box, LTTextContainer):
                    for line in box:
                        if isinstance(line, LTTextLine):
                            text = line.get_text().strip()
                            if text:
                                lines.append((round(-line.y1, 1), line.x0, line.x1, text))
            lines.sort()
            pages.append((page.width, page.height, lines))
    except PDFSyntaxError as exc:
        raise FormatError(f"PDF 文件已损坏，无法读取（{exc}）") from None
    except Exception as exc:  # noqa: BLE001 - pdfminer raises many kinds for damaged or encrypted files
        raise FormatError(f"PDF 无法读取（{type(exc).__name__}：{exc}）") from None
    if not any(lines for _, _, lines in pages):
        raise FormatError("扫描版 PDF：没有文字层（只有图像），无法读取文字；请提供带文字的 PDF 或 .txt（本程序不做文字识别）")
    furniture = _furniture(pages)
    out: list[str] = []
    for width, _, lines in pages:
        body = [ln for i, ln in enumerate(lines) if not _PAGE_NUMBER.match(ln[3])
                and not ((i < 2 or i >= len(lines) - 2) and _key(ln[3]) in furniture)]
        if not body:
            continue
        left = min(ln[1] for ln in body)
        right = max(ln[2] for ln in body)
        for _, x0, x1, text in body:
            starts_paragraph = x0 > left + 12  # an indented first line
            if out and out[-1] != "" and not starts_paragraph and _runs_on(out[-1]):
                out[-1] += text
            else:
                out.append(text)
            if x1 < right - 24 or _SENTENCE_END.search(text):
                out.append("")  # the line ends short of the margin: its paragraph ends
        out.append("")
    return _paragraphs(out)


def _paragraphs(parts: list[str]) -> str:
    lines, current = [], ""
    for p in parts:
        if p == "":
            if current:
                lines.append(current)
            current = ""
        else:
            current = current + p if current else p
    if current:
        lines.append(current)
    return "\n".join(lines)


def _runs_on(previous: str) -> bool:
    return not _SENTENCE_END.search(previous)


def _key(text: str) -> str:
    return re.sub(r"\d+", "#", text.replace(" ", ""))


def _furniture(pages) -> set[str]:
    """Lines at the top or bottom of most pages (a running header, a footer)."""
    if len(pages) < 3:
        return set()
    seen: Counter[str] = Counter()
    for _, _, lines in pages:
        edge = {_key(ln[3]) for ln in lines[:2] + lines[-2:]}
        seen.update(edge)
    return {k for k, n in seen.items() if n >= max(3, len(pages) // 2)}


# ------------------------------------------------------------------ Word

def docx_text(data: bytes) -> str:
    import zipfile

    try:
        import docx
        from docx.table import Table
        from docx.text.paragraph import Paragraph
    except ImportError as exc:  # pragma: no cover - a dependency of the project
        raise FormatError(f"缺少读取 Word 的组件（{exc}）") from None
    try:
        document = docx.Document(io.BytesIO(data))
    except (zipfile.BadZipFile, KeyError, ValueError) as exc:
        raise FormatError(f"Word 文件已损坏，无法读取（{exc}）") from None
    lines: list[str] = []
    for child in document.element.body.iterchildren():
        tag = child.tag.rsplit("}", 1)[-1]
        if tag == "p":
            text = Paragraph(child, document).text.strip()
            if text:
                lines.append(text)
        elif tag == "tbl":
            for row in Table(child, document).rows:
                cells = []
                for cell in row.cells:
                    t = " ".join(cell.text.split())
                    if not cells or cells[-1] != t:  # a merged cell repeats itself
                        cells.append(t)
                if any(cells):
                    lines.append("| " + " | ".join(cells) + " |")
            lines.append("")
    text = "\n".join(lines).strip()
    if not text:
        raise FormatError("Word 文件里没有文字")
    return text


# ------------------------------------------------------------------ web pages

_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_\-]+)""", re.I)


def html_bytes_to_str(data: bytes) -> str:
    """A page's text by its declared encoding (GBK pages are common), else by detection."""
    m = _META_CHARSET.search(data[:4096])
    encodings = []
    if m:
        declared = m.group(1).decode("ascii").lower()
        encodings.append("gb18030" if declared in ("gb2312", "gbk", "gb18030") else declared)
    encodings += ["utf-8", "gb18030"]
    for enc in encodings:
        try:
            return data.decode(enc)
        except (UnicodeDecodeError, LookupError):
            continue
    return data.decode("utf-8", errors="replace")


def html_text(data: bytes) -> str:
    import trafilatura

    page = html_bytes_to_str(data)
    # trafilatura's own extractor keeps list items and drops some headings; with its fallbacks
    # (favor_recall) it keeps headings and may drop a list (a page's 主要预期目标 as <li>): the
    # article is the union of both, each block in its place on the page
    blocks = []
    for kwargs in ({"favor_recall": True}, {"favor_recall": True, "fast": True}):
        body = trafilatura.extract(page, include_tables=True, include_comments=False, deduplicate=False, **kwargs)
        blocks.append([ln for ln in (body or "").split("\n") if ln.strip()])
    lines = _page_blocks(page, blocks) or _in_page_order(page, blocks)
    lines = [ln for ln in lines if not _CHROME.match(ln) and not (len(ln) <= 60 and _TOOLBAR.search(ln))]
    meta = trafilatura.extract_metadata(page)
    title = (meta.title if meta and meta.title else _title(page)) or ""
    if not lines:
        raise FormatError("网页里没有找到正文")
    head = [title] if title and not lines[0].lstrip().startswith(title) else []
    byline = _BYLINE.search(_visible(page)[:4000])
    if byline and not any(byline.group(1) + "年" in ln for ln in lines[:3]):
        # 本站综合整理　2023年4月 under the title, dropped as chrome: the only date the page gives
        dated = f"（整理于{byline.group(1)}年{byline.group(2)}月）"
        if head:
            head.append(dated)
        else:
            lines = lines[:1] + [dated] + lines[1:]  # under the title the page opens with
    tail = []
    m = re.match(r"(\d{4})-(\d{2})-(\d{2})", meta.date or "") if meta else None
    if m and _dated_in(page, *map(int, m.groups())):
        # the publication date the page states (not one guessed from a year in its text), as its
        # last line (the title block stays the title)
        tail.append(f"（本页发布于{int(m.group(1))}年{int(m.group(2))}月{int(m.group(3))}日）")
    # each line of the body is a block of the page (a paragraph, a heading, a list item, a table
    # row): the browser wraps them, so no line break in them is a fixed-width wrap to join
    from .normalize import PARAGRAPH_END

    return PARAGRAPH_END.join(head + lines + tail)


_BLOCK_TAGS = frozenset({"p", "h1", "h2", "h3", "h4", "h5", "h6", "li", "dd", "dt", "blockquote", "div", "section",
                         "article", "pre", "caption", "td", "th", "header", "footer", "main", "ul", "ol", "table",
                         "tbody", "thead", "tr", "dl", "figure", "figcaption", "center"})
# a site's breadcrumb or tool bar that an extractor may keep (首页 / 政务解读 / 正文, 当前位置：…)
_CHROME = re.compile(r"^\s*(?:首页\s*[/>›»＞]|当前位置|(?:责任)?编辑[:：]|您(?:当前)?的位置|位置[:：]|【?字[号体][:：]|\[?打印|分享到)")


_BYLINE = re.compile(r"(?:综合整理|整理|编辑|编写|汇编)[\s\u3000\u00a0]{0,3}(?:于)?((?:19|20)\d\d)年(1[0-2]|[1-9])月")
_TOOLBAR = re.compile(r"打印本页|关闭窗口|字号[:：]|【[大中小]】|\[大\s*中\s*小\]|来源[:：][^。]{0,12}(?:字号|浏览|阅读|次数)"
                      r"|^\s*(?:发布时间|发布日期|更新时间)[:：]")  # 发布时间：2023-03-10 栏目：… (the date is kept apart)


def _bare(line: str) -> str:
    """A line without its list bullet and whitespace: what a page's text holds of it."""
    return re.sub(r"\s+", "", re.sub(r"^[-*•]\s+", "", line))


def _block_key(line: str) -> str:
    return re.sub(r"[|｜]+", "", _bare(line))


def _page_blocks(page: str, extractions: list[list[str]]) -> list[str]:
    """The page's own blocks (paragraphs, headings, list items, table rows) in page order, kept
    where trafilatura's extraction of the article holds their text: trafilatura tells the article
    from the site's chrome, the page tells where one block ends (a list item of a heading and
    paragraphs is three blocks, not one line). Empty when the page cannot be read as blocks."""
    try:
        import lxml.html
        root = lxml.html.fromstring(page)
    except Exception:  # noqa: BLE001 - malformed markup: the extractor's lines are used as they are
        return []
    for bad in root.xpath("//script|//style|//noscript|//head"):
        bad.drop_tree()
    for br in root.iter("br"):
        br.tail = "\n" + (br.tail or "")
    out: list[str] = []
    headings: dict[int, int] = {}  # indexes in `out` of <h1>…<h6> blocks → their level

    def text_of(el) -> str:
        return re.sub(r"[ \t\u00a0\u3000]+", " ", el.text_content()).strip()

    def walk(el) -> None:
        tag = el.tag if isinstance(el.tag, str) else ""
        if tag == "tr":
            cells = [text_of(c) for c in el if isinstance(c.tag, str) and c.tag in ("td", "th")]
            if any(cells):
                out.append("| " + " | ".join(cells) + " |")
            return
        nested = tag in _BLOCK_TAGS and any(isinstance(d.tag, str) and d.tag in _BLOCK_TAGS for d in el.iterdescendants())
        if tag in _BLOCK_TAGS and not nested:
            t = text_of(el)
            if t:
                if re.fullmatch(r"h[1-6]", tag):
                    headings[len(out)] = int(tag[1])
                out.append(t)
            return
        if tag in _BLOCK_TAGS and el.text and el.text.strip():
            out.append(el.text.strip())
        for child in el:
            walk(child)
            if tag in _BLOCK_TAGS and child.tail and child.tail.strip():
                out.append(child.tail.strip())

    walk(root)
    kept_lines = {_block_key(ln) for lines in extractions for ln in lines}
    kept_text = "".join(_block_key(ln) for lines in extractions for ln in lines)
    kept = [i for i, b in enumerate(out) if (k := _block_key(b)) and (k in kept_lines or len(k) >= 6 and k in kept_text)]
    # a heading inside the article (【2021年：计划执行情况】 over its list) that the extractor left out
    # still heads its part: kept where it stands between blocks of the article
    shown = set(kept) | {i for i in headings if kept and kept[0] < i < kept[-1] and len(out[i]) <= 40}
    blocks = [b for i, b in enumerate(out) if i in shown]
    got = sum(len(_block_key(b)) for b in blocks)
    want = max((sum(len(_block_key(ln)) for ln in lines) for lines in extractions), default=0)
    if not (want and got >= 0.8 * want):
        return []
    return blocks + _related_box(out, headings, shown)


_RELATED = re.compile(r"^[【\[]?(?:相关新闻|相关阅读|延伸阅读|相关报道|相关链接|链接|背景链接|兄弟城市|兄弟县区|兄弟县市|周边城市|"
                      r"周边县区|邻县|邻市|友邻|周边)[】\]]?$")
_NAMED_ITEM = re.compile(r"^[【\[]([\u4e00-\u9fff]{2,12})(?:[·・:：][^】\]]{1,12})?[】\]]")  # 【某县】, 【某市·2022】
_PLACE_HEAD = re.compile(r"^[\u4e00-\u9fff]{2,10}(?:自治县|自治州|自治旗|[市县区旗州盟])$")  # <h4>某市</h4>
_PLACE_OPENS = re.compile(r"^[\u4e00-\u9fff]{2,10}?(?:自治县|自治州|自治旗|[市县区旗州盟])(?:(?:19|20)\d\d年|政府|人民|的|全年|今年|去年)")
_HAS_FIGURE = re.compile(r"\d(?:[\d.,]*)(?:%|亿|万|个百分点|元|人|家|个|项)")


def _related_box(out: list[str], headings: dict[int, int], kept: set[int]) -> list[str]:
    """A 相关新闻 or 兄弟城市 box beside the article, which the extractor drops as the site's chrome:
    its items that name their place (【某县】…, 某市2024年…, or under a <h4>某市</h4>) and state
    figures are kept, under the box's heading, as a part of their own after the article; items
    without a place or a figure (links to other pages) are not."""
    box: list[str] = []
    for h in sorted(headings):
        if h in kept or not _RELATED.match(out[h].strip()):
            continue
        items: list[str] = []
        place_head = None
        for i in range(h + 1, len(out)):
            if i in headings:
                if headings[i] <= headings[h] or not _PLACE_HEAD.match(out[i].strip()):
                    break
                place_head = out[i].strip()  # <h4>某市</h4>: the place the paragraphs under it are of
                continue
            if _HAS_FIGURE.search(out[i]) and (_NAMED_ITEM.match(out[i]) or _PLACE_OPENS.match(out[i]) or place_head):
                if place_head and place_head not in items:
                    items.append(place_head)
                items.append(out[i])
        if items:
            box += ["【" + out[h].strip("【】[] ") + "】"] + items
    return box


def _visible(page: str) -> str:
    import html

    page = re.sub(r"(?is)<(script|style|noscript)\b.*?</\1>|<!--.*?-->", " ", page)
    return re.sub(r"\s+", "", html.unescape(re.sub(r"<[^>]+>", "", page)))


def _in_page_order(page: str, extractions: list[list[str]]) -> list[str]:
    """The blocks of several extractions of one page, each once, in the order the page has them.
    A block not found verbatim in the page's text keeps its place after the block before it."""
    text = _visible(page)
    placed: dict[str, float] = {}
    for lines in extractions:
        at = -1.0
        for ln in lines:
            key = _bare(ln)
            if not key:
                continue
            if key in placed:
                at = placed[key]
                continue
            i = text.find(key, int(at) + 1 if at >= 0 else 0)
            if i < 0:
                i = text.find(key)
            at = float(i) if i >= 0 else at + 0.001
            placed[key] = at
    first = {}
    for lines in extractions:
        for ln in lines:
            key = _bare(ln)
            if key and key not in first:
                first[key] = ln
    return [first[k] for k in sorted(placed, key=lambda k: placed[k])]


def _dated_in(page: str, y: int, m: int, d: int) -> bool:
    """Whether the page writes this date (2022-01-18, 2022年1月18日, 2022/01/18…)."""
    text = _visible(page)
    pattern = rf"{y}\s*(?:[-/.年])\s*0?{m}\s*(?:[-/.月])\s*0?{d}(?!\d)"
    return re.search(pattern, text) is not None or re.search(pattern, page) is not None


def _title(page: str) -> str:
    import html

    m = re.search(r"<title[^>]*>(.*?)</title>", page, re.I | re.S)
    return html.unescape(m.group(1)).strip() if m else ""


# ------------------------------------------------------------------ what a file is

def sniff(data: bytes, name: str = "") -> str:
    """'pdf', 'docx', 'doc', 'html', 'zip' or 'text', by content first, then by name."""
    head = data[:1024].removeprefix(b"\xef\xbb\xbf").lstrip()
    if data.startswith(b"%PDF"):
        return "pdf"
    if data.startswith(b"PK\x03\x04"):
        return "docx" if b"word/" in data[:65536] or name.lower().endswith(".docx") else "zip"
    if data.startswith(b"\xd0\xcf\x11\xe0"):
        return "doc"
    low = head[:512].lower()
    if low.startswith((b"<!doctype html", b"<html", b"<?xml")) and b"<html" in data[:4096].lower() \
            or name.lower().endswith((".html", ".htm")) and b"<" in low:
        return "html"
    return "text"
