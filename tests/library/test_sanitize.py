"""sanitize.clean / one_line and safetext.safe_text / safe_link: data text made inert."""

from __future__ import annotations

import pytest

from papertui.library.sanitize import clean, one_line

ESC = "\x1b"


def _has_raw_controls(text: str) -> bool:
    """True if ``text`` holds anything a terminal could act on (or an unencodable char)."""
    for ch in text:
        code = ord(ch)
        if code < 0x20 and ch != "\n":
            return True
        if 0x7F <= code <= 0x9F or 0xD800 <= code <= 0xDFFF:
            return True
        if ch in "\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069":
            return True
    return False


# (name, raw input, expected clean() output, single-line)
CASES = [
    ("osc52", f"{ESC}]52;c;cHduZWQ=\x07", "␛]52;c;cHduZWQ=␇"),
    ("osc52-st", f"{ESC}]52;c;cHduZWQ={ESC}\\", "␛]52;c;cHduZWQ=␛\\"),
    ("osc-title", f"T{ESC}]0;pwned\x07X", "T␛]0;pwned␇X"),
    ("csi-clear", f"{ESC}[2J{ESC}[H", "␛[2J␛[H"),
    ("sgr", f"{ESC}[31mred{ESC}[0m", "␛[31mred␛[0m"),
    ("c1-csi", "\x9b2J", "⟨U+009B⟩2J"),
    ("c1-osc", "\x9d0;x\x9c", "⟨U+009D⟩0;x⟨U+009C⟩"),
    ("nel", "a\x85b", "a⟨U+0085⟩b"),
    ("nul", "a\x00b", "a␀b"),
    ("del", "a\x7fb", "a␡b"),
    ("bel-bs", "a\x07\x08b", "a␇␈b"),
    ("rlo", "abc\u202etxt.exe", "abc⟨U+202E⟩txt.exe"),
    ("isolates", "\u2066x\u2069", "⟨U+2066⟩x⟨U+2069⟩"),
    ("marks", "\u200ex\u200f\u061c", "⟨U+200E⟩x⟨U+200F⟩⟨U+061C⟩"),
    ("bom", "\ufeffTitle", "⟨U+FEFF⟩Title"),
    ("lone-surrogate", "a\ud800b", "a⟨U+D800⟩b"),
    ("deprecated-format", "a\u206ab", "a⟨U+206A⟩b"),
    ("tab", "a\tb", "a b"),
    ("newline-single", "a\nb", "a b"),
    ("crlf-single", "a\r\nb", "a b"),
    ("cr-single", "a\rb", "a b"),
    ("line-sep", "a\u2028b\u2029c", "a b c"),
    # audit 22: invisible characters that make two tags look alike are shown marked
    ("zwsp", "zero\u200bwidth", "zero\u27e8U+200B\u27e9width"),
    ("soft-hyphen", "soft\u00adhyphen", "soft\u27e8U+00AD\u27e9hyphen"),
    ("word-joiner", "Z\u2060W", "Z\u27e8U+2060\u27e9W"),
]

KEPT = [
    ("plain", "Attention Is All You Need"),
    ("markup-close", "A [/] C"),
    ("markup-style", "[bold red]x"),
    ("action", "[@click=app.quit]QUIT[/]"),
    ("link-markup", "[link=https://evil.example]phish[/link]"),
    ("cjk", "注意力就是你所需要的一切 トランスフォーマー"),
    ("zwj-emoji", "👩\u200d💻 coder 👨\u200d👩\u200d👧"),
    ("vs16", "❤\ufe0f"),
    ("combining", "e\u0301le\u0300ve"),
    ("empty", ""),
    ("latin1-printable", "café ñ ü ß ¡"),
    ("dollar-vars", "$title $accent"),
]


@pytest.mark.parametrize(("name", "raw", "expected"), CASES, ids=[c[0] for c in CASES])
def test_clean_makes_controls_visible(name: str, raw: str, expected: str) -> None:
    out = clean(raw)
    assert out == expected
    assert not _has_raw_controls(out)
    out.encode("utf-8")  # a lone surrogate would raise here


@pytest.mark.parametrize(("name", "text"), KEPT, ids=[k[0] for k in KEPT])
def test_clean_keeps_printable_text(name: str, text: str) -> None:
    assert clean(text) == text
    assert clean(text, multiline=True) == text


def test_multiline_keeps_newlines_and_normalises_cr() -> None:
    assert clean("a\nb\r\nc\rd\u2028e", multiline=True) == "a\nb\nc\nd\ne"
    assert clean("x\n\ny", multiline=True) == "x\n\ny"
    assert clean(f"a\n{ESC}[2Jb", multiline=True) == "a\n␛[2Jb"


