"""Pick one of today's rotation picks to swap for the next exercise in the rotation."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import datetime
from typing import TYPE_CHECKING

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

if TYPE_CHECKING:
    from backtimer.domain.rotation import Pick
    from backtimer.storage.paths import Dirs


class SwapScreen(ModalScreen[bool]):
    """Today's picks; Enter swaps the highlighted one and saves it for today (True once done)."""

    BINDINGS = [Binding("escape", "dismiss(False)", "Cancel")]

    def __init__(self, picks: Sequence[Pick], dirs: Dirs, now: Callable[[], datetime]) -> None:
        super().__init__()
        self._picks = tuple(picks)
        self._dirs = dirs
        self._now = now

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Static(
                "Swap which of today's exercises? The next one in the rotation takes its "
                "place for today.",
                classes="dialog-text",
            )
            yield OptionList(
                *(Option(Content(p.name), id=p.key) for p in self._picks), id="swap-list"
            )

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        if event.option.id is not None:
            self._swap(event.option.id)

    @work(thread=True, exclusive=True, group="swap")
    def _swap(self, key: str) -> None:
        from backtimer.services.rotation import swap_pick

        result = swap_pick(self._dirs, key, now=self._now())
        if result.error or result.out is None or result.into is None:
            self.app.call_from_thread(
                self.app.notify, result.error, title="Not swapped", severity="warning"
            )
            self.app.call_from_thread(self.dismiss, False)
            return
        message = f"Swapped {result.out.name} for {result.into.name}, for today."
        self.app.call_from_thread(self.app.notify, message, timeout=6)
        self.app.call_from_thread(self.dismiss, True)
