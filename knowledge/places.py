"""Places: China's administrative divisions, and the places a report gives figures for.

- `Divisions` is the national table (data/places.tsv, generated from JioNLP's 区划 table): every
  province, prefecture and county with its short names and its parent. It tells a real place
  from a phrase that merely ends in 市/县/区, and gives a county its city and province even when
  the report never names them.
- `DocPlaces` is one report's view: its own region resolved in the table (the report's text
  chooses among namesakes), the scope words resolved (全市 is the parent city in a county's report
  and the city itself in a city's; 全省 is the province), the divisions it names, and the sub-areas
  it names (开发区, 高新区, 园区, 新区, 乡镇, 街道) as places of their own.
- `place_before` finds whose figure a figure is: the nearest place named before it in its sentence
  in subject position (not after 高于/比/占/在…, which name a reference).

A place is labelled the way the report writes it when that form ends in a level (大理州 for
大理白族自治州), else by its full name (全省 → 山东省).
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from . import lexicon

LEVEL_CHARS = "省市县区旗盟州"


@dataclass(frozen=True, slots=True)
class Division:
    code: str
    name: str                 # 大理白族自治州
    shorts: tuple[str, ...]   # (大理,)
    level: str                # province / city / county
    parent: str | None        # the parent's code


# short names that are generic words, never a name on their own (区划 table's 高新区, 经开区 …)
_GENERIC_SHORT = {"高新区", "经开区", "新区", "城区", "郊区", "矿区", "市中", "省直辖", "管理区", "开发区",
                  "市辖区", "县", "区", "园区", "新城", "工业园", "示范区", "试验区", "保税区", "林区", "市直辖"}
from .docmeta import _AUTONOMOUS as _ETHNIC  # noqa: E402  (鄂温克族自治旗 → 鄂温克)
from .docmeta import abbreviates  # noqa: E402


class Divisions:
    """The national table, indexed by every name people write for a division."""

    def __init__(self, rows: list[Division]):
        self.by_code = {d.code: d for d in rows}
        self.by_name: dict[str, list[Division]] = {}
        self.by_short: dict[str, list[Division]] = {}
        for d in rows:
            for n in self.written_names(d):
                self.by_name.setdefault(n, []).append(d)
            for s in d.shorts:
                if len(s) >= 2 and s not in _GENERIC_SHORT and s != d.name:
                    self.by_short.setdefault(s, []).append(d)
        self.max_len = max((len(n) for n in self.by_name), default=0)
        self._children: dict[str, list[Division]] = {}
        for d in rows:
            if d.parent:
                self._children.setdefault(d.parent, []).append(d)

    def children(self, code: str) -> list[Division]:
        return self._children.get(code, [])

    @staticmethod
    def written_names(d: Division) -> list[str]:
        """Names with a level that people write: 大理白族自治州, 大理州; 漾濞彝族自治县, 漾濞县, 漾濞自治县."""
        out = [d.name]
        m = _ETHNIC.match(d.name)
        if m:
            name, level = m.group(1) or m.group(3), m.group(2) or m.group(4)
            out += [name + level, name + "自治" + level]
        elif d.level == "province" and d.name.endswith("自治区"):
            pass  # 内蒙古自治区: its short name (内蒙古) is what people write
        for s in d.shorts:
            if s and s not in _GENERIC_SHORT and d.name[-1] in LEVEL_CHARS and not s.endswith(d.name[-1]) \
                    and d.level != "province" and len(s) >= 2:
                out.append(s + d.name[-1])
        return list(dict.fromkeys(out))

    def parent(self, d: Division) -> Division | None:
        return self.by_code.get(d.parent) if d.parent else None

    def chain(self, d: Division) -> list[Division]:
        out = [d]
        while out[-1].parent and out[-1].parent in self.by_code and len(out) < 4:
            out.append(self.by_code[out[-1].parent])
        return out

    def lookup(self, name: str, shorts: bool = False) -> list[Division]:
        got = self.by_name.get(name, [])
        if not got and shorts:
            got = self.by_short.get(name, [])
        return got

    def resolve(self, name: str, context: str = "", shorts: bool = False) -> Division | None:
        """The division a name stands for; namesakes are told apart by the names of their parents
        in `context` (东湖区 of 南昌 in a text that names 南昌)."""
        got = self.lookup(name, shorts)
        if not got:
            return None
        if len(got) == 1:
            return got[0]

        def support(d: Division) -> tuple:
            n = 0
            for a in self.chain(d)[1:]:
                for w in (a.name, *a.shorts):
                    if len(w) >= 2 and w not in _GENERIC_SHORT and w in context:
                        n += 1
                        break
            rank = {"province": 0, "city": 1, "county": 2}[d.level]
            return (n, -rank)

        best = max(got, key=support)
        top = support(best)
        if sum(1 for d in got if support(d) == top) > 1 and top[0] == 0:
            return None if not shorts else best
        return best


@lru_cache(maxsize=1)
def divisions() -> Divisions:
    rows = []
    for line in lexicon._lines("places.tsv"):
        cells = line.split("\t")
        if len(cells) < 4:
            continue
        code, name, shorts, level = cells[:4]
        parent = cells[4] if len(cells) > 4 and cells[4] else None
        rows.append(Division(code, name, tuple(s for s in shorts.split("/") if s), level, parent))
    return Divisions(rows)


@lru_cache(maxsize=1)
def towns() -> dict[str, tuple[str, ...]]:
    """County code → its townships (乡, 镇, 街道, 苏木)."""
    out = {}
    for line in lexicon._lines("towns.tsv"):
        code, _, names = line.partition("\t")
        out[code] = tuple(n for n in names.split("/") if n)
    return out


@lru_cache(maxsize=1)
def renamed() -> dict[str, str]:
    """Old name → current name (a county that became a district keeps answering to its old name)."""
    out = {}
    for line in lexicon._lines("place_changes.tsv"):
        cells = line.split("\t")
        if len(cells) >= 3:
            out[cells[1]] = cells[2]
    return out


@lru_cache(maxsize=4096)
def ancestor_names(name: str) -> frozenset[str]:
    """The names people write for the city and province above a division (冀州区 → 衡水市, 衡水,
    河北省, 河北); empty for a name the table does not hold."""
    dv = divisions()
    out: set[str] = set()
    for d in dv.by_name.get(name, ()):
        for up in dv.chain(d)[1:]:
            out.update(dv.written_names(up))
            out.update(s for s in up.shorts if len(s) >= 2 and s not in _GENERIC_SHORT)
    return frozenset(out)


def names_in(text: str) -> list[tuple[int, int, str]]:
    """Spans of division names (with their level) in a folded text, longest at each position.
    Found from the level characters backwards, so the cost follows the text, not the table."""
    dv = divisions()
    out: list[tuple[int, int, str]] = []
    for m in re.finditer(f"[{LEVEL_CHARS}]", text):
        end = m.end()
        for k in range(min(dv.max_len, end), 1, -1):
            cand = text[end - k:end]
            if cand in dv.by_name:
                out.append((end - k, end, cand))
                break
    out = [s for s in out if _on_word_boundaries(text, s[0], s[1])]
    # drop spans inside longer ones (冀州区 inside 衡水市冀州区 is its own span; 州区 is not a name)
    out.sort(key=lambda s: (s[0], -(s[1] - s[0])))
    kept: list[tuple[int, int, str]] = []
    for s in out:
        if kept and s[0] < kept[-1][1]:
            if s[1] - s[0] > kept[-1][1] - kept[-1][0]:
                kept[-1] = s
            continue
        kept.append(s)
    return kept


def _on_word_boundaries(text: str, start: int, end: int) -> bool:
    """A name found inside longer words is no mention (昌都市 in 南昌都市圈, 和县 in 乡镇和县直部门):
    it must start and end where jieba cuts the surrounding text."""
    from . import tokenizer

    lo, hi = max(0, start - 6), min(len(text), end + 6)
    cuts, pos = {lo}, lo
    for w in tokenizer.cut_all_tokens(text[lo:hi]):
        pos += len(w)
        cuts.add(pos)
    return start in cuts and end in cuts or text[start:end] in _hard_names(text[start:end])


def _hard_names(name: str) -> set[str]:
    # names of three or more characters with a level are rarely inside other words: trust them
    # unless the text around makes a longer word of them (checked above)
    return set()


# ------------------------------------------------------------------ one report's places

_SUBAREA = re.compile(lexicon.cue_alternation("subarea"))
# what may follow a parent's short name for it to name that place (菏泽全市…, 陕西2023年…, 山东经济…)
_LABEL_SHORT = re.compile(r"^[【\[]([\u4e00-\u9fff]{2,4})(?:[·・:：][^】\]]{1,12})?[】\]]")
_CAPITAL = re.compile(r"省会(?:城市)?([\u4e00-\u9fff]{2,3}?)(?=市|还|也|则|将|提出|[，,、：:]|的)")
_SHORT_FOLLOW = re.compile(r"(?:全[省市州盟县区旗]|省|市|[,，、：:]|提出|确定|预计|实现|完成|把|将|还将|还|也|要求|力争|(?:19|20)\d\d年|今年|去年|明年|地区生产总值|生产总值|经济|gdp|规上|规模以上|一般公共预算|"
                           r"财政|城镇|农村|居民|固定资产|社会消费品|全年|的|粮食|农业|工业|人均|全体)")


# a year right before a short name (2022年遵义白酒产业增加值…): the place the clause is about
_DATED_BEFORE = re.compile(r"(?:(?:^|(?<=[，,。；;：:]))(?:(?:19|20)\d\d年|今年|去年|当年)|(?<=[，,。；;：:])(?:19|20)\d\d年)$")
_OWN_VERB = re.compile(r"(?:全年|今年|去年)?(?:实现|完成|达到|累计|共|新增|预计)")
_PROVINCE_SUFFIXES = ("省", "市", "自治区", "维吾尔自治区", "回族自治区", "壮族自治区", "特别行政区")


def whole_province_names(region: str) -> list[str]:
    """全疆, 全川: what people call a province's whole (a region of the knowledge base) after 全."""
    for line in lexicon._lines("province_abbrev.tsv"):
        name, _, abbrevs = line.partition("\t")
        if len(region) >= 2 and name.startswith(region) and (region == name or name[len(region):] in _PROVINCE_SUFFIXES):
            return ["全" + a for a in abbrevs.split("|") if a not in ("省", "市", "区")]
    return []


