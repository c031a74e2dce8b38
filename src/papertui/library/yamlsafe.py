"""Compose one YAML document into a node graph, safely (Textual-free core).

Only the *safe* loaders are used (``yaml.CSafeLoader`` when libyaml is present, else
``yaml.SafeLoader``), and only their composer: nothing is constructed here. The caller
walks the nodes itself, which keeps every value's line and column for messages.

Hostile input is refused before anyone walks the graph:

- **Absurd nesting.** libyaml's composer recurses in C and crashes the process (SIGSEGV)
  at 20k-40k levels on an 8 MiB stack, so nesting is measured *before* composing. Every collection
  starts with its own indicator character (``[ { - : ?``); when a document has fewer of
  those than :data:`MAX_DEPTH` it cannot be deeper, and the (usual) fast path skips the
  scan. Otherwise the event stream is scanned and composing stops at the limit.
- **Alias bombs and recursive aliases.** Composing is linear in the text (an alias is a
  reference to an existing node), but walking the graph is not. :func:`check_graph`
  counts the nodes a walk would visit (re-used nodes counted each time, memoised so the
  count itself is linear) and refuses cycles, before anything walks the result.
"""

from __future__ import annotations

import re

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

SAFE_LOADER: type[yaml.SafeLoader] | type[yaml.CSafeLoader]
try:
    SAFE_LOADER = yaml.CSafeLoader
except AttributeError:  # pragma: no cover - PyYAML without libyaml
    SAFE_LOADER = yaml.SafeLoader


_PLAIN_TAGS: dict[str, str] = {}  # plain scalar text -> resolved tag (names repeat a lot)
_STR = "tag:yaml.org,2002:str"
_KIND_TAGS = {
    ScalarNode: _STR,
    SequenceNode: "tag:yaml.org,2002:seq",
    MappingNode: "tag:yaml.org,2002:map",
}


class _FastResolver:
    """The safe loader's resolver without path resolvers (PyYAML registers none for the
    safe loader) and with a memo for plain scalars: same tags, fewer Python calls a node."""

    yaml_implicit_resolvers: dict[str | None, list[tuple[str, re.Pattern[str]]]]

    def descend_resolver(self, current_node: object, current_index: object) -> None:
        pass

    def ascend_resolver(self) -> None:
        pass

    def resolve(self, kind: type[Node], value: str | None, implicit: tuple[bool, bool]) -> str:
        if kind is ScalarNode and implicit[0]:
            assert value is not None
            return plain_tag(value)
        return _KIND_TAGS[kind]


_RESOLVERS = yaml.SafeLoader.yaml_implicit_resolvers


def plain_tag(value: str) -> str:
    """The tag the safe loader (YAML 1.1) resolves a *plain* scalar ``value`` to."""
    tag = _PLAIN_TAGS.get(value)
    if tag is not None:
        return tag
    tag = _STR
    for candidate, regexp in [*_RESOLVERS.get(value[:1], ()), *_RESOLVERS.get(None, ())]:
        if regexp.match(value):
            tag = candidate
            break
    if len(value) <= 64 and len(_PLAIN_TAGS) < 50_000:  # names, not summaries
        _PLAIN_TAGS[value] = tag
    return tag


class _Composer(_FastResolver, SAFE_LOADER):  # type: ignore[valid-type,misc]
    """The safe (C when available) loader, used for its composer only."""


class _PureComposer(_FastResolver, yaml.SafeLoader):
    """The pure-Python fallback, used when libyaml is missing (and by the tests)."""


MAX_DEPTH = 64  # a paper needs 5 levels; anything near this is hostile or broken
MAX_ALIASES = 1_000  # alias uses per document
MAX_EXPANSION = 100_000  # extra nodes a walk may visit because of aliases

# Characters YAML forbids in a stream (YAML 1.1 printable set, complemented).
_NOT_PRINTABLE = re.compile(
    "[^\x09\x0a\x0d\x20-\x7e\x85\xa0-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]"
)
_INDICATORS = "[{-:?"


