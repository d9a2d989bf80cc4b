"""Text answers: what a question about words asks for, and that span read out of a sentence.

A question about words has a slot (`slot_of`):
  person    县长是谁, 区长叫什么名字             → the name after the title (县长段红丽)
  date      哪天, 什么时候                       → 5月18日至19日
  ordinal   第几批                               → 第六批
  meeting   哪次会议                             → 第十七届人民代表大会第三次会议
  items     哪三个年, 哪两个示范县, 有哪些         → a 、-list, of that many items, ending in that head
  phrase    什么年, 什么称号, 叫什么, 以什么为总牵引 → the quoted phrase (ending in that head), or
            the span between the question's words around 什么 as the sentence has them
`fill` reads the slot from a sentence; a sentence that fills it is the better answer, and the
span becomes the answer's value, the sentence its source.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from .lexicon import is_bare_name
from .normalize import fold

_CN_COUNT = {"两": 2, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9, "十": 10, "一": 1}


@dataclass(frozen=True, slots=True)
class Slot:
    kind: str            # person / date / ordinal / meeting / items / phrase / none
    head: str = ""       # what the span ends in (年, 示范县, 称号 …)
    count: int | None = None
    left: str = ""       # the question's words right before 什么 (以), and after it (为总牵引)
    right: str = ""
    unit: str = ""       # ordinal unit (批, 届)


_PERSON = re.compile(r"(县长|区长|市长|旗长|州长|盟长|书记|主任)(?:是谁|叫什么|叫啥|是哪位|是哪个|姓什么|who|叫什么名字)|是谁|哪位|谁作的|谁做的|"
                     r"谁(?=讲|主持|致辞|出席|宣读|作了|作报告)|由谁")
_DATE = re.compile(r"哪天|哪一天|什么时候|何时|什么时间|几月几[日号]|哪个月")
_ORDINAL = re.compile(r"第几([批届次期轮个])")
_MEETING = re.compile(r"(哪次|哪一次|什么)会议")
_ITEMS_N = re.compile(r"哪([几一二三两四五六七八九十]+)(个|家|块|项|座|条|大|种|类|所|位|支|句|字|部分|方面|件)([\u4e00-\u9fff“”\"]{0,8})")
_ITEMS = re.compile(r"(?:有)?哪些|哪几")
_PHRASE = re.compile(r"(?:什么|啥|哪个|哪一个|哪家|哪项)([\u4e00-\u9fff]{0,6})")
_HEAD_ANY = re.compile(r"(年|称号|活动|工程|口号|品牌|战略|计划|行动|布局|定位|格局|名字|名称|思路|体系|产业集群|产业|城市|县|区|市|示范县|基地|中心|高地|产品|荣誉|奖|招牌|称|目标|主线|定位|方针|理念|路径|镇|乡|街道|村|园区|企业|公司|单位|部门|机构)")


def _cached_pos(text: str):
    from .subject import _pos

    return _pos(text)


def slot_of(question: str) -> Slot:
    q = fold(question)
    m = _PERSON.search(q)
    if m:
        # head: the office asked for (县长), or the speaker of the report (报告是谁作的); 是谁 alone
        # may ask for a body (证书是谁颁发的), which no person's name answers
        head = m.group(1) or ("报告" if re.search(r"(报告|作的|做的|作了)", q) else
                              "讲话" if re.search(r"(讲话|讲的话|主持|致辞|宣读|出席)", q) else "")
        return Slot("person", head=head)
    if _DATE.search(q):
        return Slot("date")
    m = _ORDINAL.search(q)
    if m:
        return Slot("ordinal", unit=m.group(1))
    if _MEETING.search(q):
        return Slot("meeting")
    m = _ITEMS_N.search(q)
    if m:
        n = m.group(1)
        count = _CN_COUNT.get(n) if len(n) == 1 else None
        from .subject import leading_noun_phrase

        head = re.sub(r"[“”\"]", "", m.group(3))
        head = leading_noun_phrase(head) if head else ""
        head = re.sub(r"(是|有|呢|啊|吗|从.*|要.*|指.*|的.*)$", "", head)
        if not head:
            # 四大片区是哪四个: the thing counted is named before the question word
            before = re.sub(r"(是|有|包括|包含|分别|指|为|都|具体|的)+$", "", q[:m.start()])
            counted = re.search(r"[一二三四五六七八九十两\d]大?([\u4e00-\u9fff]{1,4})$", before)
            head = counted.group(1)[-2:] if counted else ""
        return Slot("items", head=head[-3:] if head else "", count=count)
    if _ITEMS.search(q):
        return Slot("items")
    m = _PHRASE.search(q)
    if m:
        after = re.sub(r"^样的?", "", m.group(1))
        heads = [h.group(1) for h in _HEAD_ANY.finditer(after)]
        head = heads[-1] if heads else (after[-2:] if len(after) >= 2 and after == m.group(1)[-len(after):] and
                                         re.search(r"样", m.group(1)) else "")
        left = q[max(0, m.start() - 3):m.start()]
        right = re.sub(r"[吗呢啊?？!！。]+$", "", q[m.end() - len(m.group(1)):])[:6]
        return Slot("phrase", head=head, left=left, right=right)
    if re.search(r"(叫啥|叫什么|是啥|是什么|怎么说|后面还有啥|指的是)", q):
        return Slot("phrase")
    return Slot("none")


_QUOTED = re.compile(r"[“\"「『]([^”\"」』]{2,40})[”\"」』]")
_TITLE_NAME = re.compile(r"(?:代|副)?(县长|区长|市长|旗长|州长|盟长|书记|主任)([\u4e00-\u9fff·]{2,6})")
_NAME_STOP = re.compile(r"(代表|就|在|向|所作|作|同志|表示|说|指出|强调|介绍|答|主持|出席|作了|作出|等|和|及|、|，)")
# the genre's formula for who gave the report: a name at a clause start, then 代表…人民政府
_SPEAKER = re.compile(r"(?:^|(?<=[，,。；;：:\s]))([\u4e00-\u9fff·]{2,4}?)(?:同志)?代表[\u4e00-\u9fff]{0,6}?人民政府")


_NOW_ASKED = re.compile(r"(现在|目前|当前|如今|眼下)")
_STILL = re.compile(r"(始终|一直|持续|目前|当前|现在|如今)")
_PAST_SPAN = re.compile(r"(“?十[一二三四五六七八九]五”?(?:期间|时期)|过去五年|此前|曾经|原来)")
_INTERVIEW_Q = re.compile(r"[？?]$|^(?:问[一二三四五六七八九十\d]*|记者)[:：]")


def rescore(slot: Slot, question: str, mentioned: tuple, norm: str, value: str, score: float) -> float:
    """A candidate sentence's score for a question about words, from its word overlap (`score`)
    and what it holds. The rules, each for a class of real questions:
      - it fills the slot (a name, a date, a list of that many items ending in the head): up to +0.16;
        a slot it cannot fill: -0.05
      - who gave the report: the signature line or the 代表…人民政府 formula, never a 时任 office-holder
      - the question's counts (“2+4”产业链) counted in the sentence: +0.1
      - 现在/目前 asked: a past plan period (“十三五”时期) -0.15, 始终/持续 +0.08
      - an interview's question (问：…？) repeats the words asked and answers nothing: -0.3"""
    if slot.kind != "none":
        score += (0.08 + 0.08 * quality(slot, norm)) if value else -0.05
    if slot.kind == "person" and value and slot.head == "报告":
        score = 0.6 + (0.3 if signs_report(norm, value) else 0.0)
        if re.search("时任[^，,。；;]{0,8}" + re.escape(value), norm):
            score -= 0.3
    if mentioned and all(re.search(rf"(?<![\d.]){n:g}(?:个|项|条|大|家)", norm) for n in mentioned):
        score += 0.1
    if _NOW_ASKED.search(question):
        score += -0.15 if _PAST_SPAN.search(norm) else (0.08 if _STILL.search(norm) else 0.0)
    if _INTERVIEW_Q.search(norm):
        score -= 0.3
    return score


