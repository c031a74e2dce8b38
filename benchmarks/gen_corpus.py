"""Seeded, deterministic synthetic paper corpus in papertui's real YAML layout.

usage: python benchmarks/gen_corpus.py N OUT_DIR [--seed S] [--shard K] [--lines FILE]

Writes ``OUT_DIR/eras.yaml`` and ``OUT_DIR/papers/``:

- below 10,000 papers (or with ``--shard 0``): one paper per file, ``papers/<id>.yaml``,
  exactly like the bundled data;
- from 10,000 papers on (or with ``--shard K``): shards ``papers/NNNN.yaml``, each holding a
  YAML *sequence* of K papers (default 1,000), the layout ARCHITECTURE.md allows for big
  generated collections (one file per paper would mean a million files at 1M).

Papers are in date order, so every ``builds_on`` id names an earlier paper. Titles, short
names, authors, orgs, tags, eras, dates, arXiv ids, summaries and lineage are drawn from
realistic vocabularies; the same ``N`` and ``--seed`` always give byte-identical output.
``--lines FILE`` also writes one search line per paper (short name, title, authors) for
``fzf --filter`` comparisons.

Fast enough for 1M papers (about a minute here): papers are formatted straight to text and
streamed to disk; strings are emitted as JSON strings, which are valid YAML double-quoted
scalars (the vocabulary is plain BMP text).
"""

from __future__ import annotations

import argparse
import json
import random
import shutil
import sys
import time
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TextIO

SHARD_FROM = 10_000  # below this many papers, one file per paper
SHARD_SIZE = 1_000


def words(text: str, sep: str | None = None) -> list[str]:
    return text.split(sep)


# (id, name, start, end, blurb)
ERAS: tuple[tuple[str, str, int, int | None, str], ...] = (
    ("perceptrons", "Perceptrons and Symbolic AI", 1950, 1979, "Learning machines, first hopes"),
    ("connectionism", "Connectionism", 1980, 1995, "Backpropagation and neural revival"),
    ("statistical-learning", "Statistical Learning", 1996, 2005, "Kernels, graphs, boosting"),
    ("deep-learning", "Deep Learning Dawn", 2006, 2011, "Deep belief nets and pretraining"),
    ("imagenet", "ImageNet Era", 2012, 2016, "GPUs, CNNs and big labelled data"),
    ("transformer", "Transformer", 2017, 2019, "Attention replaces recurrence"),
    ("scaling", "Scaling", 2020, 2022, "Bigger models, emergent abilities"),
    ("foundation-models", "Foundation Models", 2023, None, "Assistants, agents, alignment"),
)

