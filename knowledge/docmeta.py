"""The document's own region, level, report year and title, read from its text."""
from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from functools import lru_cache

from .normalize import fold
from .timeframe import report_year, speech_year

LEVELS = {"县": "县", "区": "区", "市": "市", "旗": "县", "州": "市", "盟": "市", "省": "省"}
# words ending in a level character that are not place names (scope words of the genre)
_NOT_PLACES = set("全该本我各城园社小新景市县区")
# scope words and common nouns that end like a place (全县, 城区, 开发区); a name may still start
# with the same character (城南区, 新华区), so whole words are listed, not first characters
_GENERIC = re.compile(r"^(治[县旗州区]$|全|该|本|我|各|其|(?:年初|年底|年末|年中|今年|去年|明年|上年|当年|同年|全年|近年)|开发|城乡|市县|县乡|区县|省市|示范|试点|先行|代表|人民|政府|全体|各级|本级|"
                      r"部署|记者|报告|会议|市委|县委|区委|省委|[城园社小景新老辖郊市县]区$|县城$|[市县]$|自治[县旗州区]$)")
_ANCHOR = re.compile(
    r"(人民政府|第?[一二三四五六七八九十百零\d]+届人民代表大会|第?[一二三四五六七八九十百零\d]+届人大|"
    r"《?政府工作报告》?|人大|政府工作|代表大会|两会)"
)
_SESSION = re.compile(r"第?[一二三四五六七八九十百零\d]+届$")  # 棠州市十七届(人大): the session, not the name
# 横州市2026年政府工作报告, 某县二〇二三年(度)政府工作报告: the report's year between name and anchor
_YEAR_TAIL = re.compile(r"[（(]?(?:(?:19|20)\d\d|[〇零一二三四五六七八九]{4})年度?[）)]?的?$")
_NAME = re.compile(r"([\u4e00-\u9fff]{1,4}[县区市省]|[\u4e00-\u9fff]{1,8}旗|[\u4e00-\u9fff]{2,4}(?:[\u4e00-\u9fff]{1,3}族)+自治[县旗州])$")
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
    folded: str = field(default="", repr=False, compare=False)  # the whole text, folded
    now: int | None = None    # the year the text's 今年 means (year − 1 for a report heard in December)
    abbreviations: tuple[str, ...] = ()  # 土左旗: what the text also calls its region


def _ethnic_pattern() -> re.Pattern:
    """Autonomous areas: a name, then one or more ethnic groups (data/ethnic_groups.txt), then 自治县/旗/州."""
    from . import lexicon

    groups = "|".join(sorted(lexicon._lines("ethnic_groups.txt"), key=len, reverse=True))
    # 漾濞彝族自治县 (a name, then the groups); 鄂温克族自治旗 (the group is the name)
    return re.compile(rf"^(.{{2,4}}?)(?:(?:{groups})族?)+自治([县旗州])$|^((?:{groups}))族?自治([县旗州])$")


_AUTONOMOUS = _ethnic_pattern()


def _autonomous_region_pattern() -> re.Pattern:
    """Province-level autonomous regions: 广西壮族自治区, 新疆维吾尔自治区, 西藏自治区 → 广西, 新疆, 西藏."""
    from . import lexicon

    groups = "|".join(sorted(lexicon._lines("ethnic_groups.txt"), key=len, reverse=True))
    return re.compile(rf"^(.{{2,3}}?)(?:(?:{groups})族?)*自治区$")


_AUTONOMOUS_REGION = _autonomous_region_pattern()


def short_name(region: str) -> str:
    """云溪县 → 云溪, 岚州市 → 岚州, 枫溪瑶族自治县 → 枫溪; a two-character name keeps its suffix (沛县)."""
    m = _AUTONOMOUS.match(region)
    if m:
        return m.group(1) or m.group(3)
    m = _AUTONOMOUS_REGION.match(region)
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
        level = m.group(2) or m.group(4)
        out += [short + level, short + "自治" + level]
    return out


def abbreviates(abbr: str, name: str) -> bool:
    """土左旗 for 土默特左旗, 鄂前旗 for 鄂托克前旗, 科左中旗 for 科尔沁左翼中旗: the first character, some of
    the middle ones in order, and the level character of a longer name (three characters at least,
    so no two-character string is taken for a place)."""
    if not (3 <= len(abbr) < len(name)) or abbr[0] != name[0] or abbr[-1] != name[-1] or name[-1] not in LEVELS:
        return False
    rest = iter(name[1:-1])
    return all(ch in rest for ch in abbr[1:-1])


def written_abbreviations(name: str, text: str, least: int = 2) -> list[str]:
    """The abbreviations of `name` a text writes (at least `least` times): 土左旗 in a report that
    calls 土默特左旗 so. Found from the name's first character, so the cost follows the text;
    the region detection, the description and the report's places all ask it, once each."""
    return list(_written_abbreviations(name, text, least))