@pytest.mark.parametrize("raw", [c[1] for c in CASES] + [k[1] for k in KEPT])
def test_clean_is_idempotent(raw: str) -> None:
    once = clean(raw)
    assert clean(once) == once
    multi = clean(raw, multiline=True)
    assert clean(multi, multiline=True) == multi


def test_every_c0_and_c1_is_replaced() -> None:
    raw = "".join(chr(c) for c in range(0x00, 0x20)) + "".join(chr(c) for c in range(0x7F, 0xA0))
    out = clean(raw, multiline=True)
    assert not _has_raw_controls(out)
    for code in range(0x80, 0xA0):
        assert f"⟨U+{code:04X}⟩" in out
    assert "␀" in out and "␛" in out and "␡" in out and "␟" in out


def test_replacements_never_drop_information() -> None:
    # Every hostile char leaves a visible trace (only tab/newline/CR become whitespace).
    raw = f"{ESC}\x00\x9b\u202e\x7f"
    assert len(clean(raw)) >= len(raw)
    assert clean(raw) == "␛␀⟨U+009B⟩⟨U+202E⟩␡"


def test_one_line_collapses_whitespace() -> None:
    assert one_line("  a \n\t b\r\n  c  ") == "a b c"
    assert one_line(f"x{ESC}]0;t\x07 \u202e y") == "x␛]0;t␇ ⟨U+202E⟩ y"
    assert one_line("") == ""


def test_long_title_is_cleaned_whole() -> None:
    raw = (f"{ESC}[2J" + "A" * 97) * 100  # ~10 kB
    out = clean(raw)
    assert len(out) == len(raw)
    assert ESC not in out and out.count("␛") == 100


# ---------------------------------------------------------------- safetext


def test_safe_text_returns_literal_content() -> None:
    from textual.content import Content

    from papertui.tui.safetext import safe_text

    for _name, text in KEPT:
        content = safe_text(text)
        assert isinstance(content, Content)
        assert content.plain == " ".join(text.split())
        assert content.spans == []  # no markup was interpreted


def test_safe_text_cleans_and_styles() -> None:
    from papertui.tui.safetext import safe_text

    content = safe_text(f"[b]x[/b]{ESC}]0;pwned\x07", "bold")
    assert content.plain == "[b]x[/b]␛]0;pwned␇"
    assert len(content.spans) == 1 and content.spans[0].style == "bold"
    assert safe_text("a\n  b").plain == "a b"
    assert safe_text("a\n  b", multiline=True).plain == "a\n  b"


def test_safe_text_output_renders_without_escapes() -> None:
    from rich.console import Console

    from papertui.tui.safetext import safe_text

    console = Console(width=200, color_system="truecolor", force_terminal=True)
    for _name, raw, expected in CASES:
        with console.capture() as cap:
            console.print(safe_text(raw, "bold"))
        out = cap.get()
        # The only ESC bytes are the console's own SGR codes around the text.
        assert out.count(ESC) == 2 and "\x9b" not in out and "\x07" not in out
        assert " ".join(expected.split()) in out


@pytest.mark.parametrize(
    ("url", "ok"),
    [
        ("https://arxiv.org/abs/1706.03762", True),
        ("http://example.org", True),
        ("HTTPS://EXAMPLE.ORG/x", True),
        ("javascript:alert(1)", False),
        ("file:///etc/passwd", False),
        ("https://", False),
        ("https:///path", False),
        ("https://a.org/x y", False),
        (f"https://a.org/{ESC}]0;x\x07", False),
        ("https://a.org/\u202etxt", False),
        ("", False),
    ],
)
def test_is_web_url(url: str, ok: bool) -> None:
    from papertui.tui.safetext import is_web_url

    assert is_web_url(url) is ok


def test_safe_link_only_links_web_urls() -> None:
    from textual.style import Style

    from papertui.tui.safetext import safe_link

    good = safe_link("https://arxiv.org/abs/1", "arXiv")
    assert good.plain == "arXiv"
    assert any(
        isinstance(s.style, Style) and s.style.link == "https://arxiv.org/abs/1" for s in good.spans
    )
    bad = safe_link("javascript:alert(1)")
    assert bad.plain == "javascript:alert(1)"
    assert bad.spans == []
    hostile_label = safe_link("https://x.org", f"[@click=app.quit]{ESC}[2J")
    assert hostile_label.plain == "[@click=app.quit]␛[2J"
