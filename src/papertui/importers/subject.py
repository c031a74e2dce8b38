"""What a new paper is about, as evidence for its era (core, no Textual).

Eras may overlap: a 2018 paper's year fits Transformer, Computer Vision, Diffusion and
Alignment alike. The date alone only picks the main line
(:func:`papertui.library.model.era_for_year`); the subject picks a topical era, and only on
evidence:

- a tag or title word the folder's papers use *distinctively*: at least
  :data:`MIN_USES` papers carry it and :data:`MIN_SHARE` of them sit in one era (a tag
  counts twice, a title word once);
- the words of an open-ended (topical) era's id in the paper's tags or title
  ("diffusion", "computer vision").

An era needs a score of at least :data:`MIN_SCORE`; a paper with no such evidence is filed
on the main line by its date and reported as "era by date only", never guessed into a
topical era.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable
from typing import Any

from papertui.library.fold import title_words
from papertui.library.model import Era

MIN_USES = 3
MIN_SHARE = 0.6
MIN_SCORE = 2.0
_STOP = frozenset(
    [
        "a",
        "an",
        "and",
        "are",
        "as",
        "at",
        "based",
        "by",
        "for",
        "from",
        "in",
        "into",
        "is",
        "it",
        "its",
        "learning",
        "model",
        "models",
        "network",
        "networks",
        "neural",
        "new",
        "of",
        "on",
        "or",
        "the",
        "to",
        "towards",
        "using",
        "via",
        "with",
        "without",
        "deep",
        "large",
    ]
)


def _words(text: str) -> set[str]:
    return {w for w in title_words(text).split() if len(w) >= 4 and w not in _STOP}


def features(tags: Iterable[str], title: str) -> dict[str, float]:
    """Feature -> weight: ``tag:<words>`` (2.0) and ``w:<word>`` (1.0)."""
    found: dict[str, float] = {f"w:{w}": 1.0 for w in _words(title)}
    for tag in tags:
        key = title_words(str(tag))
        if key:
            found[f"tag:{key}"] = 2.0
    return found


class SubjectProfile:
    """Which eras the folder's own papers tie each tag and title word to."""

    def __init__(self, eras: list[Era], records: Iterable[dict[str, Any]]) -> None:
        self.counts: dict[str, Counter[str]] = defaultdict(Counter)
        self.name_words = {  # open-ended (topical) eras only: "pre-transformer" is no topic
            era.id: _words(era.id.replace("-", " ")) for era in eras if era.end is None
        }
        for fields in records:
            era = str(fields.get("era") or "")
            tags = fields.get("tags")
            tag_list = [str(t) for t in tags] if isinstance(tags, list) else []
            for feature in features(tag_list, str(fields.get("title") or "")):
                self.counts[feature][era] += 1

    def scores(self, tags: Iterable[str], title: str) -> dict[str, float]:
        """Era id -> evidence (only eras at or above :data:`MIN_SCORE`)."""
        tag_list = list(tags)
        score: dict[str, float] = defaultdict(float)
        feats = features(tag_list, title)
        for feature, weight in feats.items():
            per_era = self.counts.get(feature)
            if not per_era:
                continue
            total = sum(per_era.values())
            era, uses = per_era.most_common(1)[0]
            if total >= MIN_USES and uses / total >= MIN_SHARE:
                score[era] += weight * uses / total
        words = _words(title) | {w for t in tag_list for w in _words(str(t))}
        for era, name in self.name_words.items():
            if name and name <= words:
                score[era] += MIN_SCORE
        return {era: s for era, s in score.items() if s >= MIN_SCORE}


__all__ = ["MIN_SCORE", "SubjectProfile", "features"]
