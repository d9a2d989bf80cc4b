"""Reports as admins have them: the seeds saved as PDF, Word and web pages answer the development
set as the text files do; a scan and an old .doc are named with their reasons. The fixtures are
made from the seed texts by tests/fixtures/formats/make_fixtures.py (committed)."""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

import pytest

from knowledge import formats, reader
from knowledge.build import build_kb
from knowledge.evaluate import judge, load_questions
from knowledge.service import KnowledgeService

ROOT = Path(__file__).resolve().parent.parent
FIX = ROOT / "tests" / "fixtures" / "formats"
DEV = ROOT / "tests" / "data" / "dev.jsonl"


@pytest.mark.parametrize("folder", ["seeds_pdf", "seeds_docx", "seeds_html"])
def test_seeds_in_another_format_answer_the_development_set(tmp_path, folder):
    docs = tmp_path / folder
    shutil.copytree(FIX / folder, docs)
    svc = KnowledgeService.open(tmp_path / "kb.db", docs)
    assert sorted(d.region for d in svc.kb.documents) == ["冀州区", "枣强县"]
    assert all(d.year == 2022 for d in svc.kb.documents)
    verdicts = [judge(item, svc.ask(item["q"]).to_dict()) for item in load_questions(DEV)]
    assert verdicts.count("correct") / len(verdicts) >= 0.95
    assert verdicts.count("wrong") == 0


def test_no_page_furniture_or_site_chrome_in_the_sentences(tmp_path):
    for folder in ("seeds_pdf", "seeds_html"):
        build_kb(FIX / folder, tmp_path / f"{folder}.db", log=None)
        conn = sqlite3.connect(tmp_path / f"{folder}.db")
        texts = [r[0] for r in conn.execute("select text from sentences")]
        for chrome in ("打印本页", "ICP", "相关链接", "当前位置", "— 2 —", "浏览次数"):
            assert not any(chrome in t for t in texts), (folder, chrome)


def test_pdf_lines_broken_by_the_page_width_are_joined():
    """The PDF wraps every long seed line at the page width; the reader joins the pieces, so each
    sentence of a long seed line comes back whole on one line (a break may stay after 。 or ；
    where the page happened to end a line, which the sentence splitter ignores)."""
    seed = next((ROOT / "seeds").glob("000_*.txt")).read_text(encoding="utf-8")
    lines = reader.read(next((FIX / "seeds_pdf").glob("000_*.pdf"))).splitlines()
    sentences = [s + "。" for line in seed.splitlines() if len(line.strip()) > 60
                 for s in line.strip().split("。") if len(s) > 30]
    assert len(sentences) > 40
    whole = [s for s in sentences if any(s.replace("；", "") in ln.replace("；", "") for ln in lines)]
    assert len(whole) / len(sentences) >= 0.8, [s for s in sentences if s not in whole][:3]


def test_a_scan_and_an_old_doc_are_named_with_their_reasons(tmp_path):
    docs = tmp_path / "docs"
    docs.mkdir()
    for p in list((ROOT / "seeds").glob("*.txt")) + [FIX / "scanned.pdf", FIX / "old.doc"]:
        shutil.copy(p, docs / p.name)
    report = build_kb(docs, tmp_path / "kb.db", log=None)
    reasons = dict(report.skipped)
    assert report.documents == 2
    assert "扫描" in reasons["scanned.pdf"] and "文字层" in reasons["scanned.pdf"]
    assert ".docx" in reasons["old.doc"]


@pytest.mark.parametrize("data,name,kind", [
    (b"%PDF-1.7\n...", "x.txt", "pdf"),                     # by content, whatever the name
    (b"PK\x03\x04....word/document.xml", "r.docx", "docx"),
    (b"PK\x03\x04....xl/workbook.xml", "r.xlsx", "zip"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "r.doc", "doc"),
    (b"<!DOCTYPE html><html><body>..", "page", "html"),
    (b"\xef\xbb\xbf<html><head>", "page.htm", "html"),
    ("枣强县人民政府工作报告".encode(), "r.txt", "text"),
    ("<p>政府工作报告</p>".encode(), "r.htm", "html"),
])
def test_sniff(data, name, kind):
    assert formats.sniff(data, name) == kind


def test_a_gbk_page_is_read_by_its_declared_charset():
    data = next((FIX / "seeds_html").glob("000_*.html")).read_bytes()
    assert b"charset=gbk" in data
    text = reader.to_text(data, "page.html")
    assert "枣强县" in text and "打印本页" not in text