def _province_abbrev(province: Division) -> list[str]:
    """One-character names of a province used after 全 (全疆, 全川, 全滇), from data/province_abbrev.tsv."""
    return _abbrev_table().get(province.name, []) or ["省"]


@lru_cache(maxsize=1)
def _abbrev_table() -> dict[str, list[str]]:
    table = {}
    for line in lexicon._lines("province_abbrev.tsv"):
        name, _, abbrevs = line.partition("\t")
        table[name] = abbrevs.split("|")
    return table
_SCOPE = re.compile(r"全(省|市|州|盟|县|区|旗|国|镇|乡)|(?:我|本|该)(省|市|州|盟|县|区|旗)|(省|市|州|县|区)(?:里|级层面)(?=提出|确定|要求|明确|的目标|目标|[，,])"
                    r"|我(国)(?!家)|(?:(?<=^)|(?<=[，,。；;：:]))(国)家(?=(?:19|20)\d\d年|提出|明确|要求|层面|的主要预期目标)")  # 我国, 国家2024年提出
# words before a place that make it a reference, not whose figure it is (高于全市, 占全省, 比…)
_ZONE_END = re.compile(r"(?:高新|经开|开发|新|园|示范|自贸|保税|片|景|城|社|功能|综保|港|矿|林|牧|垦|库)区$")
_REFERENCE_BEFORE = re.compile(lexicon.cue_alternation("place_reference") + r"[^，,。；;：:]{0,2}$")
# what may stand before a paragraph's subject place: a bracket, 据, a year or a date, a list number
_TOPIC_BEFORE = re.compile(r"(?:【[^】]{1,12}】|【[^】·・:：]{1,10}[·・:：]|[\u4e00-\u9fff]{2,3}(?:省|自治区)|[【\[（(]|据|(?:19|20)\d\d年(?:度|以来)?(?:\d{1,2}月(?:\d{1,2}日)?)?[，,]?|\d{1,2}月\d{1,2}日(?:[、至—-]\d{1,2}日)?[，,]|"
                           r"[一二三四五六七八九十]+[、.]|\d{1,2}[、.]|[（(][一二三四五六七八九十\d]{1,3}[）)])*")
