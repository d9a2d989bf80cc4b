"""The seeds and the fixture reports in one folder, built into a real knowledge base."""
from __future__ import annotations

import shutil
from pathlib import Path

from knowledge.build import BuildReport, build_kb

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
FIXTURES = Path(__file__).resolve().parent / "fixtures"


def build_reports_kb(base: Path, fixture_files: list[str], log=None) -> tuple[Path, Path, BuildReport]:
    """Copy the seeds and `fixture_files` into `base`/reports and build `base`/kb.db from them."""
    folder = base / "reports"
    folder.mkdir()
    for p in sorted(SEEDS.iterdir()):
        if p.is_file():
            shutil.copy(p, folder / p.name)
    for name in fixture_files:
        shutil.copy(FIXTURES / name, folder / name)
    db = base / "kb.db"
    return folder, db, build_kb(folder, db, log=log or (lambda *a, **k: None))
