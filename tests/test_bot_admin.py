"""Admin actions through the real bot: /reload and report uploads, and refusals for everyone else."""

from __future__ import annotations

import os
from pathlib import Path

from bot import messages
from bot_harness import (
    YUNXI_REPORT,
    no_proxy,  # noqa: F401 - autouse fixture
    fresh_service,
    private_chat,
    running_bot,
    shared_service,  # noqa: F401 - fixture
    text_of,
    user,
)

ADMIN = user(4242, "Admin")
ADMIN2 = user(4343, "Admin2")
VISITOR = user(1001, "Visitor")
BINARY = bytes(range(256)) * 64  # NUL bytes and invalid UTF-8 throughout


async def test_non_admins_cannot_reload_or_upload(shared_service, tmp_path):
    before_files = sorted(p.name for p in shared_service.seeds_dir.iterdir())
    before_built = shared_service.sources().built_at
    async with running_bot(shared_service, tmp_path, admin_ids=frozenset({ADMIN["id"]})) as bot:
        chat = private_chat(VISITOR)
        reload = bot.api.push_text(chat, VISITOR, "/reload")
        upload = bot.api.push_document(chat, VISITOR, "云溪县.txt", YUNXI_REPORT.encode())
        assert text_of(await bot.reply_to(reload)) == messages.NOT_ADMIN
        assert text_of(await bot.reply_to(upload)) == messages.NOT_ADMIN
        await bot.settle()
    assert not bot.api.calls_of("getFile")
    assert sorted(p.name for p in shared_service.seeds_dir.iterdir()) == before_files
    assert shared_service.sources().built_at == before_built


async def test_admin_reload_adds_a_new_report_and_skips_a_broken_file(tmp_path):
    service = fresh_service(tmp_path)
    async with running_bot(service, tmp_path, admin_ids=frozenset({ADMIN["id"]})) as bot:
        assert "6%左右" not in await bot.ask_private(VISITOR, "云溪县2023年GDP目标")
        (service.seeds_dir / "999_yunxi.txt").write_text(YUNXI_REPORT, encoding="utf-8")
        (service.seeds_dir / "broken.txt").write_bytes(BINARY)
        report = text_of(await bot.reply_to(bot.api.push_text(private_chat(ADMIN), ADMIN, "/reload")))
        new_answer = await bot.ask_private(VISITOR, "云溪县2023年GDP目标")
        old_answer = await bot.ask_private(VISITOR, "冀州2022年GDP目标")
    assert "broken.txt" in report, report
    assert "6%左右" in new_answer and "云溪" in new_answer
    assert "7%以上" in old_answer


async def test_second_reload_waits_and_a_failed_build_keeps_the_old_kb(tmp_path):
    service = fresh_service(tmp_path)
    admins = frozenset({ADMIN["id"], ADMIN2["id"]})
    async with running_bot(service, tmp_path, admin_ids=admins) as bot:
        reloads = [bot.api.push_text(private_chat(a), a, "/reload") for a in (ADMIN, ADMIN2, ADMIN)]
        meanwhile = bot.api.push_text(private_chat(VISITOR), VISITOR, "冀州2022年GDP目标")
        replies = [text_of(await bot.reply_to(u, timeout=30)) for u in reloads]
        assert "7%以上" in text_of(await bot.reply_to(meanwhile))
        # the three arrive together: one rebuilds, the ones that overlap it are asked to wait
        assert messages.RELOAD_IN_PROGRESS in replies, replies
        assert any("→" in r for r in replies), replies

        os.rename(service.seeds_dir, tmp_path / "seeds-gone")
        failed = text_of(await bot.reply_to(bot.api.push_text(private_chat(ADMIN), ADMIN, "/reload")))
        still = await bot.ask_private(VISITOR, "冀州2022年GDP目标")
    assert failed.startswith(messages.RELOAD_FAILED.split("{")[0]) and "seeds" in failed
    assert "7%以上" in still


async def test_admin_upload_is_saved_under_a_safe_name_and_reloaded(tmp_path):
    service = fresh_service(tmp_path)
    seeds = service.seeds_dir
    async with running_bot(service, tmp_path, admin_ids=frozenset({ADMIN["id"]})) as bot:
        chat = private_chat(ADMIN)
        wrong_type = bot.api.push_document(chat, ADMIN, "report.xlsx", b"PK\x03\x04xl/", "application/vnd.ms-excel")
        broken_pdf = bot.api.push_document(chat, ADMIN, "report.pdf", b"%PDF-1.4", "application/pdf")
        binary = bot.api.push_document(chat, ADMIN, "data.txt", BINARY)
        assert text_of(await bot.reply_to(wrong_type)) == messages.UPLOAD_WRONG_TYPE
        assert "PDF" in text_of(await bot.reply_to(broken_pdf))
        assert text_of(await bot.reply_to(binary)).startswith("没有保存")

        upload = bot.api.push_document(chat, ADMIN, "../../云溪县 政府工作报告.txt", YUNXI_REPORT.encode())
        saved, report = map(text_of, await bot.wait_replies(upload, 2, timeout=30))
        answer = await bot.ask_private(VISITOR, "云溪县2023年GDP目标")
    assert bot.api.calls_of("getFile")
    assert "云溪县_政府工作报告.txt" in saved
    assert (seeds / "云溪县_政府工作报告.txt").read_text(encoding="utf-8") == YUNXI_REPORT
    assert not (tmp_path / "云溪县 政府工作报告.txt").exists()
    assert not list(seeds.glob(".upload-*")) and not (seeds / "data.txt").exists()
    assert "6%左右" in answer
    assert report != saved and "云溪" in report