@lru_cache(maxsize=32)
def _written_abbreviations(name: str, text: str, least: int) -> tuple[str, ...]:
    if len(name) < 4 or name[-1] not in LEVELS:
        return []
    counts: Counter[str] = Counter()
    first, last = re.escape(name[0]), re.escape(name[-1])
    middle = "".join(sorted(set(name[1:-1])))
    for m in re.finditer(f"{first}[{re.escape(middle)}]{{1,{len(name) - 3}}}{last}", text):
        if abbreviates(m.group(0), name):
            counts[m.group(0)] += 1
    return tuple(a for a, n in counts.most_common() if n >= least)


def detect(lines: list[str]) -> DocMeta:
    text = fold("\n".join(lines))
    region, parent = _region(text)
    if region:
        parent = _gazetteer_parent(region, text) or parent
    year = report_year(text)
    return DocMeta(
        region=region,
        level=LEVELS.get(region[-1]) if region else None,
        year=year,
        now=speech_year(text, year),
        title=_title(lines),
        parent=parent,
        short=short_name(region) if region else None,
        folded=text,
        abbreviations=_abbreviations(region, text) if region else (),
    )


def _abbreviations(region: str, text: str) -> tuple[str, ...]:
    """What people call the region besides its name and short name: abbreviations the text writes,
    and those of the national table (土左旗 for 土默特左旗)."""
    return tuple(dict.fromkeys(written_abbreviations(region, text) + table_abbreviations(region)))


def table_abbreviations(name: str) -> list[str]:
    """The abbreviations the national table gives a division (东乌旗 for 东乌珠穆沁旗)."""
    from .places import divisions

    return [s for d in divisions().by_name.get(name, ()) for s in d.shorts if abbreviates(s, name)]


def _gazetteer_parent(region: str, text: str) -> str | None:
    """The parent city (or province, for a city) from the national table, named as the text does."""
    from .places import doc_places

    dp = doc_places(region, text)
    if dp.own is None:
        return None
    if dp.own.level == "county":
        return dp.city_label or dp.province_label
    if dp.own.level == "city":
        return dp.province_label
    return None


_TITLE_OWNER = re.compile(r"^[《“\"【]?([\u4e00-\u9fff]{2,10}?(?:自治县|自治州|自治旗|[市县区旗州盟]))(?:人民政府)?"
                          r"(?:(?:19|20)\d\d年度?)?[《“\"]?政府工作报告")


def _region(text: str) -> tuple[str | None, str | None]:
    counts: Counter[str] = Counter()
    parents: Counter[str] = Counter()
    for m in _ANCHOR.finditer(text):
        before = text[max(0, m.start() - 20):m.start()]
        before = _SESSION.sub("", before)
        before = _YEAR_TAIL.sub("", before)
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
        counts = _most_named(text)
    from .places import divisions

    table = divisions().by_name
    # a candidate that abbreviates a name of the national table the text also writes in full
    # (土左旗 for 土默特左旗), or that ends such an abbreviation (左旗), counts for that name
    abbr_of: dict[str, str] = {}
    for c in sorted(counts, key=len, reverse=True):
        if c in table or len(c) < 3:
            continue
        full = _full_name(c, text, table)
        if full:
            abbr_of[c] = full
    tails = []
    for c in list(counts):
        if c in table or c in abbr_of:
            continue
        home = next((abbr_of[a] for a in abbr_of if a != c and a.endswith(c)), None) or \
            next((o for o in counts if o in table and o != c and o.endswith(c) and len(o) >= 4
                  and not re.search(r"[省市州盟]$", o[:-len(c)])), None)
        if home:
            abbr_of[c] = home
            tails.append(c)
    for c, full in abbr_of.items():
        n = counts.pop(c)
        if c not in tails:
            counts[full] += n  # an abbreviation is a mention of its own; a tail (番市) is the same one
    for c in list(counts):
        if c in table:
            for a in written_abbreviations(c, text):
                abbr_of.setdefault(a, c)

    # each candidate's weight: anchored mentions × how often the name (or its short form, 棠州
    # for 棠州市, or an abbreviation, 土左旗) occurs in the text
    def mentions(c: str) -> int:
        s = short_name(c)
        n = text.count(s) if len(s) >= 2 and s != c else text.count(c)
        return n + sum(text.count(a) for a, full in abbr_of.items() if full == c and len(a) >= 3)

    # a name the text writes once, before its congress, is the region if it is a real place
    scored = {c: n * (1 + mentions(c)) for c, n in counts.items() if mentions(c) >= 2 or c in table}
    if not scored:
        counts = _most_named(text)  # the anchors named nothing that holds up
        scored = {c: n * (1 + mentions(c)) for c, n in counts.items() if mentions(c) >= 2}
    if not scored:
        return None, None
    # the place a title names is what the text is about; a box on a neighbour is not (遂宁经济速览 over
    # the 中江县 whose congress its sidebar quotes)
    head = "\n".join([ln for ln in text.split("\n") if ln.strip()][:2])
    for c in scored:
        if c in head or len(short_name(c)) >= 2 and short_name(c) in head:
            scored[c] *= 2
    # a title that opens on a place's name and its report (某区政府工作报告（摘编）) says whose it is,
    # however often a box at its end quotes the city above it
    own = _TITLE_OWNER.match(head)
    if own and own.group(1) in scored and own.group(1) in table:
        scored[own.group(1)] = max(scored.values()) * 2
    best = max(scored.values())
    # among strong candidates prefer the longest (云溪县 over 溪县), but not a one-off longer string
    strong = [c for c, s in scored.items() if s >= 0.5 * best]

    def longer(o: str, c: str) -> bool:
        # 雾岚县 over 岚县; but 海市斗门区 is 珠海市斗门区 cut at four characters: a parent's tail, not a name
        return o != c and o.endswith(c) and not re.search(r"[省市州盟]$", o[:-len(c)])

    # (a longer phrase shadows a name only if it is a name too or as strong: 把高昌区 is no place)
    real = [c for c in strong if c in table and not any(longer(o, c) for o in scored if o in table or scored[o] >= scored[c])]
    if real:
        strong = real  # a name of the national table beats a phrase that merely ends like one
    # the best-scored name, or a longer one that ends with it and is named about as often
    # (云溪县 over 溪县); two different places are told apart by their scores (高昌区 over 吐鲁番市
    # in a Q&A on 高昌 written at 吐鲁番's congress)
    region = max(strong, key=lambda c: scored[c])
    top = max(mentions(s) for s in strong)
    for o in sorted(strong, key=len, reverse=True):
        if o != region and o.endswith(region) and mentions(o) >= 0.5 * top:
            region = o
            break
    region = _own_below(region, scored, mentions, text, table)
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


