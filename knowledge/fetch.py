"""A report fetched by link: download a web page, PDF or Word file, check it is a report, and save
it into the seeds folder under a clean name (`python -m knowledge fetch URL`, the bot's /add).

Nothing is saved unless the download is complete, within the size limit, and reads as a report
(it decodes, names its region and yields figures); every refusal is one polite sentence."""

from __future__ import annotations

import hashlib
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote, urlsplit

import httpx

from . import formats, seedsdir
from .build import check_upload

MAX_FETCH_BYTES = 20 * 1024 * 1024   # the same cap as an upload through Telegram
TIMEOUT_SECONDS = 30.0               # the whole download; connecting gets a third of it
MAX_REDIRECTS = 5
USER_AGENT = "Mozilla/5.0 (compatible; gov-report-bot; +https://github.com/) report fetcher"
_EXTENSION = {"html": ".html", "pdf": ".pdf", "docx": ".docx", "text": ".txt"}
URL_RE = re.compile(r"https?://[^\s<>\"'，。；、）)】]+", re.I)


class FetchError(Exception):
    """The link gave no report; str(exc) says why, in a sentence for the admin."""


@dataclass
class Fetched:
    url: str            # after redirects
    path: Path          # where it is (saved now, or the identical file already there)
    region: str
    year: int | None
    size: int
    replaced: Path | None = None   # the earlier file of that name, kept in .replaced/
    same_as: str | None = None     # an identical file was already in the folder: nothing saved


def find_url(text: str) -> str | None:
    """The first http(s) link in a message, trailing punctuation left off."""
    m = URL_RE.search(text or "")
    return m.group(0).rstrip(".,;:!?") if m else None


def download(url: str, *, timeout: float = TIMEOUT_SECONDS, max_bytes: int = MAX_FETCH_BYTES,
             transport: httpx.BaseTransport | None = None) -> tuple[str, bytes, str]:
    """GET `url` following redirects → (final URL, body, content type); FetchError otherwise."""
    parts = urlsplit(url.strip())
    if parts.scheme.lower() not in ("http", "https") or not parts.hostname:
        raise FetchError(f"不是有效的网址：{url}（应以 http:// 或 https:// 开头）")
    limit_mb = max_bytes / 2**20
    try:
        with httpx.Client(follow_redirects=True, max_redirects=MAX_REDIRECTS, transport=transport,
                          timeout=httpx.Timeout(timeout, connect=min(10.0, timeout)),
                          headers={"User-Agent": USER_AGENT}) as client:
            with client.stream("GET", url.strip()) as response:
                if response.status_code >= 400:
                    raise FetchError(f"网站返回 {response.status_code}"
                                     f"（{response.reason_phrase or '错误'}），没有取到文件：{url}")
                declared = response.headers.get("content-length", "")
                if declared.isdigit() and int(declared) > max_bytes:
                    raise FetchError(f"文件过大（{_mb(int(declared))} MB，上限 {limit_mb:.0f} MB）")
                body = bytearray()
                for chunk in response.iter_bytes():
                    body += chunk
                    if len(body) > max_bytes:
                        raise FetchError(f"文件过大（超过 {limit_mb:.0f} MB 的上限），已停止下载")
                return str(response.url), bytes(body), response.headers.get("content-type", "")
    except httpx.TooManyRedirects:
        raise FetchError(f"网址跳转次数过多（超过 {MAX_REDIRECTS} 次），没有取到文件：{url}") from None
    except httpx.TimeoutException:
        raise FetchError(f"网站 {parts.hostname} 在 {timeout:.0f} 秒内没有响应，请稍后再试") from None
    except httpx.ConnectError:
        raise FetchError(f"无法连接网站 {parts.hostname}（地址不存在或拒绝连接）") from None
    except httpx.InvalidURL:
        raise FetchError(f"不是有效的网址：{url}") from None
    except httpx.HTTPError as exc:
        raise FetchError(f"下载 {url} 时出错（{type(exc).__name__}）") from None


def fetch(url: str, seeds_dir: Path | str, *, timeout: float = TIMEOUT_SECONDS,
          max_bytes: int = MAX_FETCH_BYTES, transport: httpx.BaseTransport | None = None) -> Fetched:
    """Download `url`, check it is a report, save it into `seeds_dir` (the file it replaces is kept
    in .replaced/ and /undo can bring it back). Raises FetchError with the reason otherwise."""
    seeds = Path(seeds_dir)
    final, data, content_type = download(url, timeout=timeout, max_bytes=max_bytes, transport=transport)
    hint = _url_name(final)
    kind = formats.sniff(data, hint)
    if kind not in _EXTENSION:
        what = {"doc": "旧版 Word 文档（.doc），请另存为 .docx 后上传", "zip": "ZIP 压缩包"}.get(kind, kind)
        raise FetchError(f"链接指向的不是报告文件（{what}）")
    if data[:4] in (b"\x89PNG", b"GIF8") or data[:3] == b"\xff\xd8\xff" or content_type.startswith("image/"):
        raise FetchError("链接指向的是图片，不是报告（图片版报告读不出文字）")
    checked = check_upload(f"download{_EXTENSION[kind]}", data)
    if checked.skip:
        raise FetchError(f"这个链接的内容不像政府工作报告：{checked.skip}")
    name = clean_name(checked.region or "", checked.year, hint, final, _EXTENSION[kind])
    digest = hashlib.sha1(data).digest()
    if seeds.is_dir():
        for p in sorted(seeds.iterdir()):
            if p.is_file() and not p.name.startswith(".") and p.stat().st_size == len(data) \
                    and hashlib.sha1(p.read_bytes()).digest() == digest:
                return Fetched(final, p, checked.region or "", checked.year, len(data), same_as=p.name)
    seeds.mkdir(parents=True, exist_ok=True)
    replaced = seedsdir.keep_replaced(seeds, name)
    path = seedsdir.save_atomically(seeds, name, data)
    seedsdir.record_upload(seeds, name, replaced)
    return Fetched(final, path, checked.region or "", checked.year, len(data), replaced=replaced)


def clean_name(region: str, year: int | None, hint: str, url: str, suffix: str) -> str:
    """`冀州区2022_t20220125_1234.html`: the region and year the report states, then the link's own
    file name (so two documents of one region stay apart and fetching one link again replaces it)."""
    stem = Path(hint).stem if hint else ""
    stem = re.sub(r"[^\w\-]+", "_", unicodedata.normalize("NFKC", stem)).strip("._-")[:40]
    if not stem or stem.lower() in ("index", "default", "content", "detail", "article", "view", "download"):
        stem = hashlib.sha1(url.encode("utf-8")).hexdigest()[:8]
    return seedsdir.safe_file_name(f"{region}{year or ''}_{stem}{suffix}", stem)


def _url_name(url: str) -> str:
    path = unquote(urlsplit(url).path)
    return path.rstrip("/").rsplit("/", 1)[-1] if path.strip("/") else ""


def _mb(size: int) -> str:
    return f"{-(-size * 10 // 2**20) / 10:.1f}"