_NOT_SUBAREA_PREFIX = re.compile(r"^(全|各|该|本|我|其|省级|市级|县级|国家级|国家|重点|特色|新建|一批|两个|三个|多个|[一二三四五六七八九十\d]+个)")


@dataclass(frozen=True, slots=True)
class PlaceSpan:
    start: int
    end: int
    label: str


def doc_places(region: str | None, text: str, parent_hint: str | None = None) -> "DocPlaces":
    """One DocPlaces per report text (the report's description and its figures share it)."""
    key = (region, hash(text), parent_hint)
    hit = _DOC_CACHE.get(key)
    if hit is None:
        if len(_DOC_CACHE) > 8:
            _DOC_CACHE.clear()
        hit = _DOC_CACHE[key] = DocPlaces(region, text, parent_hint)
    return hit


_DOC_CACHE: dict = {}


class DocPlaces:
    """The places of one report, resolved against the national table."""

    def __init__(self, region: str | None, text: str, parent_hint: str | None = None):
        self.region = region
        self.text = text
        self._label_cache: dict[str, str | None] = {}  # name → its label (see _division_label)
        dv = divisions()
        self.own = dv.resolve(region, text) if region else None
        chain = dv.chain(self.own) if self.own else []
        # 省直辖县级行政区划 (a county of 海南, 湖北's 仙桃…) is a line of the table, not a city
        self.city = next((d for d in chain[1:] if d.level == "city" and "直辖" not in d.name), None)
        self.province = next((d for d in chain[1:] if d.level == "province"), None)
        if self.own and self.own.level == "city":
            self.city = self.own
        if self.own and self.own.level == "province":
            self.province = self.own
        self.city_label = self.label(self.city) if self.city else parent_hint
        if self.own and self.own.level == "city":
            self.city_label = region
        self.province_label = self.label(self.province) if self.province else None
        self.own_short = _short(region) if region else ""
        self._own_names = set()
        if region:
            self._own_names = {region, self.own_short}
            if self.own:
                self._own_names |= set(dv.written_names(self.own)) | set(self.own.shorts)
            from .docmeta import written_abbreviations

            self._own_names |= set(written_abbreviations(region, text))  # 土左旗 for 土默特左旗
        # the own region's other names, spoken of as a place of figures (今年土左旗地区生产总值…)
        self._own_others = sorted((n for n in self._own_names if len(n) >= 3 and n != region), key=len, reverse=True)
        self._chain_shorts: dict[str, str] = {}  # 菏泽 → 菏泽市, 山东 → 山东省 (written without a level)
        for d in (self.city, self.province):
            if d is not None and d is not self.own:
                for s in d.shorts:
                    if len(s) >= 2 and s not in _GENERIC_SHORT:
                        self._chain_shorts[s] = self.label(d)
        # other cities and provinces the report names with their level and speaks of again (a box
        # comparing neighbours' targets: 沈阳市…会议召开…沈阳今年地区生产总值增长6%以上)
        far = self._named_far()
        self._far = {label for _, label in far}
        for d, label in far:
            for s in d.shorts:
                if len(s) >= 2 and s not in _GENERIC_SHORT and s not in self._own_names:
                    self._chain_shorts.setdefault(s, label)
        # neighbouring counties (the same city's) and a city's own counties, named by their short
        # name with figures right after it (预计2017年瑞金生产总值增长超过9%): a 解读 comparing them
        for d in self._near():
            for short in d.shorts:
                if len(short) >= 2 and short not in _GENERIC_SHORT and short not in self._own_names \
                        and short not in self._chain_shorts and any(
                            _FIGURES_FOLLOW.match(text, m.end()) for m in re.finditer(re.escape(short), text)):
                    self._chain_shorts[short] = self.label(d)
        self._pattern = re.compile("|".join(sorted(map(re.escape, self._chain_shorts), key=len, reverse=True))) \
            if self._chain_shorts else None
        # the report's townships, from the table: a county's own, or those of a city's counties
        names: set[str] = set()
        if self.own is not None:
            codes = [self.own.code] if self.own.level == "county" else \
                [d.code for d in dv.by_code.values() if d.parent == self.own.code and d.level == "county"]
            for c in codes:
                names.update(t for t in towns().get(c, ()) if len(t) >= 3)
        names = {n for n in names if n in text}
        local = _local_names(text) - self._own_names
        self._longer: dict[str, str] = {}
        for n in local:
            for d in (self.province, self.city, self.own):
                for w in ((d.name, *d.shorts) if d else ()):
                    if len(w) >= 2 and (w + n) in text:
                        self._longer[n] = w + n  # 天府新区 written 四川天府新区 too: one place, its longer name
        names |= local
        self._towns = re.compile("|".join(sorted(map(re.escape, names), key=len, reverse=True))) if names else None

    def _near(self) -> list[Division]:
        """The county-level divisions next to the report's own: its siblings under one city, or
        the counties of a city's own report."""
        if self.own is None:
            return []
        dv = divisions()
        if self.own.level == "county" and self.own.parent:
            parent = self.own.parent
        elif self.own.level == "city":
            parent = self.own.code
        else:
            return []
        return [d for d in dv.children(parent) if d.code != self.own.code and d.level == "county"]

    def _named_far(self) -> list[tuple[Division, str]]:
        """Cities and provinces outside the report's own chain that it names with their level and
        speaks of as a place of figures: a name followed by a year or an indicator (沈阳今年地区
        生产总值…, 哈尔滨2023年…), not one named in passing (深圳洲斯医用冰箱, 与深圳市的协作)."""
        dv = divisions()
        mine = {d.code for d in (self.own, self.city, self.province) if d is not None}
        out, seen = [], set()
        named = [name for _, _, name in names_in(self.text)]
        # a city or province written by its short name only, with figures right after it
        # (邻近的武汉…预计2022年武汉地区生产总值增长4.5%左右)
        for m in _FIGURES_FOLLOW.finditer(self.text):
            for k in (4, 3, 2):
                short = self.text[max(0, m.start() - k):m.start()]
                if len(short) == k and short in dv.by_short and short not in _GENERIC_SHORT and not self.is_own(short):
                    named.append(short)
                    break
        for name in named:
            if name in seen or self.is_own(name):
                continue
            seen.add(name)
            d = dv.resolve(name, self.text) or dv.resolve(name, self.text, shorts=True)
            if d is None or d.code in mine or d.level not in ("city", "province"):
                continue
            names = [name] + [s for s in d.shorts if len(s) >= 2 and s not in _GENERIC_SHORT]
            if any(_FIGURES_FOLLOW.match(self.text, m.end()) for n in names for m in re.finditer(re.escape(n), self.text)):
                out.append((d, name if name in dv.by_name else self.label(d)))
        return out

    def label(self, d: Division) -> str:
        """The name the report uses for a division, if it writes one with a level; else its full name
        (or, for an autonomous region the report names only by its short name, that: 新疆)."""
        best, n = d.name, self.text.count(d.name)
        for w in divisions().written_names(d):
            c = self.text.count(w)
            if c > n:
                best, n = w, c
        if n == 0 and d.level == "province" and d.name.endswith("自治区"):
            shorts = [s for s in d.shorts if len(s) >= 2 and s in self.text]
            if shorts:
                return max(shorts, key=self.text.count)
        return best

    def is_own(self, name: str) -> bool:
        return name in self._own_names

    def scope_label(self, level: str | None) -> str | None:
        """全市/全省/我县 …: the place a scope word stands for in this report."""
        if level is None:
            return None
        own_level = self.region[-1] if self.region else ""
        if level == own_level or (level in "县区旗" and own_level in "县区旗") or \
                (level in "市州盟" and own_level in "市州盟" and (self.own is None or self.own.level == "city")):
            return self.region
        if level in "市州盟":
            return self.city_label or (f"{self.region}所在{level}" if self.region else None)
        if level == "省":
            return self.province_label or "全省"
        if level == "国":
            return "全国"
        return None  # 全镇, 全乡: a township not named here

    def spans(self, text: str, held: str | None = None) -> list[PlaceSpan]:
        """Places named in a folded sentence: divisions, the report's parent city and province
        written without a level (菏泽全市, 陕西全省), sub-areas and scope words. `held`: the place
        its paragraph speaks of (see topic_place); a scope word of that place's level is that place."""
        out: list[PlaceSpan] = []
        taken = [False] * (len(text) + 1)

        def add(s: int, e: int, label: str | None) -> None:
            if label and not any(taken[s:e]):
                out.append(PlaceSpan(s, e, label))
                for i in range(s, e):
                    taken[i] = True

        if self._towns is not None:
            for m in self._towns.finditer(text):
                longer = self._longer.get(m.group(0))
                if longer and text[max(0, m.start() - len(longer) + len(m.group(0))):m.end()] == longer:
                    add(m.end() - len(longer), m.end(), longer)
                else:
                    add(m.start(), m.end(), longer or _full_name(m.group(0)))
        for m in _SUBAREA.finditer(text):
            label = self._subarea(text, m)
            if label:
                add(label[0], m.end(), label[1])
        for m in re.finditer(r"(?:^|(?<=[，,。；;：:]))园区(?=[\u4e00-\u9fff])", text):
            park = self._named_of_kind("园")
            if park:
                add(m.start(), m.end(), park)  # 园区发展势头不减: the one park the report names
        for s, e, name in names_in(text):
            label = self._division_label(name)
            if label and len(label) > len(name) and label.endswith(name) and text[max(0, s - len(label) + len(name)):s] == label[:-len(name)]:
                s -= len(label) - len(name)  # 江门开平市: the span is the name as written, its city with it
            elif label and label != self.region:
                up = next((a for a in sorted(ancestor_names(name), key=len, reverse=True) if len(a) >= 2 and text[max(0, s - len(a)):s] == a), None)
                if up and not any(taken[s - len(up):s]):
                    s -= len(up)  # 廊坊市安次区, 江门开平市: its city written before it is part of the span
            add(s, e, label)
        if self._pattern is not None:
            for m in self._pattern.finditer(text):
                if (_SHORT_FOLLOW.match(text, m.end()) or _DATED_BEFORE.search(text, 0, m.start())) and not taken[m.start()]:
                    scope = _SCOPE.match(text, m.end())
                    end = scope.end() if scope else m.end()
                    add(m.start(), end, self._chain_shorts[m.group(0)])
        for other in self._own_others:
            for m in re.finditer(re.escape(other), text):
                if not taken[m.start()]:
                    add(m.start(), m.end(), self.region)
        if self.region and len(self.own_short) >= 2 and self.own_short != self.region:
            for m in re.finditer(re.escape(self.own_short), text):
                at_start = m.start() == 0 or text[m.start() - 1] in "，,。；;：:、（(" or \
                    (text[m.start() - 1] == "年" and _OWN_VERB.match(text, m.end()))  # 2021年前锋实现…
                if (_SHORT_FOLLOW.match(text, m.end()) or at_start) and not taken[m.start()]:
                    add(m.start(), m.end(), self.region)  # 今年长春地区生产总值…: the report's own region
        if self.province is not None and self.province.name.endswith("自治区") and self.own is not self.province:
            for m in re.finditer(r"(?<![\u4e00-\u9fff])自治区(?=[\u4e00-\u9fff\d])|(?<=[，,。；;：:])自治区", text):
                add(m.start(), m.end(), self.province_label)  # 自治区2023年的报告…: the autonomous region
        for m in _SCOPE.finditer(text):
            level = m.group(1) or m.group(2) or m.group(3) or m.group(4) or m.group(5)
            label = self.scope_label(level)
            if m.group(1) and level in "县旗" and held and held[-1:] == level:
                label = held  # 【邻旗速览·某旗】…。报告预计，全旗…: the banner the section is about
            elif m.group(1) and level in "市州盟省区":
                # 据郑州市…计划，2023年全市…: 全市 after another city named in the sentence is that city
                # (同在岛外的某区，…回顾：2025年全区…: a district too, when no zone and no reference)
                named = [p for p in out if p.end <= m.start() and p.label[-1:] == level and p.label != self.region
                         and p.label != label and (level != "区" or p.label.endswith("自治区") or (
                             not _ZONE_END.search(p.label)
                             and not _REFERENCE_BEFORE.search(text[max(0, p.start - 6):p.start])))]
                if named and not re.search(r"[。；;]", text[named[-1].end:m.start()]):
                    label = named[-1].label
                elif not named and held and held[-1:] == level:
                    label = held  # 【某区·某年】据某区统计局…。全区地区生产总值…: the district spoken of
            add(m.start(), m.end(), label)
        if self.province is not None:
            for m in re.finditer("全(" + "|".join(map(re.escape, _province_abbrev(self.province))) + ")", text):
                add(m.start(), m.end(), self.province_label)  # 全疆, 全川: the province
            m = _LABEL_SHORT.match(text) if text[:1] in "【[" else None
            if m and not any(taken[m.start(1):m.end(1)]):
                # 【竹溪】…: a label naming a county of the province by its short name
                near = [d for d in divisions().by_short.get(m.group(1), ()) if d.level in ("county", "city")
                        and self.province.code in {a.code for a in divisions().chain(d)}]
                if len(near) == 1:
                    add(m.start(1), m.end(1), self.label(near[0]))
            for m in (_CAPITAL.finditer(text) if "省会" in text else ()):
                # 省会郑州还提出…: the province's capital by its short name
                city = next((d for d in divisions().by_short.get(m.group(1), ()) if d.level == "city"
                             and d.parent == self.province.code), None)
                if city is not None:
                    add(m.start(1), m.end(1), self.label(city))
        out.sort(key=lambda p: p.start)
        # 平房区（哈经开区）: a name in brackets right after a place is another name of that place
        # (the zone it runs as one body), not a second place the figures belong to
        def renamed(k: int, p: PlaceSpan) -> bool:
            if p.start < 1 or text[p.start - 1] not in "（(" or text[p.end:p.end + 1] not in ("）", ")"):
                return False
            before = text[:p.start - 1]
            return (k > 0 and out[k - 1].end == p.start - 1) or any(n and before.endswith(n) for n in self._own_names)

        return [p for k, p in enumerate(out) if not renamed(k, p)]

    def _division_label(self, name: str) -> str | None:
        # depends on the name and the whole text only: worked out once per name (a long report
        # names the same places thousands of times, and each working reads the whole text)
        if name not in self._label_cache:
            self._label_cache[name] = self._work_out_label(name)
        return self._label_cache[name]

    def _work_out_label(self, name: str) -> str | None:
        if self.is_own(name):
            return self.region
        d = divisions().resolve(name, self.text)
        if d is None:
            return None
        if self.city is not None and d.code == self.city.code:
            return self.city_label
        if self.province is not None and d.code == self.province.code:
            return self.province_label
        near = self.province is not None and self.province.code in {a.code for a in divisions().chain(d)}
        if not near and self.text.count(name) < 2 and name not in self._far \
                and not _INDICATOR_AFTER.match(self.text, self.text.find(name) + len(name)):
            return None  # a far place named once, in passing (新建区妇幼保健院): no place of figures
        if len(divisions().by_name.get(name, ())) > 1 or name.endswith("新区"):
            # 天府新区, written 四川天府新区 in the report; a name several divisions share, with its city
            # (a name only one division has, 安次区, stays as it is, whatever the text writes before it)
            for a in divisions().chain(d)[1:]:
                for w in (a.name, *a.shorts):
                    if len(w) >= 2 and (w + name) in self.text:
                        return w + name
        return name

    def _subarea(self, text: str, m: re.Match) -> tuple[int, str] | None:
        """西安高新区, 高新区 (→ 西安高新区 in 西安's report), 大营镇: (start, label)."""
        kind = m.group(0)
        start = m.start()
        prefix = ""
        j = start
        while j > 0 and re.match(r"[\u4e00-\u9fff]", text[j - 1]) and start - j < 6:
            j -= 1
        before = text[j:start]
        # the longest tail of `before` that is a name: the own region, a division, or a short name
        for k in range(len(before), 0, -1):
            cand = before[-k:]
            if _NOT_SUBAREA_PREFIX.match(cand):
                continue
            if self.is_own(cand) or cand in divisions().by_name or cand in divisions().by_short:
                prefix = cand
                break
        if prefix:
            return (start - len(prefix), prefix + kind)  # as written: 尉犁县工业园区, 西安高新区
        if before and not _NOT_SUBAREA_PREFIX.match(before[-2:]) and re.search(r"(国家级|省级)$", before):
            return None
        if before and re.search(r"[\u4e00-\u9fff]{2}$", before) and not re.search(
                r"(全|各|该|本|我|的|和|与|及|在|是|有|为|了|个|家|两|三|四|五)$", before):
            return None  # 一个产业园区, 现代农业园区: a kind of area, not a named one
        named = self._named_of_kind(kind)
        if named:
            return (start, named)  # 新区还新增…: the one 新区 the report names
        return (start, (self.own_short or "") + kind) if self.own_short else None

    def _named_of_kind(self, kind: str) -> str | None:
        if not hasattr(self, "_kinds"):
            self._kinds: dict[str, set[str]] = {}
            for n in list(getattr(self, "_longer", {}).values()) + [n for n in _local_names(self.text)]:
                for k in ("新区", "高新区", "经开区", "开发区", "示范区", "起步区", "园"):
                    if n.endswith(k) and n != k:
                        self._kinds.setdefault(k, set()).add(self._longer.get(n, n))
            for s_, e, name in names_in(self.text):
                for k in ("新区", "高新区", "经开区", "开发区"):
                    if name.endswith(k) and name != k:
                        lab = self._division_label(name)
                        if lab:
                            self._kinds.setdefault(k, set()).add(lab)
        names = self._kinds.get(kind, set())
        return next(iter(names)) if len(names) == 1 else None

    def chain_shorts(self) -> dict[str, str]:
        """The report's parent city and province by their short names (菏泽 → 菏泽市, 山东 → 山东省)."""
        return dict(self._chain_shorts)

    def topic_place(self, text: str, held: str | None) -> str | None:
        """The place a paragraph speaks of after this sentence: a county-level or larger division
        other than the report's own, named as the subject at the sentence's start (某年某区紧扣…,
        【某区·某年】据某区统计局…), holds until the report's own region or another subject comes."""
        # 在全市排名第二, 居全省第3位: the area a rank is held in says nothing of whose paragraph it is
        spans = [sp for sp in self.spans(text, held) if not rank_area(text, sp)]
        if not spans:
            return held
        first = spans[0]
        for nxt in spans[1:]:
            if nxt.start != first.end:
                break
            first = PlaceSpan(first.start, nxt.end, nxt.label)  # 河北省廊坊市安次区: the place the chain ends in
        if first.label == self.region or first.label.startswith("全"):
            return None
        # (a province too, when the sentence tells of its congress: 1月14日，某省十四届人大三次会议开幕，…)
        congress = first.label.endswith(("省", "自治区")) and bool(re.search(r"人大|人民代表大会|政府工作报告", text))
        if _TOPIC_BEFORE.fullmatch(text[:first.start]) and (first.label[-1:] in "区县旗市州盟" or congress) \
                and not re.match(r"[、和与及等]", text[first.end:first.end + 1]) \
                and not self.is_own(first.label):
            return first.label
        return None if any(p.label == self.region for p in spans) else held

    def place_before(self, text: str, pos: int, spans: list[PlaceSpan] | None = None) -> str | None:
        """Whose figure the figure at `pos` is: the nearest place named before it in its sentence
        that stands as the subject (not after 高于/占/比/在…). None: the report's own region."""
        spans = self.spans(text) if spans is None else spans
        cands = [s for s in spans if s.end <= pos]
        # places joined by 、/和 form a group: a reference word before the first covers them all
        group_ref: dict[int, bool] = {}
        for k, sp in enumerate(cands):
            if k and re.fullmatch(r"[、和与及]", text[cands[k - 1].end:sp.start]):
                group_ref[k] = group_ref[k - 1]
            else:
                group_ref[k] = bool(_REFERENCE_BEFORE.search(text[max(0, sp.start - 6):sp.start]))
        for k in range(len(cands) - 1, -1, -1):
            sp = cands[k]
            if group_ref[k]:
                continue
            between = text[sp.end:pos]
            if text[max(0, sp.start - 1):sp.start] == "在" and re.match(r"^[^，,；;。]{0,16}?(?:中|内|范围|排|位列|领跑|前列)", between):
                continue  # 在全国城市中的排位: the field compared in
            if re.match(r"^(?:第|排名|排(?![放污水])|位居|居(?![民住])|位列|名列|列(?![入车]))", between) \
                    or re.search(r"(位居|居于|排名|排在|名列)(?:全[省市国])?$", text[:sp.start]):  # (全省居民…: 居民, no rank)
                continue  # 在全市排第一位: the area ranked in
            in_group = (k and re.fullmatch(r"[、和与及]", text[cands[k - 1].end:sp.start])) or \
                (k + 1 < len(cands) and re.fullmatch(r"[、和与及]", text[sp.end:cands[k + 1].start]))
            if in_group:
                continue  # 南昌县、西湖区和高新区4个县区: places listed are members, not whose figure it is
            if re.match(r"^[、和与及]", between) and re.search(r"[、和与及]", between[:2]):
                continue  # 南昌县、高新区…一道: a list of places, not the subject
            if re.match(r"^(?:一道|一起|等)", between):
                continue
            if text[sp.start:sp.end].startswith("全") and not opens_clause(text, sp.start):
                continue  # 余杭深化全国数字经济先行区建设，…: a scope inside a phrase, not the clause's subject
            if re.match(r"^(?:的)?(?:前列|前茅|第一方阵|领先|排头|首位)", between):
                continue  # 增速保持全省前列: the field ranked in, not whose figures follow
            if re.match(r"^(?:唯一|首个|首家|第一个|仅有的|少有的|率先)", between) and \
                    re.search(r"(?:是|为|成为|作为)$", text[:sp.start]):
                continue  # 是全市唯一连续5年保持正增长的区；…: the field compared in, not whose figures follow
            return sp.label
        return None


