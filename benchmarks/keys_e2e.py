"""Keystroke latency as a user sees it: papertui in a real terminal (tmux, 120x40).

usage: python benchmarks/keys_e2e.py [--data LABEL=DIR ...] [--rounds 2] [--pace 0.25]
                                     [--env NAME=VALUE ...] [--json FILE]

For each data folder: papertui runs under a tiny pty relay inside a private tmux server
(``tmux -L``, window 120x40). The relay passes bytes both ways and logs when each key
reached papertui and when each chunk of output left it, with its size. The harness sends
one key at a time through a tmux control-mode client and captures the pane every 2 ms until
it shows what papertui's own ``Engine`` (run in this process beforehand) says it must:

- the query echoed in the search box,
- ``Showing N of M`` with that prefix's N,
- the expected first result row (its short name).

Latency = the relay's write of the output chunk that completed that frame - the key's
arrival at the relay ("frame"), and the capture that saw it - the send ("seen"; adds tmux).
Keys whose expected screen equals the previous key's (same N, same first row) cannot be told
apart and are counted as untimed. UI CPU = the CPU time papertui's main thread (its UI)
ran from the send to the capture that saw the frame (``/proc/PID/schedstat``): the work the
key cost, which a busy shared machine stretches less than the wall clock. Bytes per key =
output from the key to the next key (``--pace`` apart, so debounced repaints count). Also:
bytes per cursor move (``j`` in the result list, 0.6 s each) and idle bytes per second with
the focus in the search box (the cursor blink).

Key classes: ``1-2 letters`` (the box holds 1-2 characters), ``field`` (a field name being
typed, or its value), ``typo`` (a key past the slip of a misspelt query), ``clear`` (Ctrl+U
empties the box), ``words`` (the rest). The load average is printed before and after.
Needs tmux. A private ``XDG_CACHE_HOME`` (``bench-out/xdg`` unless set) is warmed first by
this process, so papertui starts from its cache.
"""

from __future__ import annotations

import argparse
import json
import os
import select
import shlex
import statistics
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TextIO

ROOT = Path(__file__).resolve().parent.parent
COLS, ROWS = 120, 40
BOX_ROW, STATUS_ROW, FIRST_ROW = 3, 4, 5  # screen rows of the search box, status, row 1
POLL_S = 0.002
CURSOR_MOVES = 8

# (query, class of its keys, index of the first mistyped character or None)
QUERIES: tuple[tuple[str, str, int | None], ...] = (
    ("attention", "words", None),
    ("transfromer", "typo", 6),  # "transf" is right; "transfr..." is the slip
    ("author:hinton", "field", None),
    ("diffusion model", "words", None),
    ("gpt4", "words", None),
    ("llama 2", "words", None),
    ("resnet50", "words", None),
    ("tag:rl bert", "field", None),
    ("rl", "words", None),
    ("g", "words", None),  # last: the cursor moves run in its (never empty) results
)


# -- the relay (runs inside tmux) ----------------------------------------------------------


def relay(log_path: str, argv: list[str]) -> int:
    """Run ``argv`` on a new pty; copy bytes both ways; log ``k|w monotonic bytes``."""
    import fcntl
    import pty
    import termios
    import tty

    size = fcntl.ioctl(0, termios.TIOCGWINSZ, b"\0" * 8)
    pid, fd = pty.fork()
    if pid == 0:  # the child: its terminal gets the pane's size before papertui starts
        fcntl.ioctl(0, termios.TIOCSWINSZ, size)
        os.execvp(argv[0], argv)
    tty.setraw(0)
    with open(log_path, "w", buffering=1) as log:
        log.write(f"p {pid} 0\n")  # papertui's process, for its memory
        while True:
            ready, _, _ = select.select([0, fd], [], [])
            if fd in ready:
                try:
                    data = os.read(fd, 1 << 16)
                except OSError:
                    break
                if not data:
                    break
                now = time.monotonic()
                view = memoryview(data)
                while view:
                    view = view[os.write(1, view) :]
                log.write(f"w {now:.6f} {len(data)}\n")
            if 0 in ready:
                data = os.read(0, 1024)
                if not data:
                    break
                now = time.monotonic()
                os.write(fd, data)
                log.write(f"k {now:.6f} {len(data)}\n")
    _, status = os.waitpid(pid, 0)
    return os.waitstatus_to_exitcode(status)


