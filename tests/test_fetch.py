"""A report fetched by link (`python -m knowledge fetch URL`) from a local web site on 127.0.0.1:
saved under a clean name and then answered; every failure is one sentence and saves nothing."""

from __future__ import annotations

import socket
import subprocess
import sys
from pathlib import Path

import pytest

from bot_harness import REPO, env_without_proxies, no_proxy  # noqa: F401
from knowledge.fetch import FetchError, clean_name, fetch, find_url
from knowledge.service import KnowledgeService
from web_server import Site

pytestmark = pytest.mark.usefixtures("no_proxy")


@pytest.fixture(scope="module")
def site():
    with Site() as s:
        yield s


def test_fetch_a_page_then_build_answers_from_it(site, tmp_path):
    seeds = tmp_path / "seeds"
    got = fetch(site.url("/art/2022/1/25/t20220125_jz.html"), seeds)
    assert got.path.name == "冀州区2022_t20220125_jz.html"
    assert (got.region, got.year, got.replaced, got.same_as) == ("冀州区", 2022, None, None)
    svc = KnowledgeService.open(tmp_path / "kb.db", seeds)
    result = svc.ask("冀州2022年GDP目标").to_dict()
    assert result["status"] == "answered"
    assert result["answers"][0]["value"] == "7%以上"
    assert "打印本页" not in result["answers"][0]["sentence"]


@pytest.mark.parametrize("path,name", [
    ("/gk/zq/index.html", "枣强县2022_"),        # a GBK page called index.html: the name comes from the report
    ("/files/jz2022.pdf", "冀州区2022_jz2022.pdf"),
    ("/files/zq2022.docx", "枣强县2022_zq2022.docx"),   # served as octet-stream: recognised by its content
    ("/files/jz.txt", "冀州区2022_jz.txt"),
    ("/short/jz", "冀州区2022_t20220125_jz.html"),   # a redirect: named by where it led
])
def test_every_format_and_a_redirect(site, tmp_path, path, name):
    got = fetch(site.url(path), tmp_path)
    assert got.path.name.startswith(name)
    assert got.path.parent == tmp_path and got.path.is_file()


def test_fetching_again_saves_nothing_and_a_changed_page_keeps_the_old_file(site, tmp_path):
    url = site.url("/files/jz.txt")
    first = fetch(url, tmp_path)
    again = fetch(url, tmp_path)
    assert again.same_as == first.path.name and again.replaced is None
    first.path.write_bytes(first.path.read_bytes() + "\n（修订）".encode())
    third = fetch(url, tmp_path)
    assert third.replaced is not None and third.replaced.parent.name == ".replaced"
    assert third.replaced.read_bytes().endswith("（修订）".encode())
    assert [p.name for p in tmp_path.iterdir() if not p.name.startswith(".")] == [first.path.name]


@pytest.mark.parametrize("path,reason", [
    ("/gone.html", "网站返回 404"),
    ("/broken.html", "网站返回 500"),
    ("/news/weather.html", "不像政府工作报告"),
    ("/img/cover.png", "图片"),
    ("/files/old.doc", ".docx"),
    ("/loop", "跳转次数过多"),
    ("/huge.pdf", "文件过大"),
    ("/declared-huge.pdf", "文件过大"),
])
def test_refusals_say_why_and_save_nothing(site, tmp_path, path, reason):
    with pytest.raises(FetchError, match=reason):
        fetch(site.url(path), tmp_path, max_bytes=2 * 2**20)
    assert list(tmp_path.iterdir()) == []


def test_a_page_that_hangs_times_out(site, tmp_path):
    with pytest.raises(FetchError, match="秒内没有响应"):
        fetch(site.url("/slow.html"), tmp_path, timeout=0.5)


def test_an_unreachable_host_and_a_bad_link(tmp_path):
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]  # closed again: nothing listens there
    with pytest.raises(FetchError, match="无法连接网站 127.0.0.1"):
        fetch(f"http://127.0.0.1:{port}/report.html", tmp_path)
    for bad in ("ftp://example.com/a.txt", "www.example.gov.cn", "http://"):
        with pytest.raises(FetchError, match="不是有效的网址"):
            fetch(bad, tmp_path)


@pytest.mark.parametrize("text,url", [
    ("请添加 https://www.hsjz.gov.cn/art/2022/1/25/art_1.html。", "https://www.hsjz.gov.cn/art/2022/1/25/art_1.html"),
    ("http://a.gov.cn/x.pdf，谢谢", "http://a.gov.cn/x.pdf"),
    ("（见http://a.gov.cn/b?id=3）", "http://a.gov.cn/b?id=3"),
    ("没有链接", None),
])
def test_find_url(text, url):
    assert find_url(text) == url


def test_clean_name_never_leaves_the_folder():
    name = clean_name("冀州区", 2022, "../../etc/passwd", "http://x/../../etc/passwd", ".txt")
    assert "/" not in name and not name.startswith(".") and name.endswith(".txt")


def test_the_cli_fetches_and_says_what_to_do_next(site, tmp_path):
    env = env_without_proxies(PYTHONPATH=str(REPO), SEEDS_DIR=str(tmp_path / "seeds"))
    run = subprocess.run([sys.executable, "-m", "knowledge", "fetch", site.url("/files/jz.txt")],
                         capture_output=True, text=True, encoding="utf-8", cwd=tmp_path, env=env, timeout=120)
    assert run.returncode == 0, run.stderr
    assert "已保存" in run.stdout and "冀州区 2022年报告" in run.stdout and "build" in run.stdout
    bad = subprocess.run([sys.executable, "-m", "knowledge", "fetch", site.url("/gone.html")],
                         capture_output=True, text=True, encoding="utf-8", cwd=tmp_path, env=env, timeout=120)
    assert bad.returncode == 1 and "没有添加：网站返回 404" in bad.stderr and "Traceback" not in bad.stderr


def test_the_console_adds_by_link_and_answers(site, tmp_path):
    from bot.console import reply_to
    from bot_harness import copy_seeds

    seeds = copy_seeds(tmp_path / "seeds")
    for p in seeds.glob("001_*"):
        p.unlink()
    svc = KnowledgeService.open(tmp_path / "kb.db", seeds)
    assert "7%以上" not in reply_to(svc, "冀州2022年GDP目标")
    added = reply_to(svc, "/add " + site.url("/files/jz2022.pdf"))
    assert "已保存为 冀州区2022_jz2022.pdf" in added and "→" in added
    assert "7%以上" in reply_to(svc, "冀州2022年GDP目标")
    assert "已有相同的文件" in reply_to(svc, "/add " + site.url("/files/jz2022.pdf"))
    assert reply_to(svc, "/add 没有网址").startswith("请在 /add 后面写上报告的网址")
    assert "没有添加：网站返回 404" in reply_to(svc, "/add " + site.url("/gone.html"))