# verbs whose object a 全国/全省 scope opens (深化全国…先行区建设, 获评全国…百强县, 跻身全省…前列)
_SCOPE_OBJECT = re.compile(r"(?:深化|获评|荣获|获得|获|评为|入选|成为|打造|争创|创成|创建|建设|建成|列入|纳入|跻身|进入|"
                           r"领跑|走在|当好|争当|勇当|作为|是|为)$")


def rank_area(text: str, sp: PlaceSpan) -> bool:
    """在全市排名第二, 居全省第3位: a scope (全X) that is only the area of a rank (居民 after 全省 is no 居)."""
    return text[sp.start:sp.end].startswith("全") and (
        text[max(0, sp.start - 1):sp.start] in ("在", "居", "于")
        or re.match(r"(?:排名|排在|排(?![放污水])|位居|居(?![民住])|第|前列)", text[sp.end:]) is not None)


def opens_clause(text: str, start: int) -> bool:
    """Whether 全省 at `start` stands as a clause's subject (全省生产总值增长6.4%, 省政府报告2016年全省
    实绩：…) rather than inside a verb's object, as a scope (获评全国…百强县, 深化全国…先行区建设)."""
    return _SCOPE_OBJECT.search(text, 0, start) is None


# a place name the table does not hold, written with its level after a boundary (、芦坪县，柘岗镇…)
_LOCAL = re.compile(r"(?:^|(?<=[，,。；;、：:（(“\"\n和与及至在】年月日]))([\u4e00-\u9fff]{2,3}?(?:县|区|市|镇|乡|旗|盟|州|街道|苏木|园))"
                    r"(?=[\u4e00-\u9fff、，,和与])")