def signs_report(text: str, name: str) -> bool:
    """The report's signature line (云溪县人民政府县长某某, 代理区长某某) or the speaker formula
    (某某代表县人民政府向大会作报告) naming `name`."""
    t = fold(text)
    if t == name:
        return True  # the signature line: the name alone under the dateline (the service offers it so)
    if len(t) <= 30 and t.endswith(name) and re.search(r"(人民政府|政府)?(?:代理|代)?(县长|区长|市长|旗长|州长|盟长)" + re.escape(name) + "$", t):
        return True
    m = _SPEAKER.search(t)
    return bool(m and m.group(1) == name)


@lru_cache(maxsize=8192)
def fill(slot: Slot, text: str) -> str:
    """The span of `text` (a sentence as written) that the slot asks for; '' when it has none."""
    t = fold(text)
    if slot.kind == "person":
        if is_bare_name(t):
            return t  # a signature line holding the name alone (under the report's dateline)
        m = _SPEAKER.search(t)
        if m and not re.match(r"(代表|政府|人民|大会|会议|主任|同志)", m.group(1)):
            return m.group(1)  # 钟旭辉代表县人民政府向大会作《政府工作报告》: the report's speaker
        for m in _TITLE_NAME.finditer(t):
            name = _NAME_STOP.split(m.group(2), 1)[0]
            if 2 <= len(name) <= 5 and not re.match(r"(代表|就|在|向|作|同志|工作|报告|办公|政府|带领)", name):
                return name
        return ""
    if slot.kind == "date":
        m = re.search(r"(?:\d{4}年)?\d{1,2}月\d{1,2}日(?:[至到—\-~]\d{1,2}日)?|\d{4}年\d{1,2}月(?!\d)", t)
        return m.group(0) if m else ""
    if slot.kind == "ordinal":
        m = re.search(r"第[一二三四五六七八九十百零〇\d]+" + re.escape(slot.unit), t)
        return m.group(0) if m else ""
    if slot.kind == "meeting":
        m = re.search(r"第[一二三四五六七八九十百零〇\d]+届人民代表大会第[一二三四五六七八九十百零〇\d]+次会议", t)
        return m.group(0) if m else ""
    if slot.kind == "items":
        return _items(slot, t)
    if slot.kind == "phrase":
        return _phrase(slot, t)
    return ""


