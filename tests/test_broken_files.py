"""Broken files in the reports folder: good files always load, bad ones are named with a reason,
duplicates load once, and a failed or killed build never damages the previous knowledge base.

Real build, real SQLite; the broken files are generated here in tmp_path.
"""
from __future__ import annotations

import codecs
import hashlib
import os
import random
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT / "seeds"
FIXTURES = Path(__file__).resolve().parent / "fixtures"

NO_REGION = """经济运行情况简报

今年以来，面对复杂严峻的外部环境，经济运行总体平稳、稳中有进。
地区生产总值增长5.2%，规模以上工业增加值增长6.1%，固定资产投资增长3.8%。
社会消费品零售总额增长7.4%，城镇居民人均可支配收入增长5.0%。
下一步，将继续坚持稳中求进工作总基调，推动经济实现质的有效提升和量的合理增长。
"""


def _quiet(*_a, **_k):
    pass


def _png() -> bytes:
    rnd = random.Random(1)
    return b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(rnd.randrange(256) for _ in range(4000))


def _undecodable() -> bytes:
    """Bytes that are neither UTF-8 nor GB18030 (0x80 and 0xFF are never valid lead bytes there)."""
    rnd = random.Random(2)
    body = bytearray()
    for _ in range(3000):
        body += bytes([rnd.choice([0x80, 0xFF]), rnd.randrange(0x80, 0x100)])
    data = bytes(body)
    for enc in ("utf-8", "gb18030"):
        with pytest.raises(UnicodeDecodeError):
            data.decode(enc)
    assert b"\x00" not in data
    return data


def _huge(target_bytes: int = 10 * 1024 * 1024) -> bytes:
    """A 10 MB file: a real report's opening, then megabytes of log-like ASCII lines."""
    head = (FIXTURES / "numerals_report.txt").read_text(encoding="utf-8")
    head = head.replace("南山县", "北岭县").replace("丰阳市", "西川市")
    line = "2025-01-01 00:00:00 INFO sensor=%06d value=%d.%d status=ok\n"
    parts = [head.encode("utf-8")]
    size = len(parts[0])
    i = 0
    while size < target_bytes:
        chunk = "".join(line % (i + k, (i + k) % 97, (i + k) % 10) for k in range(1000)).encode()
        parts.append(chunk)
        size += len(chunk)
        i += 1000
    return b"".join(parts)


@pytest.fixture(scope="module")
def broken_folder(tmp_path_factory) -> Path:
    d = tmp_path_factory.mktemp("broken") / "reports"
    d.mkdir()
    # good files
    shutil.copy(FIXTURES / "gbk_report.txt", d / "gbk_report.txt")
    shutil.copy(FIXTURES / "table_report.md", d / "table_report.md")
    numerals = (FIXTURES / "numerals_report.txt").read_text(encoding="utf-8")
    (d / "bom_crlf.txt").write_bytes(codecs.BOM_UTF8 + numerals.replace("\n", "\r\n").encode("utf-8"))
    # the same report twice: byte-identical copy, and the same text in another encoding
    shutil.copy(FIXTURES / "gbk_report.txt", d / "gbk_report_copy.txt")
    (d / "numerals_gb18030.txt").write_bytes(numerals.replace("\n", "\r\n").encode("gb18030"))
    # broken files
    (d / "empty.txt").write_bytes(b"")
    (d / "blank.txt").write_bytes(b"  \n\n\t\r\n\xe3\x80\x80\n")
    (d / "image.txt").write_bytes(_png())
    (d / "photo.png").write_bytes(_png())
    (d / "garbage.txt").write_bytes(_undecodable())
    (d / "noregion.txt").write_text(NO_REGION, encoding="utf-8")
    # good but odd: UTF-16 LE without a BOM
    utf16 = (FIXTURES / "utf16_report.txt").read_bytes().decode("utf-16")
    (d / "utf16_nobom.txt").write_bytes(utf16.encode("utf-16-le"))
    # a dangling symlink (a file deleted behind a link)
    (d / "dangling.txt").symlink_to(d / "no_such_file.txt")
    return d