_NOT_LOCAL = re.compile(
    r"^(全|该|本|我|各|城|园|社|小|景|开发|新|老|乡|镇|村|市|县|区|省|多|哪|每|农|山|湖|商|工业|产业|经济|保税|示范|试点|城乡|"
    r"居民|主城|辖|郊|中心|核心|功能|自治|建成|片区|街区|重点|特色|美丽|一|两|三|四|五|六|七|八|九|十|百|千|万|这|那|其|县城|"
    r"城镇|集镇|市场|市级|县级|区级|省级|地级|直辖|乡村|镇村|街镇|县乡|乡镇|区县|县市|市县|市区|城区|近郊|远郊|周边|沿海|边境|"
    r"民族|贫困|革命|老区|山区|林区|牧区|垦区|矿区|灾区|库区|园区|厂区|校区|景区|社区|商圈|高新|经开|综保|自贸|临港|港区|空港)"
)


# what follows a place spoken of with its figures: a year or an indicator, right after its name
_FIGURES_FOLLOW = re.compile(r"(?:市|省)?(?:今年|去年|明年|(?:19|20)\d\d年|全年|全[县区旗市]|预计|实现|完成|地区生产总值|生产总值|gdp|规上|规模以上|"
                             r"一般公共预算|财政收入|固定资产投资|社会消费品|城镇居民|农村居民|经济增长|的主要预期目标"
                             r"|的?(?:三次产业|产业结构|经济总量|财政|区本级|县本级))")