def quality(slot: Slot, text: str) -> float:
    """How fully a sentence fills the slot (0‥1): a list of the count asked whose items end in the
    head asked is a full answer; a list of some other length or ending only a partial one."""
    if slot.kind != "items":
        return 1.0 if fill(slot, text) else 0.0
    _, score = _items_scored(slot, fold(text))
    return max(0.0, min(1.0, (score - 1.0) / 2.0)) if score else 0.0


def _items(slot: Slot, t: str) -> str:
    return _items_scored(slot, t)[0]


@lru_cache(maxsize=8192)
def _items_scored(slot: Slot, t: str) -> tuple[str, float]:
    best, best_score = "", 0.0
    for run in _lists(t):
        items = [i for i in run if i]
        if len(items) < 2:
            continue
        score = 1.0
        if slot.count:
            score += 1.0 if len(items) == slot.count else (-0.5 if abs(len(items) - slot.count) > 1 else 0)
        if slot.head and all(i.endswith(slot.head[-1]) for i in items):
            score += 1.0
        elif slot.head and re.search(re.escape(items[-1]) + r"[”\"」]?(?:等)?[一二三四五六七八九十两\d]+[大个项条种类]?" + re.escape(slot.head), t):
            score += 1.5  # “工业强县、农旅富民、大美庐江”三大战略: the list the count and head close
        elif slot.head and len(slot.head) == 1:
            continue  # 哪三个年: a list whose items are no 年 is not the one asked for
        if score > best_score:
            best, best_score = "、".join(items), score
    return best, best_score