# -- tmux ----------------------------------------------------------------------------------


class Tmux:
    """A private tmux server with one 120x40 window and a control-mode client."""

    def __init__(self, command: str, env: dict[str, str]) -> None:
        self.sock = f"papertui-e2e-{os.getpid()}"
        base = ["tmux", "-L", self.sock, "-f", "/dev/null"]
        run_env = {**os.environ, **env}
        start = ["new-session", "-d", "-s", "e2e", "-x", str(COLS), "-y", str(ROWS), command]
        options = [";", "set", "-g", "window-size", "manual", ";", "set", "-g", "status", "off"]
        subprocess.run(
            [*base, *start, *options],
            check=True,
            env=run_env,
        )
        self.control = subprocess.Popen(
            [*base, "-C", "attach", "-t", "e2e"],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
            errors="replace",  # %output lines can split a UTF-8 sequence
            bufsize=1,
        )
        self.sent: list[float] = []  # when each key was sent
        self.cmd("refresh-client -f no-output")
        self.cmd(f"resize-window -t e2e -x {COLS} -y {ROWS}")

    def cmd(self, line: str) -> list[str]:
        assert self.control.stdin is not None and self.control.stdout is not None
        self.control.stdin.write(line + "\n")
        self.control.stdin.flush()
        out: list[str] = []
        inside = False
        while True:
            text = self.control.stdout.readline()
            if not text:
                raise RuntimeError("tmux control client closed")
            text = text.rstrip("\n")
            if not inside:
                inside = text.startswith("%begin")
                continue
            if text.startswith(("%end", "%error")):
                return out
            out.append(text)

    def keys(self, hex_bytes: str) -> None:
        self.sent.append(time.monotonic())
        self.cmd(f"send-keys -t e2e -H {hex_bytes}")

    def screen(self) -> list[str]:
        return self.cmd("capture-pane -p -t e2e")

    def close(self) -> None:
        subprocess.run(["tmux", "-L", self.sock, "kill-server"], check=False)
        self.control.wait(timeout=5)


# -- expectations --------------------------------------------------------------------------


@dataclass
class Expect:
    text: str  # the box's text
    shown: int
    total: int
    first: str  # short name of the first row ("" if none)

    def seen_in(self, screen: list[str]) -> bool:
        if len(screen) <= FIRST_ROW:
            return False
        box = _pane(screen[BOX_ROW])
        if self.text:
            if not box.startswith(self.text.rstrip()):
                return False
        elif not box.startswith("Search:"):
            return False
        if f"Showing {self.shown:,} of {self.total:,}" not in screen[STATUS_ROW]:
            return False
        return not self.first or _shows(_pane(screen[FIRST_ROW]), self.first)


def _shows(row: str, short: str) -> bool:
    """Whether a result row starts with the short name ``short``, maybe cut with an ellipsis
    to the list's name column."""
    if row.startswith(short):
        return True
    cut = row.find("\u2026", 0, len(short) + 1)
    return cut > 0 and short.startswith(row[:cut])


def _pane(line: str) -> str:
    """The papers pane's part of a screen line."""
    parts = line.split("\u2502\u2502")
    return parts[1] if len(parts) > 1 else ""


def expectations(data: Path, texts: list[str]) -> tuple[dict[str, Expect], float]:
    from papertui.search.engine import Engine, View
    from papertui.store.load import load_cached, search_index, search_words

    started = time.perf_counter()
    library = load_cached(data).library
    load_s = time.perf_counter() - started
    engine = Engine(library, index=search_index(library), words=search_words(library))
    engine.warm()
    out = {}
    for text in texts:
        results = engine.run(View(query=text))
        first = ""
        if len(results.ids):
            paper = library.get(results.ids[0])
            assert paper is not None
            first = paper.short
        out[text] = Expect(text, len(results.ids), results.total, first)
    return out, load_s


# -- one run -------------------------------------------------------------------------------


@dataclass
class Key:
    cls: str
    label: str  # e.g. "transfr|o"
    sent: float
    timed: bool
    seen_req: float = 0.0  # when the matching capture was asked for
    seen: float = 0.0  # when it came back
    ok: bool = False
    cpu: float = 0.0  # papertui's main-thread CPU seconds from the send to ``seen``


