"""The text checks of the one TOML checker: text, ids and lists of texts.

`Checker` (in `checker`) inherits these; they record problems through its `error` and
`expected`. A checker made with `refuse_control=True` (routines, config: files a person writes)
refuses control characters in every text (`domain.text`), so none reaches a terminal.
"""

from __future__ import annotations

from typing import Any

from backtimer.domain.text import describe_control, first_control
from backtimer.domain.vocabulary import is_id
from backtimer.storage.toml.keys import KeyPath
from backtimer.storage.toml.problem import MISSING

ID_WORDS = "an id of lower-case letters, digits, '-' or '_' (at most 64)"


class TextChecks:
    """Text, ids and lists of texts, checked; the rest of `Checker` supplies the recording."""

    max_text: int | None
    """The longest text value accepted, or None for no limit."""
    refuse_control: bool
    """Whether text holding a control character is an error."""

    def error(self, path: KeyPath, message: str) -> None:
        """Record that the key at `path` is wrong, and why (see `Checker.error`)."""
        raise NotImplementedError

    def expected(self, path: KeyPath, expected: str, found: Any) -> None:
        """Record `expected <expected>, found <found>` (see `Checker.expected`)."""
        raise NotImplementedError

    def _control(self, where: KeyPath, value: str, *, paragraph: bool = False) -> bool:
        """True, and a problem recorded, when `value` holds a control character this file refuses."""
        if not self.refuse_control:
            return False
        index = first_control(value, paragraph=paragraph)
        if index is None:
            return False
        self.error(
            where,
            f"expected text without control characters, found {describe_control(value[index])} "
            f"at character {index + 1}",
        )
        return True

    def text(
        self,
        table: dict[str, Any],
        path: KeyPath,
        key: str,
        default: Any = MISSING,
        *,
        allow_empty: bool = True,
        strip: bool = True,
        paragraph: bool = False,
    ) -> str | None:
        """A text value (stripped of surrounding blanks unless `strip=False`).

        With `paragraph=True` it may hold line breaks and tabs, which even a checker that refuses
        control characters then accepts.
        """
        value = table.get(key, default)
        if value is MISSING:
            self.expected((*path, key), "text", MISSING)
            return None
        if value is None:
            return None
        if not isinstance(value, str):
            self.expected((*path, key), "text in quotes", value)
            return None
        if self.max_text is not None and len(value) > self.max_text:
            self.error(
                (*path, key), f"expected at most {self.max_text} characters, found {len(value)}"
            )
            return None
        if not allow_empty and not value.strip():
            self.expected((*path, key), "text that is not empty", value)
            return None
        if self._control((*path, key), value, paragraph=paragraph):
            return None
        return value.strip() if strip else value

    def identifier(
        self, table: dict[str, Any], path: KeyPath, key: str = "id", default: Any = MISSING
    ) -> str | None:
        """An id: lower-case letters, digits, `-` and `_` (the one id pattern)."""
        value = table.get(key, default)
        # Text that is no id says so, whatever characters it holds.
        if isinstance(value, str) and not is_id(value):
            self.expected((*path, key), ID_WORDS, value)
            return None
        if self.text(table, path, key, default) is None:
            return None
        return str(value)

    def text_list(
        self,
        table: dict[str, Any],
        path: KeyPath,
        key: str,
        expected: str,
        default: Any = MISSING,
    ) -> list[str] | None:
        """A list of texts; `expected` says what the list is for, with an example."""
        value = table.get(key, default)
        if value is None:
            return None
        if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
            self.expected((*path, key), expected, value)
            return None
        refused = [self._control((*path, key, i), item) for i, item in enumerate(value)]
        return None if any(refused) else value

    def short_texts(
        self,
        table: dict[str, Any],
        path: KeyPath,
        key: str,
        *,
        longest: int,
        most: int,
        example: str,
    ) -> tuple[str, ...] | None:
        """A list of at most `most` non-empty texts of at most `longest` characters each."""
        value = table.get(key, [])
        if not isinstance(value, list):
            self.expected((*path, key), f"a list of short texts, like {example}", value)
            return None
        if len(value) > most:
            self.error((*path, key), f"expected at most {most} items, found {len(value)}")
            return None
        items: list[str] = []
        for index, item in enumerate(value):
            where = (*path, key, index)
            if not isinstance(item, str):
                self.expected(where, "text in quotes", item)
            elif not item.strip():
                self.expected(where, "text that is not empty", item)
            elif len(item.strip()) > longest:
                found = len(item.strip())
                self.error(where, f"expected at most {longest} characters, found {found}")
            elif not self._control(where, item):
                items.append(item.strip())
        return tuple(items) if len(items) == len(value) else None