async def test_a_long_reload_shows_its_progress_to_the_admin(tmp_path, monkeypatch):
    """Many reports: a status message counts the files read, then the usual report follows."""
    from bot import handlers

    monkeypatch.setattr(handlers, "PROGRESS_EVERY", 0.0)
    service = fresh_service(tmp_path)
    for k in range(30):  # thirty more reports of one region (a namesake each would be skipped as a copy)
        (service.seeds_dir / f"yunxi_{k:02d}.txt").write_text(YUNXI_REPORT + f"\n附：第{k}号补充说明。\n",
                                                             encoding="utf-8")
    async with running_bot(service, tmp_path, admin_ids=frozenset({ADMIN["id"]})) as bot:
        reload = bot.api.push_text(private_chat(ADMIN), ADMIN, "/reload")
        calls = await bot.api.wait_for("sendMessage", lambda p: "→" in (p.get("text") or ""), timeout=120)
        await bot.settle()
    notes = [text_of(c) for c in bot.api.calls_of("sendMessage") + bot.api.calls_of("editMessageText")
             if "正在重新加载" in text_of(c)]
    assert notes and all("/32" in n for n in notes), notes
    assert "→" in text_of(calls[0]) and reload


async def test_an_upload_that_is_no_report_never_replaces_one(tmp_path):
    """A whitespace-only file, or a text with no region, under the name of a loaded report: refused
    before anything is written; the report and its answers stay."""
    service = fresh_service(tmp_path)
    seeds = service.seeds_dir
    name = sorted(p.name for p in seeds.glob("001_*.txt"))[0]  # 冀州区's report
    before = (seeds / name).read_bytes()
    async with running_bot(service, tmp_path, admin_ids=frozenset({ADMIN["id"]})) as bot:
        chat = private_chat(ADMIN)
        blank = text_of(await bot.reply_to(bot.api.push_document(chat, ADMIN, name, b" \n\t\n  ")))
        no_region = text_of(await bot.reply_to(bot.api.push_document(
            chat, ADMIN, name, "今年经济增长7%左右，财政收入增长5%。".encode())))
        reload = bot.api.push_text(chat, ADMIN, "/reload")
        reloaded = text_of(await bot.reply_to(reload, timeout=60))
        answer = await bot.ask_private(VISITOR, "冀州2022年GDP目标")
    assert blank.startswith("没有保存") and no_region.startswith("没有保存") and "地区" in no_region
    assert "移除" not in reloaded and "文档：2 → 2" in reloaded
    assert (seeds / name).read_bytes() == before
    assert "7%以上" in answer


async def test_a_replaced_report_is_kept_and_undo_brings_it_back(tmp_path):
    service = fresh_service(tmp_path)
    seeds = service.seeds_dir
    name = sorted(p.name for p in seeds.glob("001_*.txt"))[0]
    before = (seeds / name).read_bytes()
    newer = before.decode("utf-8").replace("地区生产总值增长7%以上", "地区生产总值增长8%以上").encode()
    async with running_bot(service, tmp_path, admin_ids=frozenset({ADMIN["id"]})) as bot:
        chat = private_chat(ADMIN)
        upload = bot.api.push_document(chat, ADMIN, name, newer)
        question = await bot.reply_to(upload)  # a replacement waits for the admin's yes
        assert "替换它吗" in text_of(question) and (seeds / name).read_bytes() == before
        buttons = [b for row in question.params["reply_markup"]["inline_keyboard"] for b in row]
        assert [b["text"] for b in buttons] == ["替换", "取消"]
        sent = bot.api.sent_message(question)
        bot.api.push_callback(VISITOR, sent, buttons[0]["callback_data"])  # not an admin: refused
        refused = await bot.api.wait_for("answerCallbackQuery")
        assert refused[0].params.get("text") == messages.NOT_ADMIN and (seeds / name).read_bytes() == before
        bot.api.push_callback(ADMIN, sent, buttons[0]["callback_data"])
        edited = await bot.api.wait_for("editMessageText", lambda p: p.get("message_id") == sent["message_id"])
        saved = text_of(edited[0])
        await bot.api.wait_for("sendMessage", lambda p: "已重新加载" in str(p.get("text")), timeout=60)
        replaced_answer = await bot.ask_private(VISITOR, "冀州2022年GDP目标")
        undo = bot.api.push_text(chat, ADMIN, "/undo")
        undone, _ = map(text_of, await bot.wait_replies(undo, 2, timeout=60))
        restored_answer = await bot.ask_private(VISITOR, "冀州2022年GDP目标")
        nothing = text_of(await bot.reply_to(bot.api.push_text(chat, ADMIN, "/undo")))
        visitor = text_of(await bot.reply_to(bot.api.push_text(private_chat(VISITOR), VISITOR, "/undo")))
    assert "替换" in saved and "/undo" in saved
    assert "8%以上" in replaced_answer
    assert not list((seeds / ".pending").iterdir())
    assert "恢复" in undone and (seeds / name).read_bytes() == before
    assert "7%以上" in restored_answer
    assert nothing == messages.UNDO_NOTHING and visitor == messages.NOT_ADMIN


