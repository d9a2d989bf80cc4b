"""The document's own region, level, report year and title, read from its text."""
from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

from .normalize import fold

LEVELS = {"县": "县", "区": "区", "市": "市", "旗": "县", "州": "市", "盟": "市"}
# words ending in a level character that are not place names (scope words of the genre)
_NOT_PLACES = set("全该本我各城园社小新景市县区")
# scope words and common nouns that end like a place (全县, 城区, 开发区); a name may still start
# with the same character (城南区, 新华区), so whole words are listed, not first characters
_GENERIC = re.compile(r"^(全|该|本|我|各|其|开发|城乡|市县|县乡|区县|省市|示范|试点|先行|代表|人民|政府|全体|各级|本级|"
                      r"部署|记者|报告|会议|市委|县委|区委|省委|[城园社小景新老辖郊市县]区$|县城$|[市县]$)")
_ANCHOR = re.compile(
    r"(人民政府|第?[一二三四五六七八九十百零\d]+届人民代表大会|第?[一二三四五六七八九十百零\d]+届人大|"
    r"《?政府工作报告》?|人大|政府工作|代表大会|两会)"
)
_SESSION = re.compile(r"第?[一二三四五六七八九十百零\d]+届$")  # 棠州市十七届(人大): the session, not the name
_NAME = re.compile(r"([\u4e00-\u9fff]{1,4}[县区市]|[\u4e00-\u9fff]{1,8}旗|[\u4e00-\u9fff]{2,4}(?:[\u4e00-\u9fff]{1,3}族)+自治[县旗州])$")
_ANY_PLACE = re.compile(r"[\u4e00-\u9fff]{2,3}(?<![全该本我各])[县区市旗]")
_PARENT = re.compile(r"([\u4e00-\u9fff]{2,4}[省市州盟])$")
_YEAR = re.compile(r"(?<!\d)(19[5-9]\d|20\d\d)年")


@dataclass(frozen=True, slots=True)
class DocMeta:
    region: str | None
    level: str | None
    year: int | None
    title: str
    parent: str | None = None
    short: str | None = None  # 云溪县 → 云溪


_AUTONOMOUS = re.compile(r"^(.{2,4}?)(?:[\u4e00-\u9fff]{1,3}族)+自治([县旗州])$")


def short_name(region: str) -> str:
    """云溪县 → 云溪, 岚州市 → 岚州, 枫溪瑶族自治县 → 枫溪; a two-character name keeps its suffix (沛县)."""
    m = _AUTONOMOUS.match(region)
    if m:
        return m.group(1)
    if len(region) >= 3 and region[-1] in LEVELS:
        return region[:-1]
    return region


def aliases(region: str) -> list[str]:
    """Names people use for a region: 枫溪瑶族自治县 → 枫溪, 枫溪县, 枫溪自治县."""
    out = [region]
    short = short_name(region)
    if short != region:
        out.append(short)
    m = _AUTONOMOUS.match(region)
    if m:
        out += [short + m.group(2), short + "自治" + m.group(2)]
    return out


def detect(lines: list[str]) -> DocMeta:
    text = fold("\n".join(lines))
    region, parent = _region(text)
    return DocMeta(
        region=region,
        level=LEVELS.get(region[-1]) if region else None,
        year=_report_year(text),
        title=_title(lines),
        parent=parent,
        short=short_name(region) if region else None,
    )


