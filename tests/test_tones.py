"""Tones between speech and the bell: heard without speech software, never through a shell."""

from __future__ import annotations

import io
import stat
import sys
import wave
from pathlib import Path

from backtimer.domain.tones import TUNES, Tone, samples, wav_bytes
from backtimer.engine import Cue, CueKind
from backtimer.services.cues import Dispatcher, build_outputs, speech_status
from backtimer.services.tone_output import ToneOutput, find_player, tone_for
from backtimer.storage.config import Config


class Bells:
    def __init__(self) -> None:
        self.rung = 0

    def __call__(self) -> None:
        self.rung += 1


def only(*programs: str):  # type: ignore[no-untyped-def]
    def which(name: str) -> str | None:
        return f"/usr/bin/{name}" if name in programs else None

    return which


def fake_player(folder: Path) -> tuple[Path, Path]:
    """A sound player that records the file it was asked to play, one line each."""
    log = folder / "played.txt"
    player = folder / "fake-player"
    player.write_text(
        f"#!{sys.executable}\nimport sys\nopen({str(log)!r}, 'a').write(sys.argv[-1] + '\\n')\n"
    )
    player.chmod(player.stat().st_mode | stat.S_IXUSR)
    return player, log


def test_each_tone_is_a_short_valid_wav() -> None:
    for tone in Tone:
        with wave.open(io.BytesIO(wav_bytes(tone))) as read:
            assert read.getnchannels() == 1 and read.getsampwidth() == 2
            seconds = read.getnframes() / read.getframerate()
        assert 0.05 <= seconds <= 0.6, tone


def test_the_four_tones_sound_different() -> None:
    """Start, the last three seconds, end and switch sides must be told apart by ear."""
    tunes = {tone: tuple((note.hz, note.seconds) for note in TUNES[tone]) for tone in Tone}
    assert len(set(tunes.values())) == 4
    start, end = TUNES[Tone.START], TUNES[Tone.END]
    assert start[0].hz < start[-1].hz  # rises
    assert end[0].hz > end[-1].hz  # falls


def test_notes_fade_in_and_out_without_a_click() -> None:
    data = samples(TUNES[Tone.COUNT])
    assert abs(data[0]) < 200 and abs(data[-1]) < 200
    assert max(abs(value) for value in data) > 10_000


def test_cues_map_to_their_tones() -> None:
    assert tone_for(CueKind.START) is Tone.START
    assert tone_for(CueKind.COUNT) is Tone.COUNT
    assert tone_for(CueKind.END) is Tone.END
    assert tone_for(CueKind.SWITCH) is Tone.SWITCH
    assert tone_for(CueKind.ANNOUNCE) is None  # a name has no tone: it would mean nothing


def test_the_first_player_found_is_used() -> None:
    assert find_player(only("aplay", "paplay")) == ["/usr/bin/paplay"]
    assert find_player(only("aplay")) == ["/usr/bin/aplay", "-q"]
    assert find_player(only()) is None


def test_without_speech_tones_come_before_the_bell() -> None:
    bells = Bells()
    choice = build_outputs(Config(), bells, quiet=False, which=only("pw-play"))
    (tones,) = choice.outputs
    assert isinstance(tones, ToneOutput)
    assert [output.name for output in choice.fallbacks] == ["bell"]
    tones.close(kill=True)
    quiet = build_outputs(Config(tone=False), bells, quiet=False, which=only("pw-play"))
    assert [output.name for output in quiet.outputs] == ["bell"]


def test_config_says_tones_are_in_use() -> None:
    assert "tones with /usr/bin/paplay" in speech_status(Config(), only("paplay"))


def test_tones_play_through_the_player_without_a_shell(tmp_path: Path) -> None:
    player, log = fake_player(tmp_path)
    output = ToneOutput([str(player)])
    for kind in (CueKind.ANNOUNCE, CueKind.START, CueKind.COUNT, CueKind.SWITCH, CueKind.END):
        output.send(Cue(kind, "words; rm -rf ~"))
        assert output.idle(10.0)  # one at a time: a count is dropped when it waits too long
    played = [Path(line).name for line in log.read_text().splitlines()]
    assert played == ["start.wav", "count.wav", "switch.wav", "end.wav"]
    folder = output.files[Tone.START].parent
    assert stat.S_IMODE(folder.stat().st_mode) == 0o700
    output.close()


def test_a_failing_player_hands_over_to_the_bell_and_says_so(tmp_path: Path) -> None:
    broken = tmp_path / "broken-player"
    broken.write_text("not a program")
    broken.chmod(0o700)
    bells = Bells()
    dispatcher = Dispatcher([ToneOutput([str(broken)])], fallbacks=[_bell(bells)])
    dispatcher.send(Cue(CueKind.START, "Hold"))
    for output in dispatcher.outputs:
        if isinstance(output, ToneOutput):
            output.idle(10.0)
    dispatcher.send(Cue(CueKind.END, "Done"))
    (message,) = dispatcher.pop_messages()
    assert message.startswith("tones (broken-player)") and "terminal bell instead" in message
    assert bells.rung >= 1
    dispatcher.close()


def _bell(bells: Bells):  # type: ignore[no-untyped-def]
    from backtimer.services.cue_outputs import BellOutput

    return BellOutput(bells)
