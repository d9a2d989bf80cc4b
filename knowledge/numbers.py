"""Figures in (folded) report text: Arabic and Chinese numerals, ranges, units, qualifiers.

`find_figures(text)` returns every figure of a sentence with its span; the value is the text
as written (folded to half-width), the number a float parsed with decimal arithmetic.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from functools import lru_cache

from . import lexicon

CN_DIGITS = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5,
             "六": 6, "七": 7, "八": 8, "九": 9}
CN_UNITS = {"十": 10, "百": 100, "千": 1000}
CN_BIG = {"万": 10_000, "亿": 100_000_000}
_CN = "零〇一二两三四五六七八九十百千万亿"

PRE_QUALIFIERS = ("超过", "突破", "越过", "迈过", "跨过", "不低于", "不少于", "不超过", "高于", "低于", "接近", "将近", "约", "近", "超", "逾")
POST_QUALIFIERS = ("以上", "以下", "以内", "左右", "上下", "之内", "多", "余")


@dataclass(frozen=True, slots=True)
class Figure:
    start: int          # span in the text, qualifier words included
    end: int
    value: str          # as written: "7%以上", "3.5万亩", "第5名", "百分之五"
    number: float | None
    unit: str           # "%", "万亩", "名" …; "" for a bare index value
    qualifier: str      # 以上/左右/以内/超过 …, "" when none
    rank: bool = False  # 第N名


def cn_to_number(s: str) -> Decimal | None:
    """Chinese numeral → Decimal: 三万 → 30000, 十二 → 12, 二〇二二 → 2022, 一点五 → 1.5."""
    if not s:
        return None
    if "点" in s:
        whole, _, frac = s.partition("点")
        w = cn_to_number(whole) if whole else Decimal(0)
        if w is None or not frac or any(c not in CN_DIGITS for c in frac):
            return None
        return w + Decimal("0." + "".join(str(CN_DIGITS[c]) for c in frac))
    if all(c in CN_DIGITS for c in s) and len(s) > 1:  # digit by digit: 二〇二二
        return Decimal("".join(str(CN_DIGITS[c]) for c in s))
    total, section, digit = Decimal(0), Decimal(0), None
    for c in s:
        if c in CN_DIGITS:
            digit = Decimal(CN_DIGITS[c])
        elif c in CN_UNITS:
            section += (digit if digit is not None else Decimal(1)) * CN_UNITS[c]
            digit = None
        elif c in CN_BIG:
            section += digit or 0
            total = (total + section) * CN_BIG[c] if c == "亿" else total + section * CN_BIG[c]
            section, digit = Decimal(0), None
        else:
            return None
    return total + section + (digit or 0)


@lru_cache(maxsize=1)
def _pattern() -> re.Pattern:
    units = "|".join(re.escape(u.text) for u in lexicon.units())
    num = rf"(?:\d+(?:\.\d+)?|[{_CN}]+(?:点[零〇一二两三四五六七八九]+)?)"  # 十一点六(亿元): digits after 点
    return re.compile(
        rf"(?P<pre>{'|'.join(PRE_QUALIFIERS)})?"
        rf"(?:"
        rf"(?P<pct>百分之(?P<pctnum>{num}))"
        rf"|(?P<half>半个百分点)"
        rf"|(?P<rank>第(?P<ranknum>\d+|[{_CN}]+)(?P<rankunit>名|位)?)"
        rf"|(?P<num>{num})(?:%?(?P<sep>-|~|～|至|到|—|－|–)(?P<num2>{num}))?"
        rf"(?P<approx0>多|余)?(?:(?P<unit>{units})|(?P<mult>千万|百万|[万亿])(?P<approx>多|余)?(?P<unit2>{units})?)?"
        rf"(?P<per>/(?:{units}|[\u4e00-\u9fff]{{1,2}}))?"
        rf")"
        rf"(?P<post>{'|'.join(POST_QUALIFIERS[:6])})?"
    )


def _to_decimal(s: str) -> Decimal | None:
    if not s:
        return None
    if s[0].isdigit():
        try:
            return Decimal(s)
        except InvalidOperation:
            return None
    return cn_to_number(s)


def _num(d: Decimal | None) -> float | None:
    return float(d) if d is not None else None


_RATIO = re.compile(r"(?<![\d.])\d+(?:\.\d+)?(?:[∶:]\d+(?:\.\d+)?){1,4}(?![\d.])")


def find_figures(text: str) -> list[Figure]:
    return list(_find_figures(text))


@lru_cache(maxsize=8192)
def _find_figures(text: str) -> tuple[Figure, ...]:
    out: list[Figure] = []
    ratios = [m for m in _RATIO.finditer(text) if "∶" in m.group(0) or _RATIO_CUE.search(text[:m.start()][-12:])]
    for m in _pattern().finditer(text):
        if any(r.start() <= m.start() < r.end() for r in ratios) or _FIXED_TERM.match(text, m.start()):
            continue
        fig = _figure(text, m)
        if fig is not None:
            out.append(fig)
    for r in ratios:  # 11∶31∶58: a structure, kept whole
        out.append(Figure(start=r.start(), end=r.end(), value=r.group(0), number=None, unit="比例",
                          qualifier=""))
    out.sort(key=lambda f: f.start)
    return tuple(_share_units(text, out))


def _share_units(text: str, figs: list[Figure]) -> list[Figure]:
    """高出9.6个、18.4个和7.2个百分点: a list's last unit is every item's (9.6个 is 9.6个百分点)."""
    for i in range(len(figs) - 2, -1, -1):
        a, b = figs[i], figs[i + 1]
        if re.fullmatch(r"[、和及与]", text[a.end:b.start]) and b.unit and a.unit != b.unit \
                and (not a.unit or b.unit.startswith(a.unit)) and not a.rank:
            figs[i] = Figure(a.start, a.end, a.value, a.number, b.unit, a.qualifier, a.rank)
    return figs


# terms of the genre written with numerals that are names, not figures
_FIXED_TERM = re.compile(r"(三次产业|一二三产业|两个维护|两个确立|四个全面|五位一体|三去一降一补|六稳|六保)")
_RATIO_CUE = re.compile(r"(结构|比例|之比|比为|调整为)")


def _figure(text: str, m: re.Match) -> Figure | None:
    start, end = m.start(), m.end()
    pre, post = m.group("pre") or "", m.group("post") or ""
    if len(pre) == 1 and start > 0 and _joins(text[start - 1:start + 1]):
        start, pre = start + 1, ""  # 签约101个, 节约…, 附近…: the character belongs to the word before
    before = text[start - 1] if start > 0 else ""
    after = text[end] if end < len(text) else ""
    if m.group("pct"):
        d = _to_decimal(m.group("pctnum"))
        if d is None:
            return None
        return _make(text, start, end, pre, post, _num(d), "%")
    if m.group("half"):
        return _make(text, start, end, pre, post, 0.5, "个百分点")
    if m.group("rank"):
        d = _to_decimal(m.group("ranknum"))
        if d is None:
            return None
        # an ordinal counts as a rank only when it places someone (位居全省第5名, 全市排名第2)
        ctx = text[max(0, start - 8):start]
        if not (m.group("rankunit") or re.search(r"(位居|居|排名|排|列|全[市省国区县]|名列)", ctx)):
            return None
        if after and after in "届批次期个大条项号章节" :
            return None
        return _make(text, start, end, "", "", _num(d), m.group("rankunit") or "", rank=True)
    raw = m.group("num")
    is_cn = not raw[0].isdigit()
    unit = m.group("unit") or m.group("unit2") or ""
    mult = m.group("mult") or ""
    if before and (before.isascii() and before.isalpha()):
        return None  # PM2.5, G240, 5A
    if before == "第" or (before and before.isdigit()):
        return None
    if unit == "次" and re.search(r"届(?:人民代表大会|人大|政协|党代会|委员会)?(?:常委会)?第?$", text[max(0, start - 12):start]):
        return None  # 省七届人大三次会议: a session's name, no count
    if is_cn:
        # Chinese numerals only with a unit, and not inside words (统一, 之一, 一批, 第一)
        if not unit or before in ("统", "之", "唯", "万", "第", "初", "周", "星", "同", "专", "单", "逐") or raw in ("一", "万", "亿", "千", "百", "零", "〇"):
            return None
        if unit in ("次", "个", "项", "条", "大") and after in "“‘\"全面新":
            return None
        if unit in ("项", "个", "大", "件", "方面") and re.match(r"(收入|指标|工作|任务|目标|方面|措施|要求|重点)", text[end:end + 2]):
            return None  # 两项收入仍然保持全省第三: the items just named, counted in passing
        if re.fullmatch(r"[万亿千百]+", raw):
            return None
    negative = False
    if not unit and not mult and not is_cn and before in ("-", "−", "－") and start >= 2 and text[start - 2] in "、和及与":
        start, before, negative = start - 1, text[start - 2], True  # 0.5、-2.7、0.6个百分点: a negative item
    listed = not unit and not mult and not is_cn and before in ("、", "和", "及", "与") and bool(_LIST_TAIL.match(text, end))
    if not unit and not mult and not listed:
        # a bare number: years, dates, codes are not figures; a bare decimal index is (综合指数4.48)
        if is_cn or "." not in raw or after in "年月日" or not re.match(r"[\u3400-\u9fff]", before or " "):
            return None  # a bare decimal counts only right after words (综合指数4.48)
    if after == "年" and not unit:
        return None
    d = _to_decimal(raw)
    if d is None:
        return None
    value_unit = (mult + unit) if mult else unit
    if m.group("per") and value_unit:
        value_unit += m.group("per")  # 1553元/平方米, 4.9亿元/栋: a rate per unit
    if m.group("num2") and _to_decimal(m.group("num2")) is None:
        return None  # a range whose second end is not a number
    qualifier = post or m.group("approx") or m.group("approx0") or ""
    return _make(text, start, end, pre, qualifier, -_num(d) if negative else _num(d), value_unit)


# the rest of a list whose last item carries the unit (、6.3、12.9个百分点): its items share it
_LIST_TAIL = re.compile(r"(?:[、和及与][-−－]?\d+(?:\.\d+)?)*[、和及与][-−－]?\d+(?:\.\d+)?(?:%|个百分点|百分点|[万亿]?元|[万亿]?人|万吨|吨|万亩|亩|个|家|倍)")


def _joins(pair: str) -> bool:
    """Is a two-character string one dictionary word (签约, 附近)?"""
    from . import tokenizer

    return tokenizer.frequency(pair) > 0 and len(tokenizer.cut_all_tokens(pair)) == 1


def _make(text: str, start: int, end: int, pre: str, post: str, number: float | None, unit: str,
          rank: bool = False) -> Figure:
    return Figure(start=start, end=end, value=text[start + len(pre):end], number=number, unit=unit,
                  qualifier=post or pre, rank=rank)


# ------------------------------------------------------------------ thresholds inside a noun phrase
#
# A threshold qualifies the noun it stands before; it is part of what is counted, not a figure of
# its own. Real phrasings (value, direction):
#   亿元以上项目 (1e8, 以上) · 500万元以上企业 (5e6, 以上) · 10亿元级产业集群 (1e9, 以上)
#   过亿元项目 (1e8, 以上) · 超过10万元的村 (1e5, 以上) · 超过50万的嘎查 (5e5, 以上: 元 unsaid)
#   收入达到50万元的村 (5e5, 以上) · 不足5万元的村 (5e4, 以下) · 百亩以上基地 (100, 以上)

_THRESHOLD = re.compile(
    r"(?P<pre>不超过|超过|突破|高于|达到|低于|不足|不到|超|过)?"
    r"(?P<num>\d+(?:\.\d+)?|[一二两三四五六七八九十百千]+)?"
    r"(?P<big>千万|百万|万|亿)?(?P<unit>元|亩|吨|平方米|人)?"
    r"(?P<post>及以上|以上|以下|级)?"
)
_BELOW = ("不超过", "低于", "不足", "不到", "以下")


@dataclass(frozen=True, slots=True)
class Threshold:
    start: int
    end: int
    number: float
    direction: str  # 以上 / 以下


def find_thresholds(phrase: str, open_end: bool = False) -> list[Threshold]:
    """Thresholds inside an indicator phrase (see the table above), with their spans; `open_end`:
    a phrase that is a subject may end in one (嘎查集体经济收入超过10万元 | 的达到42个)."""
    out = []
    for m in _THRESHOLD.finditer(phrase):
        pre, num, big, unit, post = m.group("pre", "num", "big", "unit", "post")
        if not (num or big) or not (unit or big):
            continue
        nxt = phrase[m.end():m.end() + 1]
        if not (post and (nxt == "" or nxt == "的" or re.match(r"[\u4e00-\u9fff]", nxt))) \
                and not (pre and (nxt == "的" or (open_end and nxt == ""))) and not (pre in ("过", "超") and re.match(r"[\u4e00-\u9fff]", nxt)):
            continue
        if num and not num[0].isdigit():
            d = cn_to_number(num)
            if d is None:
                continue
            n = float(d)
        else:
            n = float(num) if num else 1.0
        n *= {"千万": 1e7, "百万": 1e6, "万": 1e4, "亿": 1e8}.get(big or "", 1.0)
        direction = "以下" if (pre in _BELOW or post == "以下") else "以上"
        out.append(Threshold(m.start(), m.end(), n, direction))
    return out


@lru_cache(maxsize=65536)
def thresholds(phrase: str) -> frozenset:
    """{(number, direction)} of a phrase's thresholds: 亿元以上项目 → {(1e8, 以上)}."""
    return frozenset((t.number, t.direction) for t in find_thresholds(phrase))


def replace_threshold(base: str, other: str) -> str:
    """其中超过50万元的 after 超过10万元的村: the base phrase with the other's threshold."""
    tb, to = find_thresholds(base, True), find_thresholds(other, True)
    if not tb or not to:
        return base
    a, b = tb[0], to[0]
    return base[:a.start] + other[b.start:b.end] + base[a.end:]