@dataclass
class Run:
    keys: list[Key] = field(default_factory=list)
    cursor: list[float] = field(default_factory=list)  # send times of cursor moves
    idle: tuple[float, float] = (0.0, 0.0)


def key_class(query: str, cls: str, slip: int | None, text: str) -> str:
    if len(text) <= 2:
        return "1-2 letters"
    if cls == "typo":  # only the keys past the slip
        return "typo" if slip is not None and len(text) > slip else "words"
    return cls


def wait_for(tmux: Tmux, expect: Expect, timeout: float) -> tuple[float, float] | None:
    deadline = time.monotonic() + timeout
    while True:
        asked = time.monotonic()
        if expect.seen_in(tmux.screen()):
            return asked, time.monotonic()
        if asked > deadline:
            return None
        time.sleep(POLL_S)


def ui_cpu(pid: int) -> float:
    """CPU seconds papertui's main thread (the UI: its task is the process's own id) has
    run so far, in nanoseconds from the scheduler (``/proc/PID/schedstat``); 0 where that
    file is missing."""
    try:
        return int(Path(f"/proc/{pid}/schedstat").read_text().split()[0]) / 1e9
    except (OSError, ValueError, IndexError):
        return 0.0


def one_run(tmux: Tmux, table: dict[str, Expect], pace: float, timeout: float, pid: int) -> Run:
    run = Run()
    blank = table[""]
    previous = blank
    for query, cls, slip in QUERIES:
        for i, char in enumerate(query):
            text = query[: i + 1]
            expect = table[text]
            same = (expect.shown, expect.first) == (previous.shown, previous.first)
            key = Key(key_class(query, cls, slip, text), f"{query[:i]}|{char}", 0.0, not same)
            cpu = ui_cpu(pid)
            tmux.keys(char.encode().hex())
            key.sent = tmux.sent[-1]
            found = wait_for(tmux, expect, timeout)
            if found:
                key.seen_req, key.seen = found
                key.ok = True
                key.cpu = ui_cpu(pid) - cpu
            run.keys.append(key)
            previous = expect
            time.sleep(max(0.0, key.sent + pace - time.monotonic()))
        if query == QUERIES[-1][0]:  # the cursor moves and the blink, once per run
            tmux.keys("0d")  # Enter: to the results
            time.sleep(0.6)
            for _ in range(CURSOR_MOVES):
                tmux.keys("6a")  # j
                run.cursor.append(tmux.sent[-1])
                time.sleep(0.6)
            tmux.keys("2f")  # "/": back to the search box
            time.sleep(1.0)
            start = time.monotonic()
            time.sleep(3.0)
            run.idle = (start, time.monotonic())
        cpu = ui_cpu(pid)
        tmux.keys("15")  # Ctrl+U: delete to the start of the box
        key = Key("clear", f"{query}|^U", tmux.sent[-1], previous != blank)
        found = wait_for(tmux, blank, timeout)
        if found:
            key.seen_req, key.seen = found
            key.ok = True
            key.cpu = ui_cpu(pid) - cpu
        run.keys.append(key)
        previous = blank
        time.sleep(max(0.0, key.sent + max(pace, 0.4) - time.monotonic()))
    return run


def read_log(path: Path) -> tuple[list[float], list[tuple[float, int]]]:
    keys, writes = [], []
    for line in path.read_text().splitlines():
        kind, at, size = line.split()
        if kind in "kw":
            (keys if kind == "k" else writes).append((float(at), int(size)))
    return [k for k, _ in keys], writes


def pid_of(log: Path) -> int:
    """papertui's process id (the relay's first line)."""
    return int(log.read_text().split("\n", 1)[0].split()[1])


def memory_of(log: Path) -> dict[str, int]:
    """papertui's memory now (kB): resident, its anonymous and file-backed parts, peak."""
    pid = pid_of(log)
    fields = {}
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        name, _, value = line.partition(":")
        if name in ("VmRSS", "RssAnon", "RssFile", "VmHWM"):
            fields[name] = int(value.split()[0])
    return fields


