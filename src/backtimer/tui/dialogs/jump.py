"""Pick any exercise of the running routine to go to."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option


class JumpScreen(ModalScreen[int | None]):
    """A list of the routine's exercises; Enter goes to the highlighted one."""

    BINDINGS = [Binding("escape", "dismiss(None)", "Cancel")]

    def __init__(
        self, names: list[str], current: int, stopped: frozenset[int] = frozenset()
    ) -> None:
        super().__init__()
        self._names = names
        self._current = current
        self._stopped = stopped
        """Exercises stopped for pain today: listed, but they cannot be chosen."""

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Static(
                "Go to which exercise? Sets already done stay saved.", classes="dialog-text"
            )
            yield OptionList(
                *(
                    Option(
                        Content(
                            f"{i + 1}. {name}"
                            + ("  (stopped for pain today)" if i in self._stopped else "")
                        ),
                        id=str(i),
                        disabled=i in self._stopped,
                    )
                    for i, name in enumerate(self._names)
                ),
                id="jump-list",
            )

    def on_mount(self) -> None:
        self.query_one("#jump-list", OptionList).highlighted = self._current

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.dismiss(event.option_index)
