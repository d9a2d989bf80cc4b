"""Decoding and line joining: encodings, broken files, hard wraps."""
import codecs

import pytest

from knowledge.normalize import fold, join_lines
from knowledge.reader import Unreadable, decode

TEXT = "枣强县2021年农村居民人均可支配收入增长12.4%。"


@pytest.mark.parametrize("data", [
    TEXT.encode("utf-8"),
    codecs.BOM_UTF8 + TEXT.encode("utf-8"),
    TEXT.encode("utf-16"),                       # with BOM
    codecs.BOM_UTF16_BE + TEXT.encode("utf-16-be"),
    TEXT.encode("gb18030"),
    TEXT.encode("gbk"),
    (TEXT + "\r\n" + TEXT).encode("utf-8-sig"),
], ids=["utf8", "utf8-bom", "utf16", "utf16be", "gb18030", "gbk", "bom-crlf"])
def test_decodes(data):
    assert TEXT in decode(data).replace("\r\n", "")


@pytest.mark.parametrize("data,why", [
    (b"", "空"),
    (b"   \n\n", "空"),
    (b"\x89PNG\r\n\x1a\n" + bytes(range(256)), "PNG"),
    (b"%PDF-1.4 binary", "PDF"),
    (bytes(range(256)) * 20, "二进制"),
    (b"\x81\xff\x80\xff" * 100, "编码"),
    (b"just english text, no report here\n" * 10, "中文"),
])
def test_unreadable_with_reason(data, why):
    with pytest.raises(Unreadable) as exc:
        decode(data)
    assert why in str(exc.value)


@pytest.mark.parametrize("raw,joined", [
    ("一般公共预算收入完成43\n.7亿元，增长5%。", "一般公共预算收入完成43.7亿元，增长5%。"),
    ("农村居民人均可支配收入达到3381\n0元，增长6.3%。", "农村居民人均可支配收入达到33810元，增长6.3%。"),
    ("坚持主动作为，勇挑重担，经济运行稳中向好。持续“补短板、锻长板”，地区生产总值增长\n7.5%；固定资产投资增长 5.3%；",
     "坚持主动作为，勇挑重担，经济运行稳中向好。持续“补短板、锻长板”，地区生产总值增长7.5%；固定资产投资增长 5.3%；"),
])
def test_numbers_cut_across_lines_are_joined(raw, joined):
    assert joined in join_lines(raw)


def test_headings_are_not_glued_to_paragraphs():
    text = "2021年，实现“十四五”良好开局\n\n2021年，枣强县坚持稳中求进。\n\n关键词：乡村振兴\n枣强县聚焦“五大振兴”。"
    assert join_lines(text) == ["2021年，实现“十四五”良好开局", "2021年，枣强县坚持稳中求进。",
                                "关键词：乡村振兴", "枣强县聚焦“五大振兴”。"]


def test_vertical_heading_joined():
    text = "任务。\n\n切\n实\n加\n强\n政\n府\n\n2022年是关键之年。"
    assert "切实加强政府" in join_lines(text)


@pytest.mark.parametrize("raw,folded", [
    ("ＰＭ_{2.5}浓度４４微克", "pm2.5浓度44微克"),
    ("PM₁₀浓度76", "pm10浓度76"),
    ("農村居民人均可支配收入增長６．５％", "农村居民人均可支配收入增长6.5%"),
    ("城镇居民人均可支配收入达到 45,216 元", "城镇居民人均可支配收入达到45216元"),
    ("wind  solar", "wind solar"),
])
def test_fold(raw, folded):
    assert fold(raw) == folded