def bytes_between(writes: list[tuple[float, int]], a: float, b: float) -> int:
    return sum(n for t, n in writes if a <= t < b)


def measure(label: str, data: Path, args: argparse.Namespace, out: TextIO) -> dict[str, Any]:
    texts = {""}
    for query, _, _ in QUERIES:
        texts.update(query[: i + 1] for i in range(len(query)))
    table, load_s = expectations(data, sorted(texts))
    total = table[""].total
    print(f"\n## {label}: {total:,} papers ({data}); expectations ready", file=out, flush=True)
    env = dict(kv.split("=", 1) for kv in args.env)
    rows: dict[str, list[tuple[float, float, int, float]]] = {}
    untimed: dict[str, int] = {}
    missed: list[str] = []
    slow: list[tuple[float, str]] = []
    cursor_bytes: list[int] = []
    idle_rates: list[float] = []
    loads = [os.getloadavg()[0]]
    memory: list[dict[str, int]] = []
    first_bytes: list[int] = []  # the first letter typed: focus to the search box
    for _ in range(args.rounds):
        log = ROOT / "bench-out" / f"e2e-{os.getpid()}.log"
        log.parent.mkdir(exist_ok=True)
        papertui = [sys.executable, "-m", "papertui", "--data", str(data)]
        relay_cmd = [sys.executable, str(Path(__file__).resolve()), "relay", str(log), "--"]
        exports = " ".join(f"{k}={shlex.quote(v)}" for k, v in env.items())
        command = f"env {exports} " + shlex.join(relay_cmd + papertui)
        tmux = Tmux(command, env)
        try:
            if wait_for(tmux, table[""], max(60.0, load_s * 4)) is None:
                raise RuntimeError(f"papertui never showed its papers:\n{tmux.screen()}")
            time.sleep(args.settle)  # the engine warms in a worker after the first paint
            tmux.keys("78")  # warm-up: the first key moves the focus (a layout), then clear
            first_key = tmux.sent[-1]
            time.sleep(0.5)
            tmux.keys("15")
            time.sleep(0.8)
            run = one_run(tmux, table, args.pace, args.timeout, pid_of(log))
            time.sleep(2.0)  # settled: the last repaints and any collection are over
            memory.append(memory_of(log))
        finally:
            tmux.close()
        key_times, writes = read_log(log)
        log.unlink()
        if len(key_times) != len(tmux.sent):
            print(f"warning: {len(tmux.sent)} keys sent, {len(key_times)} read", file=out)
        arrivals = dict(zip(tmux.sent, key_times, strict=False))
        ends = [*key_times, float("inf")]
        for key in run.keys:
            arrived = arrivals.get(key.sent, key.sent)
            after = ends[ends.index(arrived) + 1]
            nbytes = bytes_between(writes, arrived, after)
            if not key.ok:
                missed.append(key.label)
                continue
            if not key.timed:
                untimed[key.cls] = untimed.get(key.cls, 0) + 1
                continue
            frame = max((t for t, _ in writes if arrived <= t <= key.seen_req), default=key.seen)
            rows.setdefault(key.cls, []).append(
                ((frame - arrived) * 1000, (key.seen - key.sent) * 1000, nbytes, key.cpu * 1000)
            )
            slow.append(((frame - arrived) * 1000, key.label))
        at = arrivals.get(first_key, first_key)
        if at in ends:
            first_bytes.append(bytes_between(writes, at, ends[ends.index(at) + 1]))
        for a in run.cursor:
            at = arrivals.get(a, a)
            cursor_bytes.append(bytes_between(writes, at, at + 0.6))
        a, b = run.idle
        idle_rates.append(bytes_between(writes, a, b) / (b - a))
        loads.append(os.getloadavg()[0])
    summary = _report(
        label, total, rows, untimed, missed, slow, cursor_bytes, idle_rates, loads, out
    )
    print(f"first letter (focus moves to the search box) bytes: {first_bytes}", file=out)
    summary["first_letter_bytes"] = first_bytes
    for got in memory:
        print(
            f"memory after the run ({len(run.keys)} keys, settled 2 s): RSS "
            f"{got['VmRSS'] / 1024:,.0f} MiB (anon {got['RssAnon'] / 1024:,.0f} + file "
            f"{got['RssFile'] / 1024:,.0f}), peak {got['VmHWM'] / 1024:,.0f} MiB",
            file=out,
        )
    summary["memory_kb"] = memory
    return summary