_INDICATOR_AFTER = re.compile(r"[^，,。；;]{0,8}?(?:地区生产总值|生产总值|一般公共预算|财政|工业|农业|规模以上|规上|固定资产|"
                              r"社会消费品|城镇|农村|居民|gdp|经济|全年|实现|完成|达到|增长)")


def _full_name(name: str) -> str:
    """东乌旗 → 东乌珠穆沁旗: a division's abbreviation the national table gives, as its full name."""
    full = [d.name for d in divisions().by_short.get(name, ()) if abbreviates(name, d.name)]
    return full[0] if len(full) == 1 else name


def _local_names(text: str) -> set[str]:
    return set(_local_names_cached(text))


@lru_cache(maxsize=4)
def _local_names_cached(text: str) -> frozenset[str]:
    return frozenset(_find_local_names(text))


def _find_local_names(text: str) -> set[str]:
    """Places a report names that the national table does not hold (a new district, a township,
    or an invented name in a test report): written with a level after a boundary, not a common
    word (县域, 城市, 地区), not opening with a verb (推动县域…), and named twice or with figures."""
    cands: dict[str, int] = {}
    for m in _LOCAL.finditer(text):
        name = m.group(1)
        nxt = text[m.end():m.end() + 1]
        if _NOT_LOCAL.match(name) or name in divisions().by_name:
            continue
        suffix = "街道" if name.endswith("街道") else ("苏木" if name.endswith("苏木") else name[-1])
        stem = name[:-len(suffix)]
        if suffix == "园" and (len(stem) != 2 or _is_word(name)):
            continue  # 中德园 (an industrial park's short name); 公园, 果园 are words
        if stem.endswith("全"):
            continue  # 嘉兴全市: a scope, not a place named 嘉兴全
        if (suffix + nxt) in _SUFFIX_WORDS or (stem[-1:] + suffix[:1]) in _SUFFIX_WORDS or _verb_like(stem):
            continue
        cands[name] = cands.get(name, 0) + 1
    out = set()
    for name, n in sorted(cands.items()):
        if n >= 2 or re.search(re.escape(name) + r"[^，,。；;]{0,6}(?:地区生产总值|生产总值|一般公共预算|财政|工业|农业|规模以上|规上|"
                                         r"固定资产|社会消费品|城镇|农村|居民|gdp|经济|全年|实现|完成|达到|增长)", text):
            out.add(name)
    for _ in range(2):  # a name listed beside accepted ones is one too (鹭屿街道、泊湾镇、砚坝镇)
        for name in cands:
            if name not in out and any(re.search(re.escape(name) + "[、和与及]" + re.escape(o) + "|" + re.escape(o)
                                                 + "[、和与及]" + re.escape(name), text) for o in out):
                out.add(name)
    return out