@pytest.fixture(scope="module")
def broken_build(broken_folder, tmp_path_factory):
    from knowledge.build import build_kb

    db = tmp_path_factory.mktemp("broken_db") / "kb.db"
    logs: list[str] = []
    t0 = time.perf_counter()
    report = build_kb(broken_folder, db, log=lambda *a, **k: logs.append(" ".join(map(str, a))))
    return {"report": report, "db": db, "seconds": time.perf_counter() - t0, "logs": logs}


def _documents(db: Path) -> dict[str, dict]:
    c = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    c.row_factory = sqlite3.Row
    try:
        return {r["name"]: dict(r) for r in c.execute("SELECT * FROM documents")}
    finally:
        c.close()


def test_broken_build_is_bounded(broken_build):
    assert broken_build["seconds"] < 30, broken_build["seconds"]


def test_good_files_always_load(broken_build):
    docs = _documents(broken_build["db"])
    by_region = {}
    for name, d in docs.items():
        by_region.setdefault(d["region"], []).append(name)
    assert "table_report.md" in docs, (sorted(docs), broken_build["report"].skipped)
    assert docs["table_report.md"]["region"] == "澄湖区"
    assert len(by_region.get("云溪县", [])) == 1, by_region
    assert len(by_region.get("南山县", [])) == 1, by_region
    # the first of each duplicate pair (by name) is the one kept
    assert "gbk_report.txt" in docs and "bom_crlf.txt" in docs, sorted(docs)
    assert docs["bom_crlf.txt"]["year"] == 2026 and docs["bom_crlf.txt"]["level"] == "县"
    assert "utf16_nobom.txt" in docs and docs["utf16_nobom.txt"]["region"] == "青川区", sorted(docs)


def test_bom_crlf_document_reads_like_the_original(broken_build):
    c = sqlite3.connect(f"file:{broken_build['db']}?mode=ro", uri=True)
    try:
        rows = c.execute(
            "SELECT i.region, i.year, i.kind, i.metric, i.value FROM indicators i "
            "JOIN documents d ON d.id = i.document_id WHERE d.name = 'bom_crlf.txt'").fetchall()
        texts = [r[0] for r in c.execute(
            "SELECT s.text FROM sentences s JOIN documents d ON d.id = s.document_id WHERE d.name = 'bom_crlf.txt'")]
        title = c.execute("SELECT title FROM documents WHERE name = 'bom_crlf.txt'").fetchone()[0]
    finally:
        c.close()
    assert ("南山县", 2025, "actual", "地区生产总值", "6.3%") in {(r[0], r[1], r[2], r[3], r[4]) for r in rows} or any(
        r[0] == "南山县" and r[1] == 2025 and r[2] == "actual" and "地区生产总值" in r[3] and r[4] == "6.3%" for r in rows), rows[:20]
    assert not any("\r" in t or "\ufeff" in t for t in texts), [t for t in texts if "\r" in t or "\ufeff" in t][:3]
    assert "\ufeff" not in title and "\r" not in title, repr(title)


# file → words one of which the reason must contain (None: any non-empty reason)
EXPECTED_SKIPS = {
    "empty.txt": ("空",),
    "blank.txt": ("空", "没有中文"),
    "image.txt": ("PNG", "图片", "二进制", "不是文本"),
    "photo.png": ("txt", "图片", "PNG", "不是"),
    "garbage.txt": ("编码", "解码", "二进制", "无法"),
    "noregion.txt": ("地区",),
    "dangling.txt": ("读取", "不存在", "找不到", "链接", "无法"),
    "gbk_report_copy.txt": ("gbk_report.txt",),
    "numerals_gb18030.txt": ("bom_crlf.txt",),
}


