"""Bytes → text. Every file either decodes to Chinese text or is skipped with a reason."""
from __future__ import annotations

import codecs
import re
from pathlib import Path

SUFFIXES = (".txt", ".md", ".pdf", ".docx", ".doc", ".html", ".htm")  # .doc: named with its reason
MAX_BYTES = 50 * 1024 * 1024

_MAGIC = {
    b"\x89PNG": "PNG 图片",
    b"%PDF": "PDF 文件",
    b"PK\x03\x04": "ZIP/Office 文档",
    b"\xd0\xcf\x11\xe0": "旧版 Office 文档（请另存为 .docx 或 .txt）",
    b"GIF8": "GIF 图片",
    b"\xff\xd8\xff": "JPEG 图片",
    b"{\\rtf": "RTF 文档（请另存为 .txt）",
}
_CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")
_BAD_CHARS = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\ue000-\uf8ff]")


class Unreadable(Exception):
    """The file cannot be used as a report; str(exc) says why (Chinese, for admins)."""


def decode(data: bytes) -> str:
    """Decode UTF-8 (± BOM), UTF-16/32 with BOM, or GB18030/GBK; raise Unreadable otherwise."""
    if not data.strip():
        raise Unreadable("文件为空")
    for magic, what in _MAGIC.items():
        if data.startswith(magic):
            raise Unreadable(f"不是文本文件（{what}）")
    for bom, enc in ((codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32"),
                     (codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"),
                     (codecs.BOM_UTF16_BE, "utf-16")):
        if data.startswith(bom):
            try:
                return _check(data.decode(enc))
            except UnicodeDecodeError as exc:
                raise Unreadable(f"带 {enc} 标记但内容无法解码（第 {exc.start} 字节）") from None
    if b"\x00" in data[:4096]:
        # UTF-16 without BOM: every other byte NUL for ASCII; try both orders
        for enc in ("utf-16-le", "utf-16-be"):
            try:
                return _check(data.decode(enc))
            except (UnicodeDecodeError, Unreadable):
                continue
        raise Unreadable("二进制文件（含空字节），不是文本")
    try:
        return _check(data.decode("utf-8"))
    except UnicodeDecodeError:
        pass
    try:
        return _check(data.decode("gb18030"))
    except UnicodeDecodeError as exc:
        raise Unreadable(f"编码无法识别（既不是 UTF-8 也不是 GBK/GB18030，第 {exc.start} 字节）") from None


def _check(text: str) -> str:
    sample = text[:20000]
    if not _CJK.search(sample):
        raise Unreadable("没有中文内容")
    bad = len(_BAD_CHARS.findall(sample))
    if bad > max(5, len(sample) // 100):
        raise Unreadable("内容像是二进制数据，不是文本")
    return text.replace("\ufeff", "")


def read(path: Path) -> str:
    return to_text(read_bytes(path), path.name)


def read_bytes(path: Path) -> bytes:
    """A report file's bytes, within the size limit (Unreadable otherwise)."""
    if path.is_symlink() and not path.exists():
        raise Unreadable("是一个指向不存在文件的链接")
    size = path.stat().st_size
    if size > MAX_BYTES:
        over = -(-size * 10 // 2**20) / 10  # rounded up: 50.01 MB shows as 50.1, never as the limit
        raise Unreadable(f"文件过大（{over:.1f} MB，上限 {MAX_BYTES // 2**20} MB）")
    return path.read_bytes()


def to_text(data: bytes, name: str = "") -> str:
    """A report file's bytes → its text, by what the content is (formats.sniff): PDF, Word, a web
    page or plain text; Unreadable with the reason otherwise."""
    from . import formats

    kind = formats.sniff(data, name)
    try:
        if kind == "pdf":
            return _check(formats.pdf_text(data))
        if kind == "docx":
            return _check(formats.docx_text(data))
        if kind == "html":
            return _check(formats.html_text(data))
    except formats.FormatError as exc:
        raise Unreadable(str(exc)) from None
    if kind == "doc":
        raise Unreadable("旧版 Word 文档（.doc）：请在 Word 或 WPS 里另存为 .docx（或 .txt）后再添加")
    if kind == "zip":
        raise Unreadable("不是报告文件（ZIP 压缩包）：请解压后添加其中的报告")
    return decode(data)


def report_files(folder: Path) -> list[Path]:
    """The report files of a folder, in a stable order (name). A link to nothing is listed too
    (reading it fails with a reason), so that no file is passed over silently."""
    return sorted(
        (p for p in folder.iterdir()
         if (p.is_file() or p.is_symlink()) and p.suffix.lower() in SUFFIXES and not p.name.startswith(".")),
        key=lambda p: p.name,
    )
