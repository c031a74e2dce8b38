"""Micro-benchmark of papertui.search.engine on a synthetic in-memory library (a dev tool).

usage: python benchmarks/bench_engine.py [N ...] [--repeat R]     (default: 10000 100000)

Builds a seeded synthetic Library of N papers in memory (no YAML), then times:
- the index build (SearchIndex) and the lazy word index (WordIndex);
- typing each query one character at a time through one Engine (so incremental narrowing
  and the query cache work as they do for a user), keystrokes of 3+ characters only;
- a few filter/facet views.
Prints wall-clock median, p95 and max per query in ms, plus the median and p95 of process
CPU time (steadier than wall time on a shared, loaded machine).
With --stalls: the worst main-thread gap while a worker thread searches (GIL holds).
No assertions: the scale helper's suite owns the targets.
"""

from __future__ import annotations

import argparse
import gc
import random
import statistics
import time
from collections.abc import Callable

from papertui.library.model import Era, Library, Paper
from papertui.search.engine import Engine, Sort, View
from papertui.search.index import SearchIndex
from papertui.search.ranking import WordIndex

TERMS = [
    "Attention",
    "Transformer",
    "Convolutional",
    "Recurrent",
    "Residual",
    "Generative",
    "Adversarial",
    "Variational",
    "Diffusion",
    "Contrastive",
    "Self-Supervised",
    "Graph",
    "Neural",
    "Sparse",
    "Dense",
    "Efficient",
    "Scalable",
    "Robust",
    "Federated",
    "Multimodal",
    "Language",
    "Vision",
    "Speech",
    "Embedding",
    "Representation",
    "Policy",
    "Gradient",
    "Memory",
    "Retrieval",
    "Augmented",
    "Reasoning",
    "Alignment",
    "Preference",
    "Instruction",
    "Pretraining",
    "Distillation",
    "Quantization",
    "Pruning",
    "Mixture-of-Experts",
    "Latent",
    "Autoregressive",
    "Bayesian",
    "Kernel",
    "Normalization",
    "Dropout",
    "Encoder",
    "Decoder",
    "Sequence",
    "Tokenization",
    "Few-Shot",
    "Zero-Shot",
    "Meta-Learning",
    "Curriculum",
    "Exploration",
    "Planning",
    "Hierarchical",
    "Causal",
    "Energy-Based",
    "Equivariant",
    "Probabilistic",
    "Spectral",
    "Boosting",
    "Reinforcement",
    "Imitation",
    "Agents",
    "Networks",
    "Models",
    "Learning",
]
TASKS = [
    "Image Classification",
    "Machine Translation",
    "Question Answering",
    "Object Detection",
    "Speech Recognition",
    "Text Generation",
    "Protein Folding",
    "Code Synthesis",
    "Robotic Control",
    "Recommendation",
    "Summarization",
    "Segmentation",
    "Time Series Forecasting",
    "Anomaly Detection",
    "Game Playing",
    "Retrieval",
]
TEMPLATES = (
    "{a} {b} for {t}",
    "Towards {a} {b} {c}",
    "{a} Is All You Need for {t}",
    "On the {a} of {b} {c}",
    "Scaling {a} {b} to {t}",
    "{a}-{b}: {c} {d} for {t}",
    "Learning {a} {b} with {c} {d}",
)
FIRST = [
    "Geoffrey",
    "Yann",
    "Yoshua",
    "Ashish",
    "Noam",
    "Jacob",
    "Ilya",
    "Alex",
    "Kaiming",
    "Andrej",
    "Fei-Fei",
    "Demis",
    "Oriol",
    "Quoc",
    "Jürgen",
    "Sepp",
    "Bernhard",
    "Łukasz",
    "José",
    "Zoë",
    "Amélie",
    "Chloé",
    "Mingwei",
    "Xiang",
    "Priya",
    "Arjun",
    "Sofia",
    "Lars",
]
LAST = [
    "Hinton",
    "LeCun",
    "Bengio",
    "Vaswani",
    "Shazeer",
    "Devlin",
    "Sutskever",
    "Krizhevsky",
    "He",
    "Karpathy",
    "Li",
    "Hassabis",
    "Vinyals",
    "Le",
    "Schmidhuber",
    "Hochreiter",
    "Schölkopf",
    "Kaiser",
    "García",
    "Müller",
    "Dubois",
    "Zhang",
    "Wang",
    "Chen",
    "Patel",
    "Singh",
    "Rossi",
    "Nilsson",
    "Kowalski",
    "Novák",
    "Ridley",
    "Okafor",
    "Tanaka",
    "Kim",
    "Park",
]
ORGS = [
    "Google Brain",
    "DeepMind",
    "OpenAI",
    "Meta AI",
    "Microsoft Research",
    "University of Toronto",
    "MIT",
    "Stanford",
    "Université de Montréal",
    "ETH Zürich",
    "Tsinghua University",
    "Carnegie Mellon University",
    "Mila",
]
TAGS = [f"{t}" for t in TERMS[:40]]
ERAS = (
    Era("perceptrons", "Perceptrons", 1950, 1979),
    Era("connectionism", "Connectionism", 1980, 1995),
    Era("statistical", "Statistical Learning", 1996, 2005),
    Era("deep", "Deep Learning Dawn", 2006, 2011),
    Era("imagenet", "ImageNet Era", 2012, 2016),
    Era("transformer", "Transformer", 2017, 2019),
    Era("scaling", "Scaling", 2020, 2022),
    Era("foundation", "Foundation Models", 2023, None),
)
QUERIES = (
    "resnet",
    "hinton",
    "transfo",
    "attn",
    "diffus",
    "bengio",
    "vision",
    "contrast",
    "attn is all",
    "tranformer",
    "schölkopf",
    "zzqxvw",
)


