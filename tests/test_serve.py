"""`backtimer serve`: the app in a browser, reachable only with the printed token."""

from __future__ import annotations

import io
import re
import shlex
import socket
import subprocess
import sys
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from backtimer.cli.main import main
from backtimer.cli.serve import app_command
from backtimer.storage.paths import Dirs
from tests.support.served import Served, serving


def status(url: str) -> int:
    """The HTTP status of a GET, 4xx and 5xx included."""
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            code: int = response.status
    except urllib.error.HTTPError as error:
        return error.code
    return code


def test_serve_without_the_extra_says_how_to_install_it(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    # None in sys.modules makes the import fail, as when textual-serve is not installed.
    monkeypatch.setitem(sys.modules, "backtimer.cli.serve_web", None)
    code = main(["serve"])
    err = capsys.readouterr().err
    assert code == 1
    assert "pip install 'backtimer[serve]'" in err
    assert "Traceback" not in err


def test_the_served_app_gets_the_same_folders_and_quiet_whatever_their_names(
    tmp_path: Path,
) -> None:
    """textual-serve hands the command to a shell: hostile folder names stay one argument each."""
    data = tmp_path / "my data; touch pwned $(id) `id` 'x\""
    config = tmp_path / "conf dir&"
    command = app_command(Dirs(config=config, data=data), quiet=True)
    assert shlex.split(command) == [
        sys.executable,
        "-m",
        "backtimer",
        "--data-dir",
        str(data.resolve()),
        "--config-dir",
        str(config.resolve()),
        "--quiet",
    ]


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Served]:
    pytest.importorskip("textual_serve", reason="the serve extra (textual-serve) is not installed")
    with serving(tmp_path_factory.mktemp("serve")) as running:
        yield running


def test_serve_listens_on_localhost_by_default(served: Served) -> None:
    assert served.url.startswith("http://127.0.0.1:")


def test_every_request_without_the_token_is_refused(served: Served) -> None:
    """The page, its scripts and the websocket: 403 unless the address carries the token."""
    token = served.url.removeprefix(served.origin).strip("/")
    for path in ("/", "/ws", "/static/js/textual.js", "/download/x", f"/{token[:-1]}/", "/x/ws"):
        assert status(served.origin + path) == 403, path
    assert status(served.url) == 200
    assert status(served.url + "static/js/textual.js") == 200


def test_the_served_page_links_only_to_addresses_with_the_token(served: Served) -> None:
    with urllib.request.urlopen(served.url, timeout=10) as response:
        page = response.read().decode()
    assert "fonts.googleapis.com" not in page
    # Every address the page loads (not the SVG namespace, which is only a name).
    links = [
        link
        for link in re.findall(r"(?:https?|wss?)://[^\"')\s]+", page)
        if not link.startswith("http://www.w3.org/")
    ]
    assert len(links) >= 3  # style sheet, script, websocket
    where = served.url.split("//", 1)[1]
    for link in links:
        assert link.split("//", 1)[1].startswith(where), link


def started_servers(monkeypatch: pytest.MonkeyPatch, *argvs: list[str]) -> list[Any]:
    """The servers `backtimer serve ARGS` would start, without listening."""
    pytest.importorskip("textual_serve", reason="the serve extra (textual-serve) is not installed")
    from backtimer.cli.serve_web import TokenServer

    servers: list[Any] = []
    monkeypatch.setattr(TokenServer, "serve", lambda self, debug=False: servers.append(self))
    monkeypatch.setattr("backtimer.cli.serve.lan_address", lambda: "192.168.1.23")
    for argv in argvs:
        assert main(argv) == 0
    return servers


def test_host_opens_serve_to_the_network_and_prints_the_address_as_a_qr_code(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    import segno

    (server,) = started_servers(monkeypatch, ["serve", "--host"])
    assert server.host == "0.0.0.0"
    assert server.url.startswith("http://192.168.1.23:8421/")
    server.print_address()
    out = capsys.readouterr().out
    assert server.url in out
    code = io.StringIO()
    segno.make(server.url, error="m").terminal(out=code, compact=True)
    assert code.getvalue() in out


def test_serve_stays_on_this_computer_without_host_and_each_start_has_a_new_token(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    first, second = started_servers(monkeypatch, ["serve"], ["--quiet", "serve"])
    assert first.host == "127.0.0.1"
    assert first.url.startswith("http://127.0.0.1:8421/")
    assert first.token != second.token
    assert len(first.token) >= 32
    assert "--quiet" not in shlex.split(first.command)
    assert "--quiet" in shlex.split(second.command)
    first.print_address()
    assert "█" not in capsys.readouterr().out  # no QR code for an address a phone cannot reach


def test_a_port_in_use_is_reported_without_printing_an_address(tmp_path: Path) -> None:
    pytest.importorskip("textual_serve", reason="the serve extra (textual-serve) is not installed")
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        done = subprocess.run(
            [
                sys.executable,
                "-m",
                "backtimer",
                "--data-dir",
                str(tmp_path),
                "serve",
                "--port",
                str(port),
            ],
            capture_output=True,
            text=True,
            timeout=30,
        )
    assert done.returncode == 1
    assert f"cannot listen on 127.0.0.1:{port}" in done.stderr
    assert "http://" not in done.stdout
    assert "Traceback" not in done.stderr