def _lists(t: str) -> list[list[str]]:
    """、-separated runs of short phrases (inside quotes or not): 渣打银行、北京银行、江西银行等."""
    out = []
    t = re.sub(r"[（(][^（）()]{1,20}[）)]", "", t)  # 科技城集中发展区（涪城区属范围）、…: an aside is no item
    # 一是2018年工作回顾；二是2019年主要工作；三是…: an ordinal enumeration is a list too
    enum = re.findall(r"(?:^|[：:；;，,。])[一二三四五六七八九十]是([^；;。，,：:]{2,24})", t)
    if len(enum) >= 2:
        out.append(enum)
    for m in re.finditer(r"(?:[“\"「][^”\"」、，。]{1,16}[”\"」]){2,}", t):  # “稳增长24条”“稳经济25条”…: quotes side by side
        out.append(re.findall(r"[“\"「]([^”\"」]+)[”\"」]", m.group(0)))
    for m in _QUOTED.finditer(t):
        if "、" in m.group(1):
            out.append([i.strip("“”\"") for i in m.group(1).split("、")])
    clauses = []
    for clause in re.split(r"[，,。；;：:！？!?（）()]", t):
        # 甲、乙2个千亿产业链和丙、丁4个百亿产业链: two lists in one clause, each closed by its count
        clauses += re.split(r"(?<=[\u4e00-\u9fff])[\d一二三四五六七八九十两]+[个家项块大种条][\u4e00-\u9fff]{1,8}?(?:和|以及|及|与)", clause)
    for clause in clauses:
        if "、" not in clause:
            continue
        parts = clause.split("、")
        if len(parts) < 2:
            continue
        tail = re.split(r"(?:等|共|[一二三四五六七八九十两\d]+[个家项块大种])", parts[-1])[0]
        ends = [e for e in re.split(r"以及|和|及|与", tail) if e]  # …、中国农民绘画之乡和中国麒麟之乡
        middle = [re.sub(r"[“”\"]", "", m) for m in parts[1:-1] + ends[:-1]]
        like = middle or [re.sub(r"[“”\"]", "", parts[0])[-8:]]
        size = sorted(len(i) for i in like)[len(like) // 2] if like else 4
        # the last item runs to the clause's end unless it is much longer than the others
        tail_item = re.sub(r"[“”\"]", "", ends[-1]) if ends else ""
        last = (tail_item if len(tail_item) <= size + 3 else _leading(ends[-1], like)) if ends else ""
        first = _first_item(parts[0], middle + [last])
        items = [first] + middle + [last]
        items = [re.sub(r"[“”\"]", "", i) for i in items]
        # names, not figures: a list of amounts (66.64亿元、增长1.3%) is no answer to 哪几个, and an
        # item cut inside a number (.64亿元) is no item at all
        if all(1 <= len(i) <= 14 and not _FIGURE_ITEM.search(i) and not i.endswith("的") for i in items):
            out.append(items)
    return out


_FIGURE_ITEM = re.compile(r"\d(?:\.\d+)?\s*(?:%|亿|万|千|元)|^\.|\.$")


def _boundaries(text: str) -> list[tuple[int, str]]:
    from . import tokenizer

    out, pos = [], 0
    for w, f in _cached_pos(text):
        out.append((pos, f))
        pos += len(w)
    return out + [(pos, "")]


def _first_item(text: str, like: list[str]) -> str:
    """Where a list's first item starts: the word-aligned tail of the text most like the other
    items in length and ending (深入开展高质量项目推进年 → 高质量项目推进年)."""
    text = re.sub(r"[“”\"]", "", text)
    size = sorted(len(i) for i in like)[len(like) // 2] if like else 4
    intro = list(re.finditer(r"(?:分为|划分为|细分为|确定为|定为|包括|包含|分别是|分别为|即|是|为)", text))
    if intro:
        after = text[intro[-1].end():]
        if 2 <= len(after) <= max(2 * size, 10):
            return after  # 细分为科技城集中发展区、…: the list starts after the word that opens it
    starts = [(p, f) for p, f in _boundaries(text)[:-1] if f not in ("p", "c", "u", "uj", "d", "ad")]
    if not starts:
        return text
    p = min(starts, key=lambda pf: (abs(len(text) - pf[0] - size), pf[1] == "v", pf[0]))[0]
    return text[p:]


def _leading(text: str, like: list[str]) -> str:
    """Where a list's last item ends: the word-aligned head of the text most like the other items
    (its last character theirs, its length theirs): 生态立区五大战略 → 生态立区."""
    text = re.sub(r"[“”\"]", "", text)
    size = sorted(len(i) for i in like)[len(like) // 2] if like else 4
    ending = max(set(i[-1] for i in like), key=lambda c: sum(i.endswith(c) for i in like)) if like else ""
    ends = [p for p, _ in _boundaries(text)[1:]]
    if not ends:
        return text
    p = min(ends, key=lambda e: (text[e - 1] != ending, abs(e - size), e))
    return text[:p]


def _phrase(slot: Slot, t: str) -> str:
    quoted = [m.group(1) for m in _QUOTED.finditer(t)]
    if slot.head:
        for p in quoted:
            if p.endswith(slot.head) or p.endswith(slot.head[-1]):
                return p
        listed = _items(Slot("items", head=slot.head), t)
        if listed and all(i.endswith(slot.head) for i in listed.split("、")):
            return listed  # 建设创新澄湖、品质澄湖、幸福澄湖
        m = re.search(r"(?:获评|评为|入选|荣获|获得|创建|争创|创成|打造|建设|建成|成为|列为|驻|位于|落户|设在)([\u4e00-\u9fff\d]{0,20}?"
                      + re.escape(slot.head) + ")", t)
        if m:  # 获评全国县域商业体系建设示范县: the phrase ends in the head asked for
            return m.group(1)
        return ""
    # the span between the question's words around 什么, as the sentence has them (以…为总牵引)
    if slot.right and len(slot.right) >= 2:
        i = t.find(slot.right)
        if i > 0:
            left = slot.left[-1:] if slot.left else ""
            j = t.rfind(left, 0, i) if left else -1
            span = t[j + 1:i] if 0 <= j and i - j <= 20 else ""
            span = span.strip("“”\"「」")
            if span:
                return span
    return quoted[0] if quoted else ""
