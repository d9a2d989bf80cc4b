"""knowledge.bench smoke: the peer part of the quick bench runs on the seeds (throughput skipped)."""
from __future__ import annotations

import math
from pathlib import Path

import pytest

from knowledge import bench
from knowledge.build import build_kb
from knowledge.evaluate import load_questions

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
DEV = bench.DEFAULT_DEV


def test_peer_figure_and_percentile():
    assert bench.peer_figure("2021年，全县生产总值增长7.2%，增幅位居全市第4")["value"] == "7.2%"
    assert bench.peer_figure("粮食产量达到8.2亿斤以上。")["value"] == "8.2亿斤以上"
    assert bench.peer_figure("1月28日召开") is None
    assert bench.percentile([3.0, 1.0, 2.0], 50) == 2.0
    assert bench.percentile(list(range(1, 101)), 99) == 99
    assert math.isnan(bench.percentile([], 50))


@pytest.mark.timeout(60)
@pytest.mark.skipif(not DEV.exists(), reason="dev set not present")
def test_quick_bench_peer_part(tmp_path):
    items = load_questions(DEV)
    db = tmp_path / "kb.db"
    build_kb(SEEDS, db, log=lambda *a, **k: None)
    res = bench.peer_part(SEEDS, items, with_service_db=db)
    for name in ("peer", "ours"):
        s = res[name]
        assert s["n"] == len(items)
        assert 0.0 <= s["accuracy"] <= 1.0
        assert 0.0 <= s["wrong_rate"] <= 1.0
        assert s["median_s"] > 0 and s["p99_s"] >= s["median_s"]
