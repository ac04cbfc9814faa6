"""The docs' plots, drawn by matplotlib from the recorded runs in
docs/records/ into docs/img/plots/*.svg. `make docs` draws them; `make test`
runs this with --check, which fails when a committed plot differs from what
its record draws now (a plot edited by hand, or a record changed without
`make docs`).

    PYTHONPATH=.tools/plot python3 scripts/plots.py [--check]

The SVGs are made reproducible: text stays text (no glyph paths), no date
in the metadata, and a fixed salt for the ids matplotlib generates.
"""

import io
import json
import sys
from pathlib import Path

import matplotlib

matplotlib.use("svg")
import matplotlib.pyplot as plt  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
RECORDS = ROOT / "docs" / "records"
PLOTS = ROOT / "docs" / "img" / "plots"
BENCH = "bench-2026-12-06-1"
COMPILE = "compile-cost-2026-12-06"

plt.rcParams.update({"svg.fonttype": "none", "svg.hashsalt": "wasm-by-hand", "font.size": 10})


def record(name):
    return json.loads((RECORDS / f"{name}.json").read_text())["data"]


def engines(fig):
    """wasm time over native, per kernel and engine (log scale: Pulley)."""
    data = record(BENCH)
    rows = [e for e in data["engines"] if not e["engine"].startswith("native")]
    kernels = [k["name"] for k in rows[0]["kernels"]]
    ax = fig.add_subplot()
    width = 0.8 / len(rows)
    for i, row in enumerate(rows):
        xs = [k + i * width for k in range(len(kernels))]
        ax.bar(xs, [k["ratio"] for k in row["kernels"]], width, label=row["engine"])
    ax.set_xticks([k + 0.4 - width / 2 for k in range(len(kernels))], kernels)
    ax.set_yscale("log")
    ax.axhline(1, color="black", linewidth=0.8)
    ax.set_ylabel("time over native (log scale; 1 = native)")
    ax.set_title(f"Engines, guest-raw.wasm ({BENCH})")
    ax.legend(fontsize=8)


def safety(fig):
    """What each safety setting costs, over native, plain and simd128."""
    data = record(BENCH)
    kernels = [k["name"] for k in data["kernels"]]
    for n, (key, title) in enumerate([("ratios", "plain"), ("simd_ratios", "simd128")]):
        ax = fig.add_subplot(1, 2, n + 1)
        width = 0.8 / len(data["safety"])
        for i, row in enumerate(data["safety"]):
            xs = [k + i * width for k in range(len(kernels))]
            ax.bar(xs, row[key], width, label=row["name"])
        ax.set_xticks([k + 0.4 - width / 2 for k in range(len(kernels))], [k.split(" ")[0] for k in kernels])
        ax.axhline(1, color="black", linewidth=0.8)
        ax.set_title(title)
        if n == 0:
            ax.set_ylabel("time over native")
            ax.legend(fontsize=8)
    fig.suptitle(f"What safety costs ({BENCH})")


def serving(fig):
    """Calls per second through the pool, against threads."""
    data = record(BENCH)
    ax = fig.add_subplot()
    for mode in ("fresh", "reused"):
        rows = [r for r in data["serving"] if r["mode"] == mode]
        threads = [r["threads"] for r in rows]
        rates = [r["calls_per_s"] for r in rows]
        low = [r["calls_per_s"] - r["calls_per_s_range"][0] for r in rows]
        high = [r["calls_per_s_range"][1] - r["calls_per_s"] for r in rows]
        ax.errorbar(threads, rates, yerr=[low, high], marker="o", capsize=4, label=f"{mode} instances")
    ax.set_xticks([1, 2])
    ax.set_xlabel("threads")
    ax.set_yscale("log")
    ax.set_ylabel("calls per second (log scale; median run, range)")
    ax.set_title(f"Serving upper(\"hello, plugin\") ({BENCH})")
    ax.legend()


def compile_cost(fig):
    """Compile time and peak memory against module size, per bomb shape."""
    rows = record(COMPILE)["rows"]
    shapes = sorted({r["shape"] for r in rows}, key=[r["shape"] for r in rows].index)
    for n, (key, label) in enumerate([("seconds", "compile time (s)"), ("peak_mib", "peak memory (MiB)")]):
        ax = fig.add_subplot(1, 2, n + 1)
        for shape in shapes:
            mine = [r for r in rows if r["shape"] == shape]
            ax.plot([r["module_bytes"] for r in mine], [r["unbounded"][key] for r in mine], marker="o", label=shape)
        ax.set_xscale("log")
        ax.set_xlabel("module size (bytes, log scale)")
        ax.set_ylabel(label)
        limit = 2.0 if key == "seconds" else 200
        ax.axhline(limit, color="red", linewidth=0.8, linestyle="--", label="default budget")
        if n == 0:
            ax.legend(fontsize=8)
    fig.suptitle(f"Compiling hostile modules, no budget ({COMPILE})")


PLOTTERS = {"engines": engines, "safety": safety, "serving": serving, "compile-cost": compile_cost}


def draw(name):
    fig = plt.figure(figsize=(9, 4.5))
    PLOTTERS[name](fig)
    fig.tight_layout()
    text = io.StringIO()
    fig.savefig(text, format="svg", metadata={"Date": None})
    plt.close(fig)
    return text.getvalue()


def main():
    check = "--check" in sys.argv[1:]
    PLOTS.mkdir(parents=True, exist_ok=True)
    stale = []
    for name in PLOTTERS:
        path = PLOTS / f"{name}.svg"
        svg = draw(name)
        if check:
            if not path.exists() or path.read_text() != svg:
                stale.append(str(path.relative_to(ROOT)))
        elif not path.exists() or path.read_text() != svg:
            path.write_text(svg)
            print(f"plots: drew {path.relative_to(ROOT)}")
    if stale:
        print("error: plots differ from their records (run `make docs`): " + ", ".join(stale), file=sys.stderr)
        sys.exit(1)


if __name__ == "__main__":
    main()