async def test_admin_uploads_a_word_file_and_a_web_page(tmp_path):
    fixtures = Path(__file__).resolve().parent / "fixtures" / "formats"
    service = fresh_service(tmp_path)
    for p in service.seeds_dir.glob("*.txt"):
        p.unlink()  # only the uploads will hold the seed regions
    (service.seeds_dir / "999_yunxi.txt").write_text(YUNXI_REPORT, encoding="utf-8")
    service.reload()
    docx = next((fixtures / "seeds_docx").glob("001_*.docx"))
    page = next((fixtures / "seeds_html").glob("000_*.html"))
    async with running_bot(service, tmp_path, admin_ids=frozenset({ADMIN["id"]})) as bot:
        chat = private_chat(ADMIN)
        for f in (docx, page):
            await bot.wait_replies(bot.api.push_document(chat, ADMIN, f.name, f.read_bytes()), 2, timeout=90)
        jizhou = await bot.ask_private(VISITOR, "冀州2022年GDP目标")
        zaoqiang = await bot.ask_private(VISITOR, "枣强2022年GDP目标")
    assert "7%以上" in jizhou and "7%左右" in zaoqiang
    assert (service.seeds_dir / docx.name).exists() and (service.seeds_dir / page.name).exists()


async def test_admin_adds_a_report_by_link_and_bad_links_change_nothing(tmp_path):
    from web_server import Site

    service = fresh_service(tmp_path)
    for p in service.seeds_dir.glob("001_*.txt"):
        p.unlink()  # 冀州区 comes only from the link
    service.reload()
    with Site() as site:
        async with running_bot(service, tmp_path, admin_ids=frozenset({ADMIN["id"]})) as bot:
            chat = private_chat(ADMIN)
            assert "7%以上" not in await bot.ask_private(VISITOR, "冀州2022年GDP目标")
            usage = text_of(await bot.reply_to(bot.api.push_text(chat, ADMIN, "/add")))
            add = bot.api.push_text(chat, ADMIN, "/add " + site.url("/art/2022/1/25/t20220125_jz.html"))
            note, report = map(text_of, await bot.wait_replies(add, 2, timeout=60))
            saved = await bot.api.wait_for("editMessageText", lambda p: "已保存" in p["text"])
            answer = await bot.ask_private(VISITOR, "冀州2022年GDP目标")
            # a bare link in the private chat works like /add; a dead one is said to be dead
            dead = bot.api.push_text(chat, ADMIN, site.url("/gone.html"))
            await bot.reply_to(dead)
            failed = await bot.api.wait_for("editMessageText", lambda p: "没有添加" in p["text"])
            # a visitor's link or /add is not fetched at all
            hits = len(site.hits)
            visitor_link = text_of(await bot.reply_to(bot.api.push_text(
                private_chat(VISITOR), VISITOR, site.url("/files/jz.txt"))))
            visitor_add = text_of(await bot.reply_to(bot.api.push_text(
                private_chat(VISITOR), VISITOR, "/add " + site.url("/files/jz.txt"))))
            await bot.settle()
    assert usage == messages.ADD_USAGE
    assert "正在下载" in note and "→" in report
    assert "冀州区2022_t20220125_jz.html" in saved[0].params["text"]
    assert "7%以上" in answer
    assert "404" in failed[0].params["text"] and "知识库没有变化" in failed[0].params["text"]
    assert len(bot.replies_to(dead)) == 1  # no reload after a failed fetch
    assert "管理员" in visitor_link and visitor_add == messages.NOT_ADMIN and len(site.hits) == hits
    assert sorted(p.name for p in service.seeds_dir.iterdir() if not p.name.startswith(".")) == sorted(
        [p.name for p in service.seeds_dir.glob("000_*")] + ["冀州区2022_t20220125_jz.html"])