class YamlError(Exception):
    """A problem with the YAML text itself; ``line`` and ``col`` are 1-based."""

    def __init__(self, line: int, col: int, message: str) -> None:
        super().__init__(line, col, message)
        self.line = line
        self.col = col
        self.message = message


def position(text: str, index: int) -> tuple[int, int]:
    """1-based (line, column) of character ``index`` in ``text``."""
    line = text.count("\n", 0, index) + 1
    col = index - (text.rfind("\n", 0, index) + 1) + 1
    return line, col


def _deep_nesting(text: str, loader: type[yaml.SafeLoader] | None = None) -> YamlError | None:
    """Scan the event stream for nesting beyond :data:`MAX_DEPTH`.

    libyaml 0.2.6 (bundled by PyYAML 6.0.4) has a nesting limit of its own (1,000 levels)
    that its scanner, which reads flow collections far ahead, hits before the first event
    too deep reaches us. Its message then names a column hundreds of brackets later, so
    that one case is scanned again with the pure-Python parser, which streams and stops
    at our limit.
    """
    depth = 0
    try:
        for event in yaml.parse(text, Loader=loader or SAFE_LOADER):
            if isinstance(event, yaml.CollectionStartEvent):
                depth += 1
                if depth > MAX_DEPTH:
                    mark = event.start_mark
                    line, col = (mark.line + 1, mark.column + 1) if mark else (1, 1)
                    return YamlError(line, col, f"nesting deeper than {MAX_DEPTH} levels")
            elif isinstance(event, yaml.CollectionEndEvent):
                depth -= 1
    except yaml.YAMLError as exc:
        if loader is None and "maximum nesting depth" in str(exc):
            return _deep_nesting(text, yaml.SafeLoader)
        return None  # the composer reports the syntax error, at the same place
    return None


def _yaml_error(text: str, exc: yaml.YAMLError) -> YamlError:
    if isinstance(exc, yaml.reader.ReaderError):
        # libyaml reports a byte offset and PyYAML a character index: find the character.
        bad = _NOT_PRINTABLE.search(text)
        index = bad.start() if bad else 0
        line, col = position(text, index)
        code = ord(bad.group()) if bad else exc.character
        hint = " (write it as an escape inside double quotes)" if code < 0x20 else ""
        return YamlError(line, col, f"character U+{code:04X} is not allowed in YAML{hint}")
    if isinstance(exc, yaml.MarkedYAMLError):
        mark = exc.problem_mark or exc.context_mark
        line, col = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        parts = [p for p in (exc.context, exc.problem) if p]
        return YamlError(line, col, "YAML syntax: " + ", ".join(parts))
    return YamlError(1, 1, f"YAML error: {exc}")  # pragma: no cover - defensive


def _indicators(text: str) -> int:
    return sum(text.count(ch) for ch in _INDICATORS)


def compose(text: str, *, pure: bool = False) -> Node | None:
    """Compose ``text`` (exactly one document) into nodes; ``None`` for an empty document.

    Raises :class:`YamlError` for syntax errors, forbidden characters, multiple documents,
    absurd nesting, alias bombs and recursive aliases. ``pure`` forces the pure-Python
    composer (the fallback when libyaml is missing).

    Nesting is checked on the composed nodes (:func:`_too_deep`, one walk, no second
    parse), when the document has at least :data:`MAX_DEPTH` collection indicators (fewer
    cannot nest that deep). Beyond libyaml's own limit (1,000 levels) the composer refuses
    the document before any node exists, and so does a recursion error of the pure-Python
    composer: the event stream is then scanned for the first level too deep.
    """
    loader = _PureComposer(text) if pure else _Composer(text)
    try:
        node: Node | None = loader.get_single_node()
    except yaml.YAMLError as exc:
        deep = _deep_nesting(text) if "maximum nesting depth" in str(exc) else None
        raise (deep or _yaml_error(text, exc)) from None
    except RecursionError:  # pure-Python composer only
        deep = _deep_nesting(text, yaml.SafeLoader)
        raise (deep or YamlError(1, 1, f"nesting deeper than {MAX_DEPTH} levels")) from None
    finally:
        loader.dispose()
    if node is not None and _indicators(text) >= MAX_DEPTH:
        too_deep = _too_deep(node)
        if too_deep is not None:
            raise _error_at(too_deep, f"nesting deeper than {MAX_DEPTH} levels")
    if node is not None and "*" in text:  # no '*' means no alias, so nothing to expand
        check_graph(node)
    return node


