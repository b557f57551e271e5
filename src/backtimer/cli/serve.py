"""`backtimer serve`: the full-screen app in a web browser, such as a phone's beside the chair.

textual-serve runs the app here, on this computer, one process per open page, and streams its
screen to the browser; the browser only draws the screen and sends keys back. So history, settings
and speech never leave the computer.

Every address the server answers starts with a random token (`http://HOST:PORT/TOKEN/`): the page,
its scripts and its websocket. Any other request is refused with 403, on 127.0.0.1 too, so another
user of this computer or a web page open in a browser cannot reach the app without the address.
"""

from __future__ import annotations

import argparse
import secrets
import shlex
import socket
import subprocess
import sys
from typing import TYPE_CHECKING, Any

from backtimer.cli.common import EXIT_OK

if TYPE_CHECKING:
    from backtimer.storage.paths import Dirs

EXIT_MISSING: int = 1
DEFAULT_PORT = 8421
LOCAL_HOST = "127.0.0.1"
ALL_ADDRESSES = "0.0.0.0"
MISSING_EXTRA = (
    "backtimer: `backtimer serve` needs the optional serve extra (textual-serve and segno).\n"
    "Install it with:  pip install 'backtimer[serve]'\n"
    "(from a clone: .venv/bin/pip install -e '.[serve]'; with pipx: "
    "pipx inject backtimer textual-serve segno)"
)


def app_command(dirs: Dirs, *, quiet: bool) -> str:
    """The command textual-serve runs for each page: this Python and this backtimer, on the
    same folders and options. textual-serve hands it to a shell, so every part is quoted."""
    argv = [
        sys.executable,
        "-m",
        "backtimer",
        "--data-dir",
        str(dirs.data.resolve()),
        "--config-dir",
        str(dirs.config.resolve()),
    ]
    if quiet:
        argv.append("--quiet")
    if sys.platform == "win32":
        return subprocess.list2cmdline(argv)
    return shlex.join(argv)


def lan_address() -> str:
    """This computer's address on the local network, for the printed link and QR code.

    Connecting a UDP socket only picks the outgoing interface: no packet is sent."""
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as probe:
        try:
            probe.connect(("10.255.255.255", 1))
            address: str = probe.getsockname()[0]
        except OSError:
            return LOCAL_HOST
    return address


def served_url(host: str, port: int, token: str) -> str:
    """The address to open: host (the LAN address when listening on all), port and token."""
    shown = lan_address() if host in (ALL_ADDRESSES, "", "::") else host
    if ":" in shown:  # an IPv6 address goes in brackets
        shown = f"[{shown}]"
    return f"http://{shown}:{port}/{token}/"


def cmd_serve(args: argparse.Namespace, dirs: Dirs) -> int:
    """Serve the app on 127.0.0.1 (or the local network with --host) until Ctrl+C."""
    try:
        from backtimer.cli.serve_web import TokenServer
    except ImportError:
        print(MISSING_EXTRA, file=sys.stderr)
        return EXIT_MISSING
    token = secrets.token_urlsafe(24)
    url = served_url(args.host, args.port, token)
    server = TokenServer(
        app_command(dirs, quiet=args.quiet or args.quiet_app),
        host=args.host,
        port=args.port,
        token=token,
        url=url,
        show_qr=args.host != LOCAL_HOST,
    )
    try:
        server.serve()
    except OSError as error:
        print(f"backtimer: cannot listen on {args.host}:{args.port}: {error}", file=sys.stderr)
        return EXIT_MISSING
    return EXIT_OK


def _port(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a port number, found {text!r}") from None
    if not 1 <= value <= 65535:
        raise argparse.ArgumentTypeError(f"expected a port from 1 to 65535, found {value}")
    return value


def add_commands(sub: Any) -> None:
    """Register `serve`."""
    serve = sub.add_parser(
        "serve",
        help="open the app in a web browser (a phone's, on the local network with --host)",
        description="Serve the full-screen app to a web browser. The app runs on this computer: "
        "history, settings and speech stay here; the browser shows the screen and sends keys. "
        "Listens on 127.0.0.1 unless --host is given. The printed address carries a random "
        "token; every request without it is refused. Needs the serve extra: "
        "pip install 'backtimer[serve]'.",
    )
    serve.add_argument(
        "--host",
        nargs="?",
        const=ALL_ADDRESSES,
        default=LOCAL_HOST,
        metavar="ADDRESS",
        help="listen on the local network (all addresses, or ADDRESS) and print a QR code "
        "of the address for a phone's camera",
    )
    serve.add_argument(
        "--port", type=_port, default=DEFAULT_PORT, help=f"port (default {DEFAULT_PORT})"
    )
    serve.add_argument("--quiet", action="store_true", help="no sound in sessions started there")
    serve.set_defaults(func=cmd_serve)
