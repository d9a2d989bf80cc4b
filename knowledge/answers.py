"""The records an answer is made of (the JSON contract of ../shared/eval/README.md)."""
from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(slots=True)
class Answer:
    region: str
    year: int | None
    kind: str | None          # target / actual / None for a text fact
    metric: str
    value: str
    number: float | None
    unit: str
    qualifier: str
    sentence: str
    document: str
    section: str
    score: float
    measure: str | None = None
    title: str = ""
    period: str = ""          # the part of the year a figure is of (前三季度), "" for the whole year

    def to_dict(self) -> dict:
        out = {"region": self.region, "year": self.year, "kind": self.kind, "metric": self.metric,
               "value": self.value, "number": self.number, "unit": self.unit, "qualifier": self.qualifier,
               "sentence": self.sentence, "document": self.document, "section": self.section,
               "score": round(self.score, 3), "measure": self.measure}
        if self.period:
            out["period"] = self.period
        return out


@dataclass(slots=True)
class Result:
    question: str
    status: str
    answers: list[Answer] = field(default_factory=list)
    reply: str = ""
    qtype: str = "figure"
    note: str = ""            # why not found / what is ambiguous (Chinese)
    suggestions: list[str] = field(default_factory=list)  # what the documents do cover
    verdict: str = ""         # one-line comparison verdict
    truncated: bool = False
    assessment: dict | None = None  # 目标完成了吗: {"target": answer, "actual": answer, "met": …}
    scorecard: list[dict] = field(default_factory=list)  # a year's targets, each with its assessment

    @property
    def regions(self) -> list[str]:
        out: list[str] = []
        for a in self.answers:
            if a.region not in out:
                out.append(a.region)
        return out

    def to_dict(self) -> dict:
        out = {"question": self.question, "status": self.status,
               "answers": [a.to_dict() for a in self.answers], "reply": self.reply}
        if self.qtype in ("assess", "series", "scorecard"):
            out["qtype"] = self.qtype
        if self.assessment is not None:
            out["assessment"] = self.assessment
        if self.scorecard:
            out["scorecard"] = self.scorecard
        return out
