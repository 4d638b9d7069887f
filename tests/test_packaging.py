"""A plain, non-editable install of the wheel carries its data and runs."""

from __future__ import annotations

import contextlib
import json
import os
import pty
import select
import subprocess
import sys
import sysconfig
import time
import venv
from pathlib import Path

import pytest

from tests.conftest import REPO


@pytest.fixture(scope="module")
def wheel_venv(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A fresh venv with the built wheel installed (dependencies borrowed from ours)."""
    root = tmp_path_factory.mktemp("wheel")
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--no-deps",
            "--quiet",
            "-w",
            str(root / "dist"),
            str(REPO),
        ],
        check=True,
    )
    (wheel,) = (root / "dist").glob("peer_matchmaker-*.whl")
    env_dir = root / "venv"
    venv.EnvBuilder(with_pip=False).create(env_dir)
    python = env_dir / "bin" / "python"
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "--python",
            str(python),
            "install",
            "--no-deps",
            "--quiet",
            str(wheel),
        ],
        check=True,
    )
    site = subprocess.run(
        [str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    # Our installed dependencies, appended after the venv's own site-packages.
    ours = {sysconfig.get_paths()["purelib"], sysconfig.get_paths()["platlib"]}
    Path(site, "borrowed_deps.pth").write_text("\n".join(sorted(ours)) + "\n")
    return env_dir


def run(env_dir: Path, *args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    return subprocess.run(
        [str(env_dir / "bin" / args[0]), *args[1:]],
        capture_output=True,
        text=True,
        cwd=cwd,
        env=env,
        timeout=60,
    )


@pytest.mark.slow
def test_installed_wheel_runs_commands_from_its_own_copy(wheel_venv: Path, tmp_path: Path) -> None:
    where = run(
        wheel_venv,
        "python",
        "-c",
        "import matchmaker, matchmaker.data; print(matchmaker.data.__file__)",
        cwd=tmp_path,
    )
    assert str(wheel_venv) in where.stdout, where.stderr
    result = run(wheel_venv, "matchmaker", "motivations", "--format", "json", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert len(json.loads(result.stdout)["motivations"]) == 20
    result = run(wheel_venv, "python", "-m", "matchmaker", "--version", cwd=tmp_path)
    assert result.returncode == 0 and "matchmaker" in result.stdout


@pytest.mark.slow
def test_installed_wheel_opens_the_demo_in_a_terminal(wheel_venv: Path, tmp_path: Path) -> None:
    """`matchmaker demo` in a real pseudo-terminal: the demo event shows, ctrl+q quits cleanly."""
    pid, fd = pty.fork()
    if pid == 0:  # the child becomes the app
        os.chdir(tmp_path)
        os.environ.update(TERM="xterm-256color", COLUMNS="120", LINES="40")
        os.execv(str(wheel_venv / "bin" / "matchmaker"), ["matchmaker", "demo"])
    screen = b""
    deadline = time.monotonic() + 30
    while b"Noor Haddad" not in screen and time.monotonic() < deadline:
        if select.select([fd], [], [], 0.5)[0]:
            try:
                screen += os.read(fd, 65536)
            except OSError:
                break
    assert b"Noor Haddad" in screen, screen[-2000:]
    os.write(fd, b"\x11")  # ctrl+q
    deadline = time.monotonic() + 15
    status = None
    while time.monotonic() < deadline:
        if select.select([fd], [], [], 0.2)[0]:
            with contextlib.suppress(OSError):
                os.read(fd, 65536)
        done, status = os.waitpid(pid, os.WNOHANG)
        if done:
            break
    else:
        os.kill(pid, 9)
    assert status is not None and os.WIFEXITED(status) and os.WEXITSTATUS(status) == 0
