"""A local web site on 127.0.0.1 for the fetch tests: report pages and files, redirects, errors, a
page that hangs and a body larger than it says."""

from __future__ import annotations

import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

FIX = Path(__file__).resolve().parent / "fixtures" / "formats"
SEEDS = Path(__file__).resolve().parent.parent / "seeds"


def _file(folder: str, prefix: str) -> bytes:
    return next((FIX / folder).glob(f"{prefix}_*")).read_bytes()


class Site:
    """`with Site() as site: site.url("/a.html")`. Routes: path → (status, headers, body)."""

    def __init__(self) -> None:
        self.routes: dict[str, tuple[int, dict[str, str], bytes]] = {
            "/art/2022/1/25/t20220125_jz.html": (200, {"Content-Type": "text/html"}, _file("seeds_html", "001")),
            "/gk/zq/index.html": (200, {"Content-Type": "text/html; charset=gbk"}, _file("seeds_html", "000")),
            "/files/jz2022.pdf": (200, {"Content-Type": "application/pdf"}, _file("seeds_pdf", "001")),
            "/files/zq2022.docx": (200, {"Content-Type": "application/octet-stream"}, _file("seeds_docx", "000")),
            "/files/jz.txt": (200, {"Content-Type": "text/plain; charset=utf-8"},
                              next(SEEDS.glob("001_*.txt")).read_bytes()),
            "/news/weather.html": (200, {"Content-Type": "text/html; charset=utf-8"},
                                   "<html><head><title>天气预报</title></head><body><p>今天晴，最高气温二十度。"
                                   "明天多云转小雨，请注意出行安全。</p></body></html>".encode()),
            "/img/cover.png": (200, {"Content-Type": "image/png"}, b"\x89PNG\r\n\x1a\n" + b"\0" * 200),
            "/files/old.doc": (200, {"Content-Type": "application/msword"}, (FIX / "old.doc").read_bytes()),
            "/gone.html": (404, {"Content-Type": "text/html"}, b"<html><body>404 Not Found</body></html>"),
            "/broken.html": (500, {"Content-Type": "text/html"}, b"<html><body>error</body></html>"),
        }
        self.redirects = {"/short/jz": "/art/2022/1/25/t20220125_jz.html", "/loop": "/loop"}
        self.hits: list[str] = []
        site = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args) -> None:  # quiet
                pass

            def do_GET(self) -> None:  # noqa: N802 — the http.server API
                site.hits.append(self.path)
                if self.path in site.redirects:
                    self.send_response(302)
                    self.send_header("Location", site.redirects[self.path])
                    self.end_headers()
                    return
                if self.path == "/slow.html":
                    time.sleep(3)
                    return
                if self.path == "/huge.pdf":  # says nothing about its size, then never ends
                    self.send_response(200)
                    self.send_header("Content-Type", "application/pdf")
                    self.end_headers()
                    try:
                        for _ in range(1000):
                            self.wfile.write(b"%PDF" + b"x" * 65532)
                    except OSError:
                        pass
                    return
                if self.path == "/declared-huge.pdf":
                    self.send_response(200)
                    self.send_header("Content-Type", "application/pdf")
                    self.send_header("Content-Length", str(500 * 2**20))
                    self.end_headers()
                    return
                status, headers, body = site.routes.get(self.path, (404, {}, b"not found"))
                self.send_response(status)
                for k, v in headers.items():
                    self.send_header(k, v)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.server.server_address[1]}{path}"

    def __enter__(self) -> "Site":
        self.thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self.server.shutdown()
        self.server.server_close()