def _pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def _report(
    label: str,
    total: int,
    rows: dict[str, list[tuple[float, float, int, float]]],
    untimed: dict[str, int],
    missed: list[str],
    slow: list[tuple[float, str]],
    cursor_bytes: list[int],
    idle_rates: list[float],
    loads: list[float],
    out: TextIO,
) -> dict[str, Any]:
    print(
        "| class | keys | frame p50 / p95 / max ms | seen p50 ms | UI CPU p50 / p95 ms "
        "| bytes/key p50 / max | untimed |",
        file=out,
    )
    print("|---|---|---|---|---|---|---|", file=out)
    summary: dict[str, Any] = {"label": label, "papers": total, "classes": {}}
    every = [r for cls in rows for r in rows[cls]]
    for cls in (*sorted(rows), "all"):
        got = every if cls == "all" else rows[cls]
        frame = [r[0] for r in got]
        seen = [r[1] for r in got]
        size = [r[2] for r in got]
        cpu = [r[3] for r in got]
        line = (
            f"| {cls} | {len(got)} | {_pct(frame, 0.5):.1f} / {_pct(frame, 0.95):.1f} / "
            f"{max(frame):.1f} | {_pct(seen, 0.5):.1f} | {_pct(cpu, 0.5):.1f} / "
            f"{_pct(cpu, 0.95):.1f} | {statistics.median(size):,.0f} / "
            f"{max(size):,} | {sum(untimed.values()) if cls == 'all' else untimed.get(cls, 0)} |"
        )
        print(line, file=out)
        summary["classes"][cls] = {
            "n": len(got),
            "p50": _pct(frame, 0.5),
            "p95": _pct(frame, 0.95),
            "max": max(frame),
            "seen_p50": _pct(seen, 0.5),
            "ui_cpu_p50": _pct(cpu, 0.5),
            "ui_cpu_p95": _pct(cpu, 0.95),
            "bytes_p50": statistics.median(size),
        }
    summary["keys"] = [(name, round(ms, 1)) for ms, name in slow]  # every timed key, in order
    worst = ", ".join(f"{name} {ms:.0f}" for ms, name in sorted(slow, reverse=True)[:8])
    print(f"\nslowest keys (ms): {worst}", file=out)
    if cursor_bytes:
        print(
            f"cursor move (j) bytes in 0.6 s: p50 {statistics.median(cursor_bytes):,.0f}, "
            f"max {max(cursor_bytes):,}; idle in the search box: "
            f"{statistics.median(idle_rates):,.0f} B/s",
            file=out,
        )
    if missed:
        print(f"never matched the expected screen: {missed}", file=out)
    print(f"load average (1 min) during: {min(loads):.2f}-{max(loads):.2f}", file=out, flush=True)
    summary.update(cursor_bytes=cursor_bytes, idle_bytes_per_s=idle_rates, loads=loads)
    return summary


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if argv[:1] == ["relay"]:
        return relay(argv[1], argv[3:])
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--data", action="append", default=[], help="LABEL=DIR (repeatable)")
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--pace", type=float, default=0.25, help="seconds between keys")
    parser.add_argument("--timeout", type=float, default=10.0, help="per key, seconds")
    parser.add_argument("--settle", type=float, default=2.0, help="seconds after start")
    parser.add_argument("--env", action="append", default=[], help="NAME=VALUE for papertui")
    parser.add_argument("--json", type=Path)
    args = parser.parse_args(argv)
    os.environ.setdefault("XDG_CACHE_HOME", str(ROOT / "bench-out" / "xdg"))
    datas = args.data or [f"bundled={ROOT / 'data'}"]
    print(f"load average before: {os.getloadavg()[0]:.2f}; env {args.env or 'default'}")
    results = []
    for item in datas:
        label, _, path = item.partition("=")
        results.append(measure(label, Path(path), args, sys.stdout))
    print(f"\nload average after: {os.getloadavg()[0]:.2f}")
    if args.json:
        args.json.write_text(json.dumps(results, indent=1))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
