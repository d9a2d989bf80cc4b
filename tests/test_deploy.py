"""The deployment files of the README, run as far as this machine allows: the systemd unit's
command in the layout the unit sets up, the Dockerfile's command in the layout the image has
(and `docker build` itself where a Docker daemon answers)."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from bot_harness import REPO, env_without_proxies

UNIT = REPO / "deploy" / "gov-report-bot.service"
DOCKERFILE = REPO / "Dockerfile"


def _unit() -> dict[str, list[str]]:
    keys: dict[str, list[str]] = {}
    for line in UNIT.read_text(encoding="utf-8").splitlines():
        if "=" in line and not line.startswith(("#", "[")):
            k, _, v = line.partition("=")
            keys.setdefault(k.strip(), []).append(v.strip())
    return keys


def _env_file(path: Path) -> dict[str, str]:
    out = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        if line and not line.startswith("#") and "=" in line:
            k, _, v = line.partition("=")
            out[k] = v
    return out


def test_systemd_unit_runs_the_bot_from_its_working_directory(tmp_path):
    unit = _unit()
    exec_start = unit["ExecStart"][0].split()
    assert exec_start[1:] == ["-m", "bot"]
    assert unit["KillSignal"] == ["SIGTERM"] and unit["Restart"] == ["on-failure"]
    # the layout the install lines create: a working directory holding seeds/, the env file from
    # .env.example (relative KB_PATH and SEEDS_DIR resolve inside it)
    work = tmp_path / "var-lib"
    shutil.copytree(REPO / "seeds", work / "seeds")
    env = env_without_proxies(PYTHONPATH=str(REPO), **_env_file(REPO / ".env.example"))
    env["TELEGRAM_BOT_TOKEN"] = ""  # the console stands in for Telegram here
    done = subprocess.run([sys.executable, *exec_start[1:]], input="冀州2022年GDP目标\n", capture_output=True,
                          text=True, encoding="utf-8", cwd=work, env=env, timeout=180)
    assert done.returncode == 0, done.stderr
    assert "7%以上" in done.stdout
    assert (work / "data" / "knowledge.db").exists()  # the base lives in the writable directory
    for path in unit["ReadWritePaths"]:
        assert unit["WorkingDirectory"][0].startswith(path)


def test_systemd_unit_parses(tmp_path):
    if shutil.which("systemd-analyze") is None:
        pytest.skip("systemd-analyze is not installed")
    text = UNIT.read_text(encoding="utf-8").replace("/opt/gov-report-bot/.venv/bin/python", sys.executable)
    copy = tmp_path / "gov-report-bot.service"
    copy.write_text(text, encoding="utf-8")
    done = subprocess.run(["systemd-analyze", "verify", str(copy)], capture_output=True, text=True, timeout=60)
    problems = [line for line in (done.stdout + done.stderr).splitlines()
                if "gov-report-bot" in line and "User" not in line and "EnvironmentFile" not in line]
    assert not problems, problems


def test_dockerfile_command_in_the_image_layout(tmp_path):
    text = DOCKERFILE.read_text(encoding="utf-8")
    assert re.search(r'^CMD \["python", "-m", "bot"\]$', text, re.M)
    assert re.search(r"^RUN pip install \. ", text, re.M)
    env_block = re.search(r"^ENV (.+?)(?=^\S)", text, re.M | re.S).group(1)
    image_env = dict(re.findall(r"(\w+)=(\S+)", env_block))
    image_env.pop("PYTHONUNBUFFERED", None)  # set by the harness too
    copies = re.findall(r"^COPY (\S+) (\S+)$", text, re.M)
    app, data = tmp_path / "app", tmp_path / "data"
    for src, dst in copies:
        assert (REPO / src).exists(), src
        target = Path(str(tmp_path) + dst) if dst.startswith("/") else app / dst
        if (REPO / src).is_dir():
            shutil.copytree(REPO / src, target if dst not in ("./",) else app / src)
        else:
            app.mkdir(parents=True, exist_ok=True)
            shutil.copy(REPO / src, app / src)
    env = env_without_proxies(PYTHONPATH=str(app), TELEGRAM_BOT_TOKEN="",
                              **{k: v.replace("/data", str(data)) for k, v in image_env.items()})
    done = subprocess.run([sys.executable, "-m", "bot"], input="枣强2022年GDP目标\n", capture_output=True, text=True,
                          encoding="utf-8", cwd=app, env=env, timeout=180)
    assert done.returncode == 0, done.stderr
    assert "7%左右" in done.stdout
    assert (data / "knowledge.db").exists()  # on the volume, not in the image's /app


def test_dockerfile_builds_where_docker_runs():
    if shutil.which("docker") is None or subprocess.run(["docker", "info"], capture_output=True,
                                                         timeout=30).returncode != 0:
        pytest.skip("no Docker daemon on this machine")
    done = subprocess.run(["docker", "build", "-q", "-t", "gov-report-bot-test", str(REPO)], capture_output=True,
                          text=True, timeout=1200)
    assert done.returncode == 0, done.stderr[-2000:]
