"""Write the hostile data folder (eras.yaml + papers/) next to this file.

Run ``python tests/data/hostile/generate.py`` after changing the string classes below; the
generated YAML is committed so tests, the e2e harness and humans can all use the folder
(``papertui --data tests/data/hostile``).

Every string class puts its payload into every field the UI shows, each prefixed with a
field marker (``HX03-title``, ``HX03-author``...) so a test can find each field on screen.
YAML forbids raw control characters in a file, so payloads are written as double-quoted
escapes (``"\\e"``, ``"\\x9b"``, ``"\\u202e"``); the loader turns them into real characters
that ``papertui.library.sanitize.clean`` must neutralise.
"""

from __future__ import annotations

from pathlib import Path

HERE = Path(__file__).resolve().parent

ESC, BEL = "\x1b", "\x07"

# (slug, payload). Order matters: the ids, dates and markers are derived from it.
CLASSES: list[tuple[str, str]] = [
    ("markup-close", "A [/] B [/italic] C"),
    ("markup-style", "[bold red]x[/bold red] [reverse]y"),
    ("action", "[@click=app.quit]QUIT[/] [@click=screen.dismiss]D[/]"),
    ("link-markup", '[link="https://evil.example"]phish[/link]'),
    ("osc-title", f"{ESC}]0;PWNED-TITLE{BEL}after"),
    ("osc52", f"{ESC}]52;c;cHduZWQ={BEL}clip"),
    ("csi", f"{ESC}[2J{ESC}[H{ESC}[31mred{ESC}[0m"),
    ("c1", "\x9b2J\x9d0;PWNED-C1\x9cc1"),
    ("nul-del", "a\x00b\x7fc\x08d"),
    ("bidi", "abc\u202etxt.exe\u202c \u2066iso\u2069"),
    ("wide", "注意力就是你所需要的 トランスフォーマー 👩\u200d💻 👨\u200d👩\u200d👧 ❤\ufe0f"),
    ("dollar", "$accent $text-muted [$x] \\[esc]"),
]
LONG_PAYLOAD = ("LONG [/] " + f"{ESC}]0;PWNED-LONG{BEL} ") * 400  # ~10 kB


def marker(index: int) -> str:
    return f"HX{index:02d}"


def paper_id(index: int) -> str:
    return f"h{index:02d}-{CLASSES[index][0]}" if index < len(CLASSES) else "h-long"


def yq(text: str) -> str:
    """``text`` as a YAML double-quoted scalar; controls and bidi written as escapes."""
    out = ['"']
    for ch in text:
        code = ord(ch)
        if ch == '"':
            out.append('\\"')
        elif ch == "\\":
            out.append("\\\\")
        elif code < 0x20 or 0x7F <= code <= 0x9F:
            out.append(f"\\x{code:02x}")
        elif (
            0xD800 <= code <= 0xDFFF
            or ch in "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
        ):
            out.append(f"\\u{code:04x}")
        else:
            out.append(ch)
    out.append('"')
    return "".join(out)


ERAS = [
    ("e-markup", f"HXE1-era [/] [@click=app.quit]Q[/] {ESC}]0;PWNED-ERA{BEL}", 1990, 2004),
    ("e-escape", f"HXE2-era {ESC}[2J\x9b2J\u202eRLO", 2005, 2014),
    ("e-wide", "HXE3-era 时代 👩\u200d💻", 2015, None),
]


def era_for(year: int) -> str:
    for era_id, _name, start, end in ERAS:
        if start <= year and (end is None or year <= end):
            return era_id
    raise ValueError(year)


def paper_yaml(index: int, payload: str) -> str:
    mark = marker(index)
    year = 1995 + index * 2
    lines = [
        f"id: {paper_id(index)}",
        f"short: {yq(f'{mark}-short {payload}')}",
        f"title: {yq(f'{mark}-title {payload}')}",
        f"date: {year}-01",
        f"era: {era_for(year)}",
        f"authors: [{yq(f'{mark}-author {payload}')}, Plain Author]",
        f"org: {yq(f'{mark}-org {payload}')}",
        f"tags: [{yq(f'{mark}-tag {payload}')}, hostile]",
        f"summary: {yq(f'{mark}-summary {payload}')}",
        f"why_it_matters: {yq(f'{mark}-why {payload}')}",
        f"related: [{yq(f'{mark}-related {payload}')}]",
    ]
    if index > 0:
        lines += [
            "builds_on:",
            f"  - id: {paper_id(index - 1)}",
            f"    why: {yq(f'{mark}-because {payload}')}",
        ]
    lines += [
        "links:",
        f"  url: {yq('https://example.org/' + paper_id(index))}",
        "notes:",
        f"  notes: {yq(f'{mark}-note {payload}')}",
        "sources: [notes]",
    ]
    return "\n".join(lines) + "\n"


def main() -> None:
    papers = HERE / "papers"
    papers.mkdir(exist_ok=True)
    for old in papers.glob("*.yaml"):
        old.unlink()
    era_lines = ["# Hostile eras: markup, escapes and wide text in names and blurbs."]
    for era_id, name, start, end in ERAS:
        era_lines += [
            f"- id: {era_id}",
            f"  name: {yq(name)}",
            f"  start: {start}",
            f"  end: {end if end is not None else 'null'}",
            f"  blurb: {yq(name.replace('-era', '-blurb'))}",
        ]
    (HERE / "eras.yaml").write_text("\n".join(era_lines) + "\n", encoding="utf-8")
    for index, (_slug, payload) in enumerate(CLASSES):
        path = papers / f"{paper_id(index)}.yaml"
        path.write_text(paper_yaml(index, payload), encoding="utf-8")
    long_index = len(CLASSES)
    (papers / "h-long.yaml").write_text(
        paper_yaml(long_index, LONG_PAYLOAD).replace(f"id: {paper_id(long_index)}", "id: h-long"),
        encoding="utf-8",
    )
    # Allowed-empty fields: no org, no authors, no tags, nothing optional.
    (papers / "h-empty.yaml").write_text(
        "id: h-empty\nshort: HXEM-short\ntitle: HXEM-title only required fields\n"
        "date: 2019-05\nera: e-wide\nauthors: []\ntags: []\norg:\n",
        encoding="utf-8",
    )
    # Broken files whose error messages quote hostile text back.
    (papers / "x-bad-values.yaml").write_text(
        "id: x-bad-values\n"
        f"short: {yq('HXER-short')}\n"
        f"title: {yq('HXER-title')}\n"
        "date: 2019-07\n"
        "era: e-wide\n"
        f"sources: [{yq(f'HXER-source [/] [@click=app.quit]Q[/] {ESC}]0;PWNED-ERR{BEL}')}]\n"
        f"{yq(f'HXER-key [bold]k[/] {ESC}]52;c;cHduZWQ={BEL}')}: 1\n",
        encoding="utf-8",
    )
    (papers / "x-raw-escape.yaml").write_bytes(
        b"id: x-raw-escape\nshort: raw\ntitle: HXRAW \x1b]0;PWNED-RAW\x07 [/]\n"
        b"date: 2019-08\nera: e-wide\n"
    )


if __name__ == "__main__":
    main()
