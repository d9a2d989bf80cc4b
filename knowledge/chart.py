"""Charts of answers people would rather look at than read: a series across years, a comparison
across regions, a target against its outcome, a year's scorecard. PNG bytes, drawn with matplotlib
(Agg, no display) in Noto Sans CJK SC from the ``mplfonts`` package (SIL Open Font License), so
Chinese labels render wherever the project is installed.
"""

from __future__ import annotations

import io
import threading
from functools import lru_cache

from .answers import Answer, Result

_LOCK = threading.Lock()  # pyplot's state is global: one chart at a time
_VERDICT_COLOURS = {"超额完成": "#1b7837", "完成": "#5aae61", "基本完成": "#a6dba0", "未完成": "#c2410c",
                    "无法判断": "#9ca3af", "尚无实绩": "#d1d5db", "没有实绩": "#d1d5db"}


@lru_cache(maxsize=1)
def _font() -> str:
    """The CJK font's family name, registered with matplotlib once."""
    import os

    import mplfonts
    from matplotlib import font_manager

    path = os.path.join(os.path.dirname(mplfonts.__file__), "fonts", "NotoSansCJKsc-Regular.otf")
    font_manager.fontManager.addfont(path)
    return font_manager.FontProperties(fname=path).get_name()


def chartable(r: Result) -> bool:
    """Whether the answer is drawn: a series of two points or more, a comparison of two regions or
    more, a judged target, a scorecard with judged targets."""
    if r.status != "answered":
        return False
    if r.qtype == "series":
        return sum(1 for a in r.answers if a.number is not None) >= 2
    if r.qtype == "compare":
        return sum(1 for a in r.answers if a.number is not None) >= 2 and len({a.unit for a in r.answers}) == 1
    if r.qtype == "assess":
        return bool(r.assessment and r.assessment.get("actual") and r.assessment.get("met") is not None)
    if r.qtype == "scorecard":
        return any(s.get("met") is not None for s in r.scorecard)
    return False


_CACHE: dict[str, bytes] = {}
_CACHE_SIZE = 256


def _key(r: Result) -> str:
    """What the chart shows, and nothing else: the same figures make the same picture."""
    import json

    parts = [r.qtype, [(a.region, a.year, a.kind, a.metric, a.value, a.number, a.unit) for a in r.answers]]
    if r.qtype == "assess":
        parts.append(r.assessment)
    if r.qtype == "scorecard":
        parts.append(r.scorecard)
    return json.dumps(parts, ensure_ascii=False, sort_keys=True, default=str)


def render(r: Result) -> bytes | None:
    """The chart of ``r`` as PNG bytes, or None when it has nothing to draw. The last charts are
    kept: a question many people ask is drawn once."""
    if not chartable(r):
        return None
    key = _key(r)
    hit = _CACHE.get(key)
    if hit is None:
        hit = _draw(r)
        if len(_CACHE) >= _CACHE_SIZE:
            _CACHE.pop(next(iter(_CACHE)))
        _CACHE[key] = hit
    return hit


def warm_up() -> None:
    """Load matplotlib and the CJK font (half a second) before the first chart is asked for."""
    import matplotlib

    matplotlib.use("Agg", force=False)
    import matplotlib.pyplot as plt

    with _LOCK:
        plt.rcParams["font.family"] = [_font(), "DejaVu Sans"]
        fig, ax = plt.subplots(figsize=(2, 1), dpi=50)
        ax.set_title("预热")
        fig.savefig(io.BytesIO(), format="png")
        plt.close(fig)


def _draw(r: Result) -> bytes:
    import matplotlib

    matplotlib.use("Agg", force=False)
    import matplotlib.pyplot as plt

    with _LOCK:
        plt.rcParams["font.family"] = [_font(), "DejaVu Sans"]
        plt.rcParams["axes.unicode_minus"] = False
        fig, ax = plt.subplots(figsize=(7.2, 4.2), dpi=110)
        try:
            {"series": _series, "compare": _compare, "assess": _assess, "scorecard": _scorecard}[r.qtype](ax, r)
            ax.spines[["top", "right"]].set_visible(False)
            fig.tight_layout()
            out = io.BytesIO()
            fig.savefig(out, format="png")
            return out.getvalue()
        finally:
            plt.close(fig)


