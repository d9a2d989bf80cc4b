"""The reply a user reads: the figure first, then what it is, then the source. Chinese, short.

One structure, two renderings: plain text (console, JSON `reply`) and Telegram HTML.
All user-facing answer strings live here.
"""
from __future__ import annotations

import html

from .answers import Answer, Result

KIND = {"target": "目标", "actual": "实绩", None: ""}
MEASURE = {"growth": "增长", "level": "总量", "count": "数量", "share": "占比", "rank": "排名"}

HELP_EXAMPLE = "例如：“某县今年GDP目标”“某区去年农民收入增长多少”"
EMPTY = "请直接输入问题，比如某地某年的某项指标。"
TOO_LONG = "（问题较长，只看了前 {n} 个字。）"
UNAVAILABLE = "知识库文件出了问题，正在从报告文件夹自动重建，请过一会儿再问。"
ERROR = "抱歉，处理这个问题时出了点问题，请换个说法再试。"


def describe(a: Answer) -> str:
    parts = [a.region]
    if a.year:
        parts.append(f"{a.year}年{a.period}")
    if a.kind:
        parts.append(KIND[a.kind])
    metric = a.metric or ""
    if a.measure in ("growth", "share", "rank") and metric and not metric.endswith(("增速", "增幅", "比重", "占比")):
        metric += f"（{MEASURE[a.measure]}）"
    if metric:
        parts.append(metric)
    return " · ".join(parts)


def source_line(a: Answer) -> str:
    where = f"《{a.title}》" if a.title else ""
    sec = f" · {a.section}" if a.section and a.section != a.title else ""
    return f"出处：{where}（{a.document}）{sec}"


def _blocks(r: Result) -> list[tuple[str, str]]:
    """(style, text) lines; style ∈ figure, plain, quote, source, note."""
    b: list[tuple[str, str]] = []
    if r.status in ("not_found", "unavailable"):
        b.append(("plain", r.note or "文档里没有找到这个问题的答案。"))
        for s in r.suggestions:
            b.append(("plain", "· " + s))
    elif r.qtype == "text" and r.answers:
        a = r.answers[0]
        if a.value:
            b.append(("figure", a.value))
        b.append(("plain", f"{a.region}" + (f" · {a.year}年报告" if a.year else "")))
        b.append(("quote", a.sentence))
        b.append(("source", source_line(a)))
        for other in r.answers[1:]:
            b.append(("plain", f"另见（{other.region}）："))
            b.append(("quote", other.sentence))
            b.append(("source", source_line(other)))
    elif r.qtype == "scorecard" and r.scorecard:
        b.append(("figure", r.verdict))
        for s in r.scorecard:
            t, a = s["target"], s["actual"]
            if s["met"] is not None or a is not None:
                b.append(("item", f"{t['metric']}：目标 {t['value']}，实际 {a['value'] if a else '—'}：{s['verdict']}"))
        unjudged = [s for s in r.scorecard if s["met"] is None and s["actual"] is None]
        if unjudged:  # 尚无实绩 (no next report yet) or 没有实绩 (the next report does not say)
            names = "、".join(f"{s['target']['metric']} {s['target']['value']}" for s in unjudged[:12])
            more = "……" if len(unjudged) > 12 else ""
            b.append(("plain", f"{unjudged[0]['verdict']}的目标（{len(unjudged)} 项）：{names}{more}"))
        sources = dict.fromkeys(x["document"] for s in r.scorecard for x in (s["target"], s["actual"]) if x)
        b.append(("source", "出处：" + "、".join(sources)))
    elif r.qtype == "list" and r.answers:
        a0 = r.answers[0]
        b.append(("plain", r.note or f"{a0.region} {a0.year or ''}年的指标："))
        for a in r.answers:
            b.append(("item", f"{a.metric}：{a.value}"))
        b.append(("quote", "；".join(dict.fromkeys(a.sentence for a in r.answers))[:600]))
        b.append(("source", source_line(a0)))
    else:
        if r.status == "ambiguous":
            b.append(("plain", r.note or "这个问题在几个地区的报告里都有答案，请指明地区："))
        elif r.qtype in ("compare", "assess", "series") and r.verdict:
            b.append(("figure", r.verdict))
        many = len(r.answers) > 1
        for i, a in enumerate(r.answers):
            if many:
                b.append(("figure", f"{i + 1}. {a.region}：{a.value}" if r.status == "ambiguous" or r.qtype == "compare" else f"{i + 1}. {a.value}"))
            else:
                b.append(("figure", a.value))
            b.append(("plain", describe(a)))
            b.append(("quote", a.sentence))
            b.append(("source", source_line(a)))
        if r.qtype == "compare" and r.note:
            b.append(("plain", r.note))
    if r.truncated:
        b.append(("note", TOO_LONG.format(n=300)))
    return b


# how each kind of line looks: plain text (console, JSON) and Telegram HTML
_PLAIN = {"quote": "原文：“{}”", "item": "  · {}"}
_HTML = {"figure": "<b>{}</b>", "quote": "<blockquote>{}</blockquote>", "source": "<i>{}</i>", "item": "• {}"}


def _render(r: Result, formats: dict[str, str], escape) -> str:
    return "\n".join(formats.get(style, "{}").format(escape(text)) for style, text in _blocks(r))


def render_plain(r: Result) -> str:
    return _render(r, _PLAIN, lambda t: t)


def render_html(r: Result) -> str:
    """Telegram HTML: the figure in bold, the source sentence as a quote, all text escaped."""
    return _render(r, _HTML, lambda t: html.escape(t, quote=False))
