"""Emit one paper as a YAML document in the canonical layout of ARCHITECTURE.md (core).

Used by the bundled-data build script and the importers, so every generated file has the
same key order and style: block style, long strings folded (``>-``), multi-line strings as
literal blocks (``|-``), and quoting wherever a plain scalar would not load back as the same
string (``'2018'``, ``'1810.04805'``, ``'yes'``...). Empty values are left out.

The output always round-trips: ``yaml.safe_load(dump_paper(d))`` equals the normalised
fields. If PyYAML ever folds a string in a way that would not load back identically, the
document is re-emitted without folding.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import yaml

from papertui.library.fields import EDGE_FIELDS, LINK_FIELDS, PAPER_KEYS, REQUIRED

# Canonical key order: the field table of papertui.library.fields (ARCHITECTURE.md).
REQUIRED_KEYS = REQUIRED
LINK_KEYS = LINK_FIELDS
EDGE_KEYS = EDGE_FIELDS

FOLD_AT = 80  # strings longer than this are folded
WIDTH = 88  # emitter line width


class _Dumper(yaml.SafeDumper):
    """SafeDumper that folds long strings; ``fold`` is switched off for the fallback pass."""

    fold = True


def _represent_str(dumper: _Dumper, data: str) -> yaml.ScalarNode:
    style: str | None = None
    if "\n" in data:
        style = "|"
    elif dumper.fold and len(data) > FOLD_AT and " " in data and data == data.strip():
        style = ">"
    return dumper.represent_scalar("tag:yaml.org,2002:str", data, style=style)


_Dumper.add_representer(str, _represent_str)


class _PlainDumper(_Dumper):
    fold = False


def _is_empty(value: Any) -> bool:
    return value is None or value == "" or (isinstance(value, (list, tuple, dict)) and not value)


def _normalise_edge(edge: Any) -> str | dict[str, str]:
    """A bare id, or ``{id, type, why}`` (in that order, empty parts dropped)."""
    if isinstance(edge, str):
        return edge
    if isinstance(edge, Mapping):
        unknown = set(edge) - set(EDGE_KEYS)
        if unknown or "id" not in edge:
            raise ValueError(f"bad builds_on entry {dict(edge)!r}")
        entry = {k: str(edge[k]) for k in EDGE_KEYS if not _is_empty(edge.get(k))}
        return entry if len(entry) > 1 else str(edge["id"])
    raise ValueError(f"bad builds_on entry {edge!r}")


def normalise_paper(paper_fields: Mapping[str, Any]) -> dict[str, Any]:
    """Return the fields in canonical order with empty values dropped; raise on bad keys."""
    unknown = set(paper_fields) - set(PAPER_KEYS)
    if unknown:
        raise ValueError(f"unknown paper keys: {', '.join(sorted(unknown))}")
    missing = [k for k in REQUIRED_KEYS if _is_empty(paper_fields.get(k))]
    if missing:
        raise ValueError(f"missing required paper keys: {', '.join(missing)}")
    out: dict[str, Any] = {}
    for key in PAPER_KEYS:
        value: Any = paper_fields.get(key)
        if _is_empty(value):
            continue
        if key in ("authors", "tags", "related", "sources"):
            out[key] = [str(v) for v in value]
        elif key == "authors_truncated":
            if value is True:
                out[key] = True
        elif key == "builds_on":
            out[key] = [_normalise_edge(e) for e in value]
        elif key == "links":
            bad = set(value) - set(LINK_KEYS)
            if bad:
                raise ValueError(f"unknown link keys: {', '.join(sorted(bad))}")
            links = {k: str(value[k]) for k in LINK_KEYS if not _is_empty(value.get(k))}
            if links:
                out[key] = links
        elif key == "authors_truncated":
            if value is True:  # a cut list says so; a whole list says nothing
                out[key] = True
        elif key == "notes":
            notes = {str(k): str(v) for k, v in value.items() if not _is_empty(v)}
            if notes:
                out[key] = notes
        else:
            out[key] = str(value)
    return out


def _emit(fields: dict[str, Any], dumper: type[_Dumper]) -> str:
    return yaml.dump(
        fields,
        Dumper=dumper,
        sort_keys=False,
        default_flow_style=False,
        allow_unicode=True,
        width=WIDTH,
        indent=2,
    )


# The round-trip check reads with libyaml when PyYAML has it (the same safe types, 10x faster).
_SAFE_LOADER: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def dump_paper(paper_fields: Mapping[str, Any]) -> str:
    """Return one paper YAML document (canonical key order, block style, ends in newline)."""
    fields = normalise_paper(paper_fields)
    text = _emit(fields, _Dumper)
    if yaml.load(text, Loader=_SAFE_LOADER) != fields:
        text = _emit(fields, _PlainDumper)
        if yaml.load(text, Loader=_SAFE_LOADER) != fields:  # pragma: no cover - PyYAML bug guard
            raise ValueError(f"paper {fields['id']!r} does not round-trip through YAML")
    return text