def _own_below(region: str, scored: dict, mentions, text: str, table) -> str:
    """A county's report quotes its province's or city's own report (贵州省政府工作报告提出…), so
    the province can gather as many anchors: a division below the best candidate that the text
    names at least as often, or names in its title block where the one above is not, is the
    report's own (仁怀市《政府工作报告》解读 beside 贵州省's quoted targets)."""
    from .places import ancestor_names, names_in

    head = "\n".join([ln for ln in text.split("\n") if ln.strip()][:2])  # a title and its subtitle

    def in_head(c: str) -> bool:
        return c in head or short_name(c) in head

    titled = [n for _, _, n in names_in(head) if n in table and n not in scored]  # 读懂上党区2023年“经济账”
    for _ in range(3):  # province → city → county, as far down as the text holds
        below = [c for c in list(scored) + titled if c != region and c in table and region in ancestor_names(c)]
        step = next((c for c in sorted(below, key=lambda c: -scored.get(c, 0))
                     if mentions(c) >= mentions(region) or (in_head(c) and not in_head(region))), None)
        if step is None:
            break
        region = step
    return region


def _most_named(text: str) -> Counter[str]:
    """No anchor naming the place (a news story, 区十八届人大…): the division of the national table
    the text names most often, by its name or short name, if it clearly is the most named."""
    names = _table_mentions(text)
    if not names:
        names = Counter(m.group(0) for m in _ANY_PLACE.finditer(text) if not _GENERIC.match(m.group(0)))
    out: Counter[str] = Counter()
    if names:
        from .places import ancestor_names

        top = names.most_common(1)[0][0]
        above = ancestor_names(top)  # a county's report names its province often: no rival
        ranked = [(c, k) for c, k in names.most_common() if c == top or c not in above]
        (name, n), *rest = ranked[:2] + [("", 0)]
        if n >= 3 and n >= 2 * rest[0][1]:
            out[name] = n
    return out


def _table_mentions(text: str) -> Counter[str]:
    """Divisions of the national table a text names with their level, each counted by every
    mention of its name or short name (金坛区 named twice and 金坛 twenty times: 22)."""
    from .places import divisions, names_in

    dv = divisions()
    out: Counter[str] = Counter()
    for name in {n for _, _, n in names_in(text)}:
        if _GENERIC.match(name) or not dv.by_name.get(name):
            continue
        d = dv.by_name[name][0]
        shorts = [s for s in d.shorts if len(s) >= 2 and s != name]
        out[name] = max([text.count(name)] + [text.count(s) for s in shorts])
    return out


def _full_name(abbr: str, text: str, table) -> str | None:
    """The one name of the national table, written in the text, that `abbr` abbreviates."""
    found = set()
    pos = text.find(abbr[0])
    while pos != -1 and len(found) < 3:
        for k in range(len(abbr) + 1, min(len(text) - pos, 10) + 1):
            cand = text[pos:pos + k]
            if cand[-1] == abbr[-1] and cand in table and abbreviates(abbr, cand):
                found.add(cand)
        pos = text.find(abbr[0], pos + 1)
    return found.pop() if len(found) == 1 else None


def _title(lines: list[str]) -> str:
    parts = []
    for line in lines[:8]:
        if line.count("|") + line.count("｜") >= 2 or re.search(r"(首页|当前位置|字号|打印本页)", line):
            continue  # a web page's navigation, not the title
        if len(line) > 40 or "。" in line:
            break
        line = re.sub(r"[_|].{0,20}(网站|门户|网)$", "", line.strip())  # a web page's site name
        part = line.strip().lstrip("#").strip()
        if part and part not in "".join(parts):
            parts.append(part)
        if len(parts) == 2:
            break
    return "".join(parts) or (lines[0][:40] if lines else "")
