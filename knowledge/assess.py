"""Was a target met? The verdict of a year's target against that year's outcome.

The rules, one per way a target is worded (the README's table is this table):

| target as written | met when | verdict |
| --- | --- | --- |
| `以上`, `不低于`, `突破`, `超过`, `力争` (a floor) | outcome ≥ target | 超额完成 when well above (a rate: ≥ 1 point above; an amount: ≥ 10% above), else 完成; below: 未完成 |
| `左右`, or no qualifier (about) | outcome ≥ target − tolerance | ≥ target: as for a floor; within the tolerance below (a rate: 0.5 point; an amount: 2%): 基本完成; further below: 未完成 |
| `以内`, `以下`, `控制在`, `不超过`, `低于` (a ceiling) | outcome ≤ target | 完成; above: 未完成 |
| a decline (`下降3%`, `降低`) | the outcome fell at least as much | as for a floor, on the size of the fall |
| a growth rate against an amount, another unit, no number (`完成市定任务`) | — | 无法判断 (met: null) |

``met`` is True for 完成, 超额完成 and 基本完成, False for 未完成, None when it cannot be judged.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

FLOOR = ("以上", "不低于", "突破", "超过", "超", "力争", "至少", "高于")
CEILING = ("以内", "以下", "控制在", "不超过", "低于", "不高于", "之内", "内")
RATE_TOLERANCE = 0.5  # percentage points below an "about" target that still count as 基本完成
AMOUNT_TOLERANCE = 0.02  # share of an "about" amount target
RATE_WELL_ABOVE = 1.0  # points above a target that make it 超额完成
AMOUNT_WELL_ABOVE = 0.10


@dataclass(frozen=True, slots=True)
class Verdict:
    met: bool | None
    word: str  # 完成 / 超额完成 / 基本完成 / 未完成 / 无法判断
    rule: str  # which rule decided, in words

    def to_dict(self) -> dict:
        return {"met": self.met, "verdict": self.word, "rule": self.rule}


def _kind_of(qualifier: str, value: str, context: str) -> str:
    text = f"{qualifier} {value}"
    if any(w in text for w in CEILING) or re.search(r"控制在[^，,。；;]{0,12}$", context):
        return "ceiling"
    if any(w in text for w in FLOOR):
        return "floor"
    return "about"


def _declines(value: str, number: float | None) -> bool:
    return value.startswith(("下降", "降低", "减少")) or (number is not None and number < 0)


def judge(target: dict, actual: dict) -> Verdict:
    """``target`` and ``actual``: answer records (value, number, unit, qualifier, measure, and the
    target's clause as ``context`` when known)."""
    t, a = target.get("number"), actual.get("number")
    if t is None or a is None:
        return Verdict(None, "无法判断", "目标或实绩没有可比的数字")
    if target.get("measure") != actual.get("measure") or (target.get("unit") or "") != (actual.get("unit") or ""):
        return Verdict(None, "无法判断", "目标和实绩的口径不同（增速与总量，或单位不同）")
    rate = (target.get("unit") or "") in ("%", "个百分点", "百分点")
    kind = _kind_of(target.get("qualifier") or "", target.get("value") or "", target.get("context") or "")
    if _declines(target.get("value") or "", t):
        # a fall to reach: compare the sizes of the falls (an outcome that rose missed it)
        t, a = abs(t), (abs(a) if _declines(actual.get("value") or "", a) else -abs(a))
        kind = "floor" if kind != "ceiling" else "ceiling"
        rule = "下降目标：实际降幅不小于目标降幅即完成"
    else:
        rule = {"floor": "“以上/不低于/突破”：实际不低于目标即完成",
                "ceiling": "“以内/控制在/不超过”：实际不高于目标即完成",
                "about": "“左右”或未注明：达到目标即完成，略低于目标（增速差 0.5 个百分点、总量差 2% 以内）为基本完成"}[kind]
    if kind == "ceiling":
        return Verdict(a <= t, "完成" if a <= t else "未完成", rule)
    well_above = (a - t >= RATE_WELL_ABOVE) if rate else (a >= t * (1 + AMOUNT_WELL_ABOVE))
    if a >= t:
        return Verdict(True, "超额完成" if well_above else "完成", rule)
    tolerance = RATE_TOLERANCE if rate else abs(t) * AMOUNT_TOLERANCE
    if kind == "about" and t - a <= tolerance + 1e-9:
        return Verdict(True, "基本完成", rule)
    return Verdict(False, "未完成", rule)