TERMS = words(
    "Attention Transformer Convolutional Recurrent Residual Generative Adversarial Variational "
    "Diffusion Contrastive Self-Supervised Graph Neural Sparse Dense Efficient Scalable Robust "
    "Federated Multimodal Language Vision Speech Embedding Representation Policy Gradient Memory "
    "Retrieval Augmented Reasoning Alignment Preference Instruction Pretraining Distillation "
    "Quantization Pruning Mixture-of-Experts Latent Autoregressive Bayesian Kernel Normalization "
    "Dropout Encoder Decoder Sequence Tokenization Few-Shot Zero-Shot Meta-Learning Curriculum "
    "Exploration Planning Hierarchical Causal Energy-Based Equivariant Probabilistic Spectral "
    "Boltzmann Hebbian Perceptron Backpropagation Boosting Support-Vector Ensemble Adaptive"
)
TASKS = words(
    "Image Classification|Machine Translation|Question Answering|Speech Recognition|"
    "Object Detection|Language Modeling|Protein Folding|Game Playing|Code Generation|"
    "Text-to-Image Synthesis|Robotic Control|Recommendation|Semantic Parsing|Video Understanding|"
    "Mathematical Reasoning|Dialogue|Handwriting Recognition|Time Series Forecasting|"
    "Image Segmentation|Molecule Generation",
    "|",
)
TEMPLATES = (
    "{a} {b} for {t}",
    "{s}: {a} {b} {c}",
    "Learning {a} {b} with {c} {d}",
    "On the {a} of {b} {c}",
    "Towards {a} {t}",
    "{a} {b} Is All You Need",
    "Scaling {a} {b} for {t}",
    "Improving {t} via {a} {b}",
    "{s}: Training {a} {b} at Scale",
    "A {a} Approach to {t}",
    "Deep {a} Networks for {t}",
    "{s}: {a} {b} Models Are {c} Learners",
)
PREFIX = words(
    "Res Dense Trans Alpha Deep Mega Omni Retro Mix Flash Llama Mamba Diff Auto Neo Hyper Meta "
    "Proto Seq Graph Point Vision Code Chain Mu Sim Go Big Long Effi Wave Style Pix Mobile Swin"
)
SUFFIX = words("Net Former GPT BERT GAN Zero Fold Flow VAE CLIP RL LM Seg Mind Coder Diffusion")
VARIANT = ("", "", "", "-2", "-3", " v2", "-XL", "-Large", "++")
FIRST = words(
    "Geoffrey Yoshua Yann Ashish Noam Ilya Alex Kaiming Ian Diederik Jürgen Sepp Fei-Fei Andrew "
    "Demis David Oriol Quoc Tomas Jeff Christopher Percy Chelsea Sergey Pieter Daphne Yejin Jacob "
    "Kristina Colin Dario Jared Tom Alec Aditya Jason Hugo Timothée Guillaume Aidan Lukasz Niki "
    "Jakob Llion Mingxing Xiangyu Shaoqing Jian Ross Jitendra Trevor Olga Ruslan Max Taco Tim "
    "Emma Sara Priya Anima Raia Koray Volodymyr Shane Julian Nal Aäron Karen Andrej Justin Wei Yi "
    "Hao Jun Li Xin Yu Mohammad Fatemeh Hiroshi Kenji Ana Lucía Olusegun Ngozi Zeynep Ingrid"
)
LAST = words(
    "Hinton Bengio LeCun Vaswani Shazeer Sutskever Krizhevsky He Goodfellow Kingma Schmidhuber "
    "Hochreiter Li Ng Hassabis Silver Vinyals Le Mikolov Dean Manning Liang Finn Levine Abbeel "
    "Koller Choi Devlin Toutanova Raffel Amodei Kaplan Brown Radford Ramesh Wei Touvron Lample "
    "Gomez Kaiser Parmar Uszkoreit Jones Tan Zhang Ren Sun Girshick Malik Darrell Russakovsky "
    "Salakhutdinov Welling Cohen Salimans Kalchbrenner Oord Simonyan Karpathy Johnson Wang Chen "
    "Liu Yang Huang Zhao Wu Zhou Xu Kim Park Nguyen Tanaka Suzuki Garcia Rodriguez Müller Schmidt "
    "Rossi Dubois Okafor Adeyemi Ivanov Petrov Kowalski Novak Singh Gupta Sharma Patel Hosseini "
    "Rahimi Levy Andersen Nielsen Silva Santos Yilmaz Larsen"
)
ORGS = words(
    "Google Brain|Google DeepMind|OpenAI|Meta AI|Microsoft Research|Stanford University|MIT|"
    "UC Berkeley|Carnegie Mellon University|Mila|University of Toronto|NYU|University of Oxford|"
    "University of Cambridge|ETH Zurich|Tsinghua University|Peking University|Anthropic|"
    "Allen Institute for AI|IDSIA|Bell Labs|IBM Research|NVIDIA|Baidu Research|Alibaba DAMO|"
    "Tencent AI Lab|Samsung AI Center|Hugging Face|EleutherAI|Inria",
    "|",
)
TAGS = words(
    "Language Models|Computer Vision|Speech|Reinforcement Learning|Generative Models|GAN|VAE|"
    "Diffusion|Transformer|Attention|CNN|RNN|LSTM|Optimization|Regularization|Normalization|"
    "Theory|Scaling|Alignment|RLHF|Multimodal|Retrieval|Graph Neural Networks|Self-Supervised|"
    "Contrastive Learning|Efficiency|Quantization|Distillation|Mixture of Experts|Benchmark|"
    "Dataset|Robotics|Games|Agents|Reasoning|Interpretability|Safety|Hardware|Embeddings|"
    "Kernel Methods",
    "|",
)
RELATED = words(
    "GPT-2|GPT-3|BERT|RoBERTa|T5|LLaMA|ResNet|VGG|AlexNet|Inception|ViT|CLIP|DALL-E|"
    "Stable Diffusion|AlphaGo|AlphaFold|Word2Vec|GloVe|ELMo|Seq2Seq|U-Net|YOLO|Mask R-CNN",
    "|",
)
WHY = words(
    "same training objective|architecture it extends|baseline it beats|dataset it relies on|"
    "idea it scales up|method it simplifies|result it explains|benchmark it uses",
    "|",
)
WORDS = words(
    "we propose a novel method that model models training data large scale results show "
    "improves performance state of the art benchmark tasks learning network networks layer "
    "layers attention representation representations approach simple effective without "
    "requiring labels across domains this paper introduces framework architecture objective "
    "loss function gradient parameters compute efficient robust generalization evaluation "
    "experiments demonstrate significant gains over prior work baseline baselines our key "
    "insight is that can be trained end-to-end using only a single it enables researchers to "
    "build later systems influential because showed first time practical widely adopted became "
    "standard foundation for"
)
SOURCES = ("archive", "notes", "reading-list", "explained")