@pytest.mark.parametrize("name,words", sorted(EXPECTED_SKIPS.items()), ids=sorted(EXPECTED_SKIPS))
def test_skipped_file_named_with_reason(broken_build, name, words):
    skipped = dict(broken_build["report"].skipped)
    assert name in skipped, f"{name} not reported as skipped; skipped={broken_build['report'].skipped}"
    reason = skipped[name]
    assert isinstance(reason, str) and reason.strip(), repr(reason)
    assert any(w in reason for w in words), f"{name}: reason {reason!r} should mention one of {words}"
    assert name not in _documents(broken_build["db"])


def test_every_file_accounted_for_once(broken_folder, broken_build):
    report = broken_build["report"]
    docs = _documents(broken_build["db"])
    skipped_names = [n for n, _ in report.skipped]
    assert len(skipped_names) == len(set(skipped_names)), skipped_names
    for p in broken_folder.iterdir():
        loaded, skipped = p.name in docs, p.name in skipped_names
        assert loaded != skipped, f"{p.name}: loaded={loaded} skipped={skipped}"
    assert report.documents == len(docs)


HUGE_LIMIT = 20  # seconds for a build of one good report plus the 10 MB file


def test_huge_file_bounded_and_named(tmp_path):
    """10 MB (a report's opening, then megabytes of log lines): the build finishes in bounded time,
    the good report loads, and the big file is either loaded or skipped with a reason."""
    folder = tmp_path / "reports"
    folder.mkdir()
    shutil.copy(FIXTURES / "gbk_report.txt", folder / "gbk_report.txt")
    (folder / "huge.txt").write_bytes(_huge())
    assert (folder / "huge.txt").stat().st_size >= 10 * 1024 * 1024
    db = tmp_path / "kb.db"
    proc = subprocess.Popen(build_cmd(folder, db), cwd=ROOT, env=_cli_env(),
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    t0 = time.monotonic()
    try:
        out, err = proc.communicate(timeout=HUGE_LIMIT)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.communicate()
        pytest.fail(f"build of a 10 MB file still running after {HUGE_LIMIT}s (killed)")
    assert proc.returncode == 0, err.decode("utf-8", "replace")[-2000:]
    docs = _documents(db)
    assert "gbk_report.txt" in docs
    text = out.decode("utf-8", "replace") + err.decode("utf-8", "replace")
    if "huge.txt" in docs:
        assert docs["huge.txt"]["region"] == "北岭县", docs["huge.txt"]
    else:
        assert "huge.txt" in text, f"huge.txt neither loaded nor named in the build output:\n{text[-2000:]}"
    assert time.monotonic() - t0 < HUGE_LIMIT


# ------------------------------------------------------------------ failed builds keep the old KB

def _snapshot(db: Path) -> tuple[str, dict]:
    digest = hashlib.sha256(db.read_bytes()).hexdigest()
    c = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    try:
        counts = {t: c.execute(f"SELECT count(*) FROM {t}").fetchone()[0]
                  for t in ("documents", "sections", "sentences", "indicators")}
        assert c.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    finally:
        c.close()
    return digest, counts


def _assert_answers(db: Path, seeds: Path):
    from knowledge.service import KnowledgeService

    svc = KnowledgeService.open(db, seeds)
    try:
        res = svc.ask("云溪县2023年GDP目标")
        assert res.status == "answered", res.to_dict()
        assert res.answers[0].region == "云溪县" and "6%左右" in res.answers[0].value, res.to_dict()
    finally:
        close = getattr(svc, "close", None)
        if callable(close):
            close()


@pytest.fixture()
def good_kb(tmp_path):
    from knowledge.build import build_kb

    good = tmp_path / "good"
    good.mkdir()
    for name in ("gbk_report.txt", "table_report.md"):
        shutil.copy(FIXTURES / name, good / name)
    db = tmp_path / "kb" / "kb.db"
    report = build_kb(good, db, log=_quiet)
    assert report.documents == 2
    return good, db


def test_only_broken_files_keeps_previous_kb(tmp_path, good_kb):
    from knowledge.build import build_kb

    good, db = good_kb
    before = _snapshot(db)
    bad = tmp_path / "bad"
    bad.mkdir()
    (bad / "empty.txt").write_bytes(b"")
    (bad / "image.txt").write_bytes(_png())
    (bad / "garbage.txt").write_bytes(_undecodable())
    (bad / "noregion.txt").write_text(NO_REGION, encoding="utf-8")
    try:
        report = build_kb(bad, db, log=_quiet)
    except Exception as exc:  # refusing is fine; the old KB must survive
        message = str(exc)
        assert message.strip(), repr(exc)
    else:
        assert report.documents == 0
        assert {n for n, _ in report.skipped} >= {"empty.txt", "image.txt", "garbage.txt", "noregion.txt"}
    assert _snapshot(db) == before
    assert not list(db.parent.glob(db.name + ".tmp*")), list(db.parent.iterdir())
    _assert_answers(db, good)


def test_empty_folder_keeps_previous_kb(tmp_path, good_kb):
    from knowledge.build import build_kb

    good, db = good_kb
    before = _snapshot(db)
    empty = tmp_path / "empty"
    empty.mkdir()
    try:
        report = build_kb(empty, db, log=_quiet)
    except Exception:
        pass
    else:
        assert report.documents == 0
    assert _snapshot(db) == before
    _assert_answers(db, good)


# ------------------------------------------------------------------ a build killed half-way

def _variants(folder: Path, n: int) -> None:
    """n distinct reports (different region names, so not duplicates) made from the seeds."""
    texts = [p.read_text(encoding="utf-8") for p in sorted(SEEDS.iterdir()) if p.suffix == ".txt"]
    chars = "甲乙丙丁戊己庚辛壬癸子丑寅卯辰巳午未申酉戌亥金木水火土"
    for i in range(n):
        a, b = chars[i % len(chars)], chars[(i // len(chars)) % len(chars)]
        text = texts[i % len(texts)].replace("枣强", f"枣{a}{b}").replace("冀州", f"冀{a}{b}")
        (folder / f"r{i:03d}.txt").write_text(text, encoding="utf-8")


def _cli_env():
    env = dict(os.environ)
    env["PYTHONPATH"] = str(ROOT) + os.pathsep + env.get("PYTHONPATH", "")
    env["PYTHONIOENCODING"] = "utf-8"
    return env


def build_cmd(seeds: Path, db: Path) -> list[str]:
    return [sys.executable, "-m", "knowledge", "build", "--seeds", str(seeds), "--db", str(db)]


def test_killed_build_leaves_previous_kb_intact(tmp_path, good_kb):
    good, db = good_kb
    before = _snapshot(db)
    big = tmp_path / "big"
    big.mkdir()
    _variants(big, 120)
    proc = subprocess.Popen(build_cmd(big, db), cwd=ROOT, env=_cli_env(),
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        # wait until the build is really writing (its temp file exists), then a little more
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline and proc.poll() is None:
            if list(db.parent.glob(db.name + ".tmp*")):
                break
            time.sleep(0.05)
        time.sleep(0.7)
        assert proc.poll() is None, (
            "the build finished before it could be killed; make the folder bigger",
            proc.returncode, proc.stderr.read().decode("utf-8", "replace")[-2000:])
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait(timeout=10)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
        proc.stderr.close()
    assert proc.returncode == -signal.SIGKILL
    assert _snapshot(db) == before
    _assert_answers(db, good)
    # and the next build over the same path still works (stale temp files do not get in the way)
    from knowledge.build import build_kb

    report = build_kb(good, db, log=_quiet)
    assert report.documents == 2
    _assert_answers(db, good)