def synthetic_library(n: int, seed: int = 7) -> Library:
    rng = random.Random(seed)
    papers = []
    for i in range(n):
        year = min(2025, int(1950 + 76 * rng.random() ** 0.35))
        era = next(e.id for e in ERAS if e.contains_year(year))
        a, b, c, d = rng.sample(TERMS, 4)
        title = rng.choice(TEMPLATES).format(a=a, b=b, c=c, d=d, t=rng.choice(TASKS))
        short = f"{a[:4]}{b[:3]}{rng.choice(['', '-2', ' v2', 'Net', 'GAN', 'Former'])}"
        authors = tuple(f"{rng.choice(FIRST)} {rng.choice(LAST)}" for _ in range(rng.randint(2, 6)))
        papers.append(
            Paper(
                id=f"p{i:07d}",
                short=short,
                title=title,
                date=f"{year}-{rng.randint(1, 12):02d}",
                era=era,
                authors=authors,
                org=rng.choice(ORGS),
                tags=tuple(rng.sample(TAGS, rng.randint(1, 5))),
            )
        )
    return Library.build(ERAS, papers)


def timed(fn: Callable[[], object]) -> float:
    start = time.perf_counter()
    fn()
    return (time.perf_counter() - start) * 1000


def p95(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]


def bench(n: int, repeat: int) -> None:
    gc.disable()
    t0 = time.perf_counter()
    library = synthetic_library(n)
    gen_ms = (time.perf_counter() - t0) * 1000
    gc.freeze()
    gc.enable()
    build = [timed(lambda: SearchIndex.build(library)) for _ in range(max(1, repeat // 2))]
    index = SearchIndex.build(library)
    words_ms = timed(lambda: WordIndex.build(index))
    engine = Engine.from_index(library, index)
    warm_ms = timed(engine.warm)  # as the app would, in a worker
    print(f"\nN={n:,}  (generate {gen_ms:.0f} ms)")
    print(f"  index build      median {statistics.median(build):7.1f} ms")
    print(f"  word index build        {words_ms:7.1f} ms")
    print(f"  Engine.warm (all lazy)  {warm_ms:7.1f} ms")
    print(
        f"  {'query (3+ chars typed)':28} {'median':>8} {'p95':>8} {'max':>8} "
        f"{'cpu med':>8} {'cpu p95':>8}  results"
    )
    for query in QUERIES:
        times: list[float] = []
        cpu: list[float] = []
        count = 0
        for _ in range(repeat):
            engine._cache.clear()  # each repetition types the query afresh
            for k in range(1, len(query) + 1):
                view = View(query=query[:k])
                start, start_cpu = time.perf_counter(), time.process_time()
                res = engine.run(view)
                elapsed = (time.perf_counter() - start) * 1000
                if k >= 3:
                    times.append(elapsed)
                    cpu.append((time.process_time() - start_cpu) * 1000)
                count = len(res.ids)
        print(
            f"  {query!r:28} {statistics.median(times):8.1f} {p95(times):8.1f} "
            f"{max(times):8.1f} {statistics.median(cpu):8.1f} {p95(cpu):8.1f}  {count:,}"
        )
    views = {
        "no query (all papers)": View(),
        "era=transformer": View(era="transformer"),
        "tags Attention+Vision": View(tags=frozenset({"Attention", "Vision"})),
        "tag:graph year:2017..": View(query="tag:graph year:2017.."),
        "author:hinton sort=title": View(query="author:hinton", sort=Sort.TITLE),
    }
    for name, view in views.items():
        times = [timed(lambda v=view: engine.run(v)) for _ in range(repeat)]
        print(f"  {name:28} {statistics.median(times):8.1f} {p95(times):8.1f} {max(times):8.1f}")


def stalls(n: int) -> None:
    """Worst gap seen by a 1 ms ticker on the main thread while a worker thread types every
    query (what a UI thread would feel: C calls that hold the GIL)."""
    import threading

    library = synthetic_library(n)
    engine = Engine(library)
    done = threading.Event()

    def typing() -> None:
        engine.warm()
        for query in QUERIES:
            for k in range(1, len(query) + 1):
                engine.run(View(query=query[:k]))
        done.set()

    worker = threading.Thread(target=typing)
    gaps: list[float] = []
    worker.start()
    last = time.perf_counter()
    while not done.is_set():
        time.sleep(0.001)
        now = time.perf_counter()
        gaps.append((now - last) * 1000)
        last = now
    worker.join()
    gaps.sort()
    print(
        f"\nN={n:,} main-thread gaps while a worker warms up and types: "
        f"median {statistics.median(gaps):.1f} ms, p99 {gaps[int(0.99 * (len(gaps) - 1))]:.1f}"
        f" ms, worst {gaps[-1]:.1f} ms over {len(gaps):,} ticks"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("sizes", nargs="*", type=int, default=[10_000, 100_000])
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--stalls", action="store_true", help="measure GIL stalls instead")
    args = parser.parse_args()
    for n in args.sizes:
        if args.stalls:
            stalls(n)
        else:
            bench(n, args.repeat)


if __name__ == "__main__":
    main()