@dataclass(frozen=True, slots=True)
class Options:
    n: int
    out: Path
    seed: int
    shard: int  # papers per file; 0 = one file per paper
    lines: Path | None


def q(text: str) -> str:
    """A YAML double-quoted scalar (JSON string syntax is a subset of it)."""
    return json.dumps(text, ensure_ascii=False)


def flow(items: list[str]) -> str:
    return "[" + ", ".join(q(x) for x in items) + "]"


def era_of(year: int) -> str:
    for era_id, _name, start, end, _blurb in ERAS:
        if start <= year and (end is None or year <= end):
            return era_id
    return ERAS[0][0]


def sentences(rng: random.Random, n_words: int) -> str:
    words = rng.choices(WORDS, k=n_words)
    out = []
    for i in range(0, n_words, 12):
        chunk = " ".join(words[i : i + 12])
        out.append(chunk[0].upper() + chunk[1:] + ".")
    return " ".join(out)


def slug_part(text: str) -> str:
    """ASCII, lower-case letters and digits only (ids are ``[a-z0-9][a-z0-9-]*``)."""
    decomposed = unicodedata.normalize("NFKD", text.lower())
    return "".join(ch for ch in decomposed if ch.isascii() and ch.isalnum())


def eras_yaml() -> str:
    parts = []
    for era_id, name, start, end, blurb in ERAS:
        end_text = "null" if end is None else str(end)
        parts.append(
            f"- id: {era_id}\n  name: {q(name)}\n  start: {start}\n  end: {end_text}\n"
            f"  blurb: {q(blurb)}\n"
        )
    return "".join(parts)


def years(rng: random.Random, n: int) -> list[int]:
    """Publication years 1950-2025, skewed towards recent years, in ascending order."""
    return sorted(min(2025, int(1950 + 76 * rng.random() ** 0.35)) for _ in range(n))