def _unit_label(a: Answer) -> str:
    return "%" if a.unit == "%" else a.unit


def _series(ax, r: Result) -> None:
    points = [a for a in r.answers if a.number is not None]
    actual = [a for a in points if a.kind != "target"]
    target = [a for a in points if a.kind == "target"]
    first = points[0]
    ax.plot([str(a.year) for a in actual], [a.number for a in actual], marker="o", color="#1d4ed8", label="实绩")
    for a in actual:
        ax.annotate(a.value, (str(a.year), a.number), textcoords="offset points", xytext=(0, 7), ha="center")
    if target:
        ax.plot([str(a.year) for a in target], [a.number for a in target], marker="o", linestyle="none",
                markerfacecolor="white", color="#1d4ed8", label="目标")
        for a in target:
            ax.annotate(f"目标 {a.value}", (str(a.year), a.number), textcoords="offset points", xytext=(0, 7),
                        ha="center", color="#475569")
    ax.set_title(f"{first.region} · {first.metric}")
    ax.set_ylabel(_unit_label(first))
    ax.legend(frameon=False)
    ax.margins(y=0.25)


def _compare(ax, r: Result) -> None:
    points = [a for a in r.answers if a.number is not None]
    bars = ax.bar([a.region for a in points], [a.number for a in points], color="#1d4ed8")
    ax.bar_label(bars, labels=[a.value for a in points], padding=3)
    years = sorted({a.year for a in points if a.year})
    kind = "目标" if all(a.kind == "target" for a in points) else "实绩"
    ax.set_title(f"{points[0].metric} · {'、'.join(map(str, years))}年{kind}")
    ax.set_ylabel(_unit_label(points[0]))
    ax.margins(y=0.2)


def _assess(ax, r: Result) -> None:
    target, actual = r.assessment["target"], r.assessment["actual"]
    bars = ax.bar(["目标", "实绩"], [target["number"], actual["number"]],
                  color=["#94a3b8", _VERDICT_COLOURS.get(r.assessment["verdict"], "#1d4ed8")])
    ax.bar_label(bars, labels=[target["value"], actual["value"]], padding=3)
    ax.set_title(f"{actual['region']} {actual['year']}年{actual['metric']}：{r.assessment['verdict']}")
    ax.set_ylabel("%" if actual["unit"] == "%" else actual["unit"])
    ax.margins(y=0.2)


def _scorecard(ax, r: Result) -> None:
    judged = [s for s in r.scorecard if s.get("met") is not None][:14]
    # each target's outcome as a share of it (a ceiling: the target over the outcome), capped for the axis
    names = [s["target"]["metric"][:12] for s in judged][::-1]
    shares = []
    for s in judged[::-1]:
        t, a = s["target"]["number"], s["actual"]["number"]
        ratio = (a / t * 100) if t else 0.0
        shares.append(max(min(ratio, 200.0), -50.0))
    colours = [_VERDICT_COLOURS.get(s["verdict"], "#1d4ed8") for s in judged[::-1]]
    bars = ax.barh(names, shares, color=colours)
    ax.bar_label(bars, labels=[f"{s['actual']['value']} / {s['target']['value']}（{s['verdict']}）"
                               for s in judged[::-1]], padding=3, fontsize=8)
    ax.axvline(100, color="#475569", linewidth=1, linestyle="--")
    first = judged[0]["target"]
    ax.set_title(f"{first['region']} {first['year']}年目标完成情况（实绩占目标 %）")
    ax.set_xlim(min(0, min(shares) - 10), max(shares) * 1.45 + 10)