_SUFFIX_WORDS = {"县域", "县城", "县级", "县委", "县长", "县直", "县乡", "区域", "区级", "区委", "区长", "区块", "区直", "区位",
                 "市场", "市级", "市委", "市长", "市民", "市区", "市直", "市值", "市县", "乡村", "乡镇", "乡愁", "乡土", "乡亲",
                 "乡贤", "镇村", "镇街", "镇域", "旗帜", "旗舰", "城市", "都市", "超市", "门市", "省市", "地区", "城区", "社区",
                 "景区", "园区", "跨区", "立县", "强县", "兴县", "活县", "强市", "兴市", "立市", "强区", "兴区", "美乡", "家乡",
                 "下乡", "返乡", "城乡", "故乡", "老区", "新区", "山区", "街道", "上市", "夜市", "集市", "边县", "名县", "名市",
                 "大县", "大市", "强镇", "名镇", "重镇", "小镇", "湾区", "片区", "园区", "城区", "特区", "辖区", "城镇", "集镇", "村镇"}


def _is_word(name: str) -> bool:
    from . import tokenizer

    return tokenizer.frequency(name) > 0


def _verb_like(stem: str) -> bool:
    from . import tokenizer

    toks = tokenizer.pos(stem)
    # 推动县域…, 实施市…: a clause opening with a verb; a one-character "verb" may start a name (安澧县)
    return bool(toks) and toks[0][1] in ("v", "vn", "ad", "d", "p", "m", "r", "c", "u", "f", "t") \
        and (len(toks[0][0]) >= 2 or toks[0][1] not in ("v", "vn", "f"))


def _short(region: str) -> str:
    from .docmeta import short_name

    return short_name(region)
