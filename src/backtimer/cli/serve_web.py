"""The web server behind `backtimer serve`: textual-serve's, with every address behind a token.

Imported only by `backtimer serve`, and only when the serve extra is installed: importing this
module raises ImportError otherwise, which the command turns into a message.
"""

from __future__ import annotations

import asyncio
import contextlib
import secrets
import signal
import sys
from pathlib import Path

import segno
from aiohttp import web
from aiohttp.typedefs import Handler
from textual_serve.server import Server


class TokenServer(Server):
    """textual-serve's server, mounted under `/TOKEN/`; any other request gets 403.

    The page's own links (scripts, styles, the websocket) are built by aiohttp from the mounted
    routes, so they carry the token too and the browser needs nothing else."""

    def __init__(
        self, command: str, *, host: str, port: int, token: str, url: str, show_qr: bool
    ) -> None:
        origin = url.removesuffix(f"{token}/").removesuffix("/")
        super().__init__(
            command,
            host=host,
            port=port,
            title="backtimer",
            public_url=origin,
            # textual-serve's page with a phone-width viewport and no font from another site.
            templates_path=Path(__file__).with_name("serve_templates"),
        )
        self.token = token
        self.url = url
        self.show_qr = show_qr

    async def _make_app(self) -> web.Application:
        served = await super()._make_app()
        root = web.Application(middlewares=[self._require_token])
        root.add_subapp(f"/{self.token}", served)
        root.on_response_prepare.append(_private_headers)
        return root

    @web.middleware
    async def _require_token(self, request: web.Request, handler: Handler) -> web.StreamResponse:
        first = request.path.split("/", 2)[1] if request.path.startswith("/") else ""
        if not secrets.compare_digest(first.encode(), self.token.encode()):
            raise web.HTTPForbidden(text="403: this address needs the token backtimer printed.\n")
        return await handler(request)

    def serve(self, debug: bool = False) -> None:
        """textual-serve's `serve`, but the address is printed once the port is bound: a port
        already in use then fails with no address printed."""
        self.debug = debug
        self.initialize_logging()
        loop = asyncio.new_event_loop()
        with contextlib.suppress(NotImplementedError):  # no signal handlers on Windows
            loop.add_signal_handler(signal.SIGINT, self.request_exit)
            loop.add_signal_handler(signal.SIGTERM, self.request_exit)
        web.run_app(
            self._make_app(),
            host=self.host,
            port=self.port,
            handle_signals=False,
            loop=loop,
            print=lambda _message: self.print_address(),
        )

    async def on_startup(self, app: web.Application) -> None:
        """Nothing: textual-serve's banner would name the command, and come before the port is
        bound (`print_address` comes after)."""

    def print_address(self) -> None:
        """Print the address (and a QR code of it for a phone)."""
        out = sys.stdout
        print("backtimer is served at:", file=out)
        print(f"    {self.url}", file=out)
        if self.show_qr:
            print("Point the phone's camera at this code (same network):", file=out)
            segno.make(self.url, error="m").terminal(out=out, compact=True)
        print(
            "The app runs on this computer: history and speech stay here. "
            "Anyone with this address can use it. Ctrl+C stops serving.",
            file=out,
            flush=True,
        )


async def _private_headers(request: web.Request, response: web.StreamResponse) -> None:
    """Keep the address (and its token) out of caches and out of other sites' Referer."""
    response.headers["Cache-Control"] = "no-store"
    response.headers["Referrer-Policy"] = "no-referrer"