def papers(opts: Options) -> Iterator[tuple[str, str, str]]:
    """Yield (id, yaml body lines without the leading indent marker, search line) per paper."""
    rng = random.Random(f"papertui-corpus:{opts.n}:{opts.seed}")
    ids: list[str] = []
    seen: set[str] = set()
    for i, year in enumerate(years(rng, opts.n)):
        authors = [f"{rng.choice(FIRST)} {rng.choice(LAST)}" for _ in range(rng.randint(1, 6))]
        a, b, c, d = rng.sample(TERMS, 4)
        short = rng.choice(PREFIX) + rng.choice(SUFFIX) + rng.choice(VARIANT)
        title = rng.choice(TEMPLATES).format(a=a, b=b, c=c, d=d, t=rng.choice(TASKS), s=short)
        last = slug_part(authors[0].split()[-1])
        base = f"{last}{year}{a.lower().split('-')[0]}"
        pid, k = base, 1
        while pid in seen:
            k += 1
            pid = f"{base}-{k}"
        seen.add(pid)
        month = rng.randint(1, 12)
        date = (
            f"{year}-{month:02d}"
            if rng.random() < 0.6
            else f"{year}-{month:02d}-{rng.randint(1, 28):02d}"
        )
        lines = [
            f"id: {pid}",
            f"short: {q(short)}",
            f"title: {q(title)}",
            f"date: {q(date)}",
            f"era: {era_of(year)}",
            f"authors: {flow(authors)}",
            f"org: {q(rng.choice(ORGS))}",
            f"tags: {flow(rng.sample(TAGS, rng.randint(1, 4)))}",
            f"summary: {q(sentences(rng, rng.randint(40, 70)))}",
        ]
        if rng.random() < 0.5:
            lines.append(f"why_it_matters: {q(sentences(rng, rng.randint(15, 30)))}")
        if rng.random() < 0.2:
            lines.append(f"related: {flow(rng.sample(RELATED, rng.randint(1, 3)))}")
        if i:
            targets = sorted({rng.randrange(max(0, i - 5000), i) for _ in range(rng.randint(0, 4))})
            if targets:
                lines.append("builds_on:")
                for t in targets:
                    if rng.random() < 0.25:
                        lines.append(f"  - id: {ids[t]}\n    why: {q(rng.choice(WHY))}")
                    else:
                        lines.append(f"  - {ids[t]}")
        if year >= 2007:
            arxiv = f"{year % 100:02d}{month:02d}.{rng.randint(1, 29999):05d}"
            lines.append(f"links:\n  arxiv: {q(arxiv)}")
        if rng.random() < 0.1:
            note = f"- {sentences(rng, 10)}\n- {sentences(rng, 8)}"
            lines.append(f"notes:\n  reading-list: {q(note)}")
        lines.append(f"sources: {flow(sorted(rng.sample(SOURCES, rng.randint(1, 2))))}")
        ids.append(pid)
        yield pid, "\n".join(lines), f"{short} {title} {', '.join(authors)}"


def indent_item(body: str) -> str:
    """Turn a top-level mapping into one item of a block sequence."""
    return "- " + body.replace("\n", "\n  ") + "\n"


def generate(opts: Options) -> int:
    if opts.out.exists():
        shutil.rmtree(opts.out)
    paper_dir = opts.out / "papers"
    paper_dir.mkdir(parents=True)
    (opts.out / "eras.yaml").write_text(eras_yaml(), encoding="utf-8")
    lines_file: TextIO | None = None
    if opts.lines is not None:
        lines_file = opts.lines.open("w", encoding="utf-8")
    shard_file: TextIO | None = None
    count = 0
    try:
        for pid, body, line in papers(opts):
            if opts.shard:
                if count % opts.shard == 0:
                    if shard_file is not None:
                        shard_file.close()
                    name = f"{count // opts.shard:04d}.yaml"
                    shard_file = (paper_dir / name).open("w", encoding="utf-8")
                assert shard_file is not None
                shard_file.write(indent_item(body))
            else:
                (paper_dir / f"{pid}.yaml").write_text(body + "\n", encoding="utf-8")
            if lines_file is not None:
                lines_file.write(line + "\n")
            count += 1
    finally:
        if shard_file is not None:
            shard_file.close()
        if lines_file is not None:
            lines_file.close()
    return count


def parse_size(text: str) -> int:
    text = text.strip().lower().replace("_", "")
    scale = {"k": 1_000, "m": 1_000_000}.get(text[-1:], 1)
    return int(float(text[:-1] if scale > 1 else text) * scale)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("n", type=parse_size, help="number of papers (e.g. 1000, 10k, 1m)")
    parser.add_argument("out", type=Path, help="output data folder (replaced if it exists)")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--shard", type=int, default=None, help="papers per file (0 = one each)")
    parser.add_argument("--lines", type=Path, default=None, help="also write search lines here")
    args = parser.parse_args(argv)
    shard = args.shard if args.shard is not None else (SHARD_SIZE if args.n >= SHARD_FROM else 0)
    opts = Options(n=args.n, out=args.out, seed=args.seed, shard=shard, lines=args.lines)
    start = time.perf_counter()
    count = generate(opts)
    seconds = time.perf_counter() - start
    print(f"wrote {count} papers to {opts.out} in {seconds:.1f}s", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
