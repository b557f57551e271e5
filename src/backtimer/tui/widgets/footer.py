"""A Footer that rebuilds its keys only when the keys it shows have changed.

Textual's `Footer` recomposes, mounting every key anew, each time the screen's bindings are
refreshed: on every focus change and screen push, so several times while a screen opens. On
the stats screen that was a quarter of the time to the first picture. The keys shown depend
only on the active bindings, so a refresh that leaves them as they are is skipped.
"""

from __future__ import annotations

from textual.widgets import Footer

KeysShown = tuple[tuple[str, str, str, bool, str], ...]


class QuietFooter(Footer):
    """`Footer`, recomposed only when the keys it would show differ from those it shows."""

    def __init__(
        self, *, id: str | None = None, compact: bool = False, show_command_palette: bool = True
    ) -> None:
        super().__init__(id=id, compact=compact, show_command_palette=show_command_palette)
        self._keys_shown: KeysShown | None = None

    def keys_to_show(self) -> KeysShown:
        """(key, key as shown, description, enabled, tooltip) of every binding on show."""
        app = self.app
        return tuple(
            (binding.key, app.get_key_display(binding), binding.description, enabled, tooltip)
            for (_, binding, enabled, tooltip) in self.screen.active_bindings.values()
            if binding.show
        )

    async def recompose(self) -> None:
        """Recompose, unless the same keys are on show already."""
        if not self.is_attached:
            return
        keys = self.keys_to_show()
        if keys == self._keys_shown and self.children:
            return
        self._keys_shown = keys
        await super().recompose()