def _region(text: str) -> tuple[str | None, str | None]:
    counts: Counter[str] = Counter()
    parents: Counter[str] = Counter()
    for m in _ANCHOR.finditer(text):
        before = text[max(0, m.start() - 20):m.start()]
        before = _SESSION.sub("", before)
        before = re.sub(r"([县区市])\1$", r"\1", before)  # 云溪县县人民政府
        for k in range(2, 13):
            cand = before[-k:]
            if len(cand) < k or not _NAME.search(cand) or cand != _NAME.search(cand).group(1):
                continue
            if _GENERIC.match(cand) or any(ch in "，。、；：“”《》（）() " for ch in cand):
                continue
            counts[cand] += 1
            pm = _PARENT.search(before[:-k])
            if pm and not _GENERIC.match(pm.group(1)):
                parents[pm.group(1)] += 1
    if not counts:
        # no anchor at all (a news story): the place the text names most often, if it clearly is
        names = Counter(m.group(0) for m in _ANY_PLACE.finditer(text) if not _GENERIC.match(m.group(0)))
        if names:
            (name, n), *rest = names.most_common(2) + [("", 0)]
            if n >= 3 and n >= 2 * rest[0][1]:
                counts[name] = n
    # each candidate's weight: anchored mentions × how often the name (or its short form, 棠州
    # for 棠州市) occurs in the text
    def mentions(c: str) -> int:
        s = short_name(c)
        return text.count(s) if len(s) >= 2 and s != c else text.count(c)

    scored = {c: n * (1 + mentions(c)) for c, n in counts.items() if mentions(c) >= 2}
    if not scored:
        return None, None
    best = max(scored.values())
    # among strong candidates prefer the longest (云溪县 over 溪县), but not a one-off longer string
    strong = [c for c, s in scored.items() if s >= 0.5 * best]
    region = max(strong, key=lambda c: (len(c) if mentions(c) >= 0.5 * max(mentions(s) for s in strong) else 0, scored[c]))
    parent = None
    for p, _ in parents.most_common():
        if p != region and not region.startswith(p):
            parent = p
            break
    if parent is None:
        m = re.search(r"([\u4e00-\u9fff]{2,4}[省市州盟])" + re.escape(region), text)
        if m and not _GENERIC.match(m.group(1)):
            parent = m.group(1)
    return region, parent


_PLAN_AFTER = re.compile(r"^[^。；\n]{0,16}?(主要预期目标|预期目标|政府工作的总体|工作的总体要求|工作的指导思想|工作的总体思路|工作安排|工作任务|目标任务|重点工作|是.{0,20}之年)")
_REVIEW_AFTER = re.compile(r"^[^。；\n]{0,12}?(工作回顾|工作亮点|亮点回顾|回顾|取得的成绩)")
_PLAN_SOON = re.compile(r"^[，,]?[^。，,]{0,10}?(将|要|力争|计划|预期|预计|确保)")
_DONE_SOON = re.compile(r"^[，,]?[^。，,]{0,10}?(完成|实现|达到|增长|新增|累计)")


def _report_year(text: str) -> int | None:
    """The year of the meeting that heard the report: the year its targets are for (not the
    horizon of long-term goals such as 到2030年)."""
    m = re.search(r"(20\d\d)年[^。\n]{0,6}政府工作报告", text)
    if m:
        return int(m.group(1))
    votes: Counter[int] = Counter()
    mentions: Counter[int] = Counter()
    for m in _YEAR.finditer(text):
        y = int(m.group(1))
        before = text[max(0, m.start() - 4):m.start()]
        if re.search(r"(到|至|于|比|较)$", before):
            continue  # a horizon (到2030年) or a base (比2020年), not the report's own year
        mentions[y] += 1
        after = text[m.end():m.end() + 40]
        if re.search(r"回顾了?$", before):
            votes[y + 1] += 3
        elif _PLAN_AFTER.match(after):
            votes[y] += 3
        elif _REVIEW_AFTER.match(after):
            votes[y + 1] += 3
        elif re.match(r"^\d{1,2}月\d{1,2}日", after):  # meeting date
            votes[y] += 2
        elif _PLAN_SOON.match(after):
            votes[y] += 1
        elif _DONE_SOON.match(after):
            votes[y + 1] += 1
    if votes:
        return max(votes, key=lambda y: (votes[y], y))
    if mentions:
        # a review speaks most of the past year; the report is given the year after
        y = mentions.most_common(1)[0][0]
        return y + 1 if re.search(r"(过去|去年|回顾)", text) else y
    return None


def _title(lines: list[str]) -> str:
    parts = []
    for line in lines[:4]:
        if len(line) > 40 or "。" in line:
            break
        line = re.sub(r"[_|].{0,20}(网站|门户|网)$", "", line.strip())  # a web page's site name
        part = line.strip().lstrip("#").strip()
        if part and part not in "".join(parts):
            parts.append(part)
        if len(parts) == 2:
            break
    return "".join(parts) or (lines[0][:40] if lines else "")