def _too_deep(root: Node) -> Node | None:
    """The first collection (in document order) nested deeper than :data:`MAX_DEPTH`, as
    the event stream would meet it; a node reached again through an alias is not walked
    twice (:func:`check_graph` measures the depth aliases add)."""
    seen: set[int] = set()
    stack: list[tuple[Node, int]] = [(root, 1)]
    while stack:
        node, depth = stack.pop()
        if isinstance(node, ScalarNode) or id(node) in seen:
            continue
        if depth > MAX_DEPTH:
            return node
        seen.add(id(node))
        stack.extend((child, depth + 1) for child in reversed(_children(node)))
    return None


def _children(node: Node) -> list[Node]:
    if isinstance(node, SequenceNode):
        return list(node.value)
    if isinstance(node, MappingNode):
        return [n for pair in node.value for n in pair]
    return []


def check_graph(root: Node) -> None:
    """Refuse recursive aliases, alias expansions beyond the limits and nesting beyond
    :data:`MAX_DEPTH` once aliases are expanded, in time linear in the distinct nodes."""
    size: dict[int, int] = {}  # id(node) -> nodes a full walk below it visits
    height: dict[int, int] = {}  # id(node) -> levels of collections from it down
    on_path: set[int] = set()
    seen_refs = 0  # edges to a node already reached from elsewhere = alias uses
    reached: set[int] = {id(root)}
    stack: list[tuple[Node, bool]] = [(root, False)]
    while stack:
        node, done = stack.pop()
        key = id(node)
        if done:
            on_path.discard(key)
            children = _children(node)
            size[key] = 1 + sum(size[id(child)] for child in children)
            height[key] = 1 + max((height[id(child)] for child in children), default=0)
            continue
        if key in size:
            continue
        if isinstance(node, ScalarNode):
            size[key], height[key] = 1, 0
            continue
        on_path.add(key)
        stack.append((node, True))
        for child in _children(node):
            ckey = id(child)
            if ckey in on_path:
                raise _error_at(child, "recursive alias")
            if ckey in reached:
                seen_refs += 1
                if seen_refs > MAX_ALIASES:
                    raise _error_at(child, f"more than {MAX_ALIASES} aliases")
            else:
                reached.add(ckey)
            if ckey not in size:
                stack.append((child, False))
    if height[id(root)] > MAX_DEPTH:
        node, depth = root, 1
        while depth <= MAX_DEPTH:  # follow the deepest branch to the first level too many
            node = max(_children(node), key=lambda child: height[id(child)])
            depth += 1
        raise _error_at(node, f"nesting deeper than {MAX_DEPTH} levels")
    expanded = size[id(root)]
    if expanded - len(reached) > MAX_EXPANSION:
        raise _error_at(
            root,
            f"aliases expand to {expanded:,} nodes (limit {MAX_EXPANSION:,} extra): alias bomb?",
        )


def _error_at(node: Node, message: str) -> YamlError:
    return YamlError(node.start_mark.line + 1, node.start_mark.column + 1, message)


__all__ = [
    "MAX_DEPTH",
    "SAFE_LOADER",
    "MappingNode",
    "Node",
    "ScalarNode",
    "SequenceNode",
    "YamlError",
]
