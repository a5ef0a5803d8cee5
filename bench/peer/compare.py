#!/usr/bin/env python3
"""Parallax against the Python stack a user would otherwise pick, stage by stage, in one run.

Stages, each on the same inputs for both sides, one after the other (never concurrently):
  1. article extraction: `parallax eval extraction` vs trafilatura (bench/peer/trafilatura.py)
     on the 990 trafilatura-eval pages: pages/s and F1;
  2. named entities: `parallax eval ner` vs spaCy's en_core_web_sm (bench/peer/spacy_ner.py)
     on CoNLL-2003 eng.testa: tokens/s and conlleval entity F1;
  3. event clustering: `parallax eval events` vs scikit-learn TF-IDF + agglomerative
     clustering (bench/peer/sklearn_events.py) on ECB+ topics 1-35: documents/s and B-cubed F1.

Every side runs as its own process and reports its own timing, which excludes interpreter or
process start-up and model loading. The event stage times clustering on both sides: Parallax
from its extracted articles (building the features is timed: terms, names, dates) to the
refined events, scikit-learn from the documents' text to the cluster labels; Parallax's
cleaning and extraction before it are reported beside (their speed is stages 1 and 2), as is
the Python side's XML reading. Each side runs --repeat times and the fastest run is kept
(quality is the same on every run). The CPU time of each process (user + sys) is recorded
too, so the cores a side used can be read off as CPU time / wall time.

Run it through bench/peer/compare.sh, which creates the Python environment first. The
Parallax binary is $PARALLAX (default: target/release/parallax); timings from a debug build
mean nothing.
"""

import argparse
import datetime
import json
import os
import platform
import resource
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.realpath(__file__))


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--parallax", default=os.environ.get("PARALLAX", "target/release/parallax"),
                        help="the Parallax binary (default: $PARALLAX or target/release/parallax)")
    parser.add_argument("--data-root", default="../shared/data", help="the folder holding extraction/, ner/, events/")
    parser.add_argument("--stages", default="extraction,ner,events", help="comma-separated subset of the stages")
    parser.add_argument("--repeat", type=int, default=1, help="runs per side; the fastest is kept")
    parser.add_argument("--json", action="store_true", help="print one JSON object instead of text")
    parser.add_argument("--json-out", metavar="FILE", help="also write the JSON object to FILE")
    return parser.parse_args()


def run(command):
    """Runs a command that prints JSON; returns (parsed JSON, wall seconds, CPU seconds of the process)."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    done = subprocess.run(command, capture_output=True, text=True)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if done.returncode != 0:
        sys.exit(f"failed ({done.returncode}): {' '.join(command)}\n{done.stderr[-3000:]}")
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return json.loads(done.stdout), wall, cpu


def best_of(repeat, command, rate):
    """Runs `command` `repeat` times; keeps the run with the highest rate(report, wall)."""
    best = None
    for _ in range(max(repeat, 1)):
        report, wall, cpu = run(command)
        items_per_second = rate(report, wall)
        if best is None or items_per_second > best[0]:
            best = (items_per_second, report, wall, cpu)
    return best


def side(name, command, measured, items, seconds, quality, wall, cpu, note):
    return {
        "tool": name,
        "command": " ".join(command),
        "items": items,
        "seconds": round(seconds, 3),
        "items_per_second": round(items / seconds, 1),
        "quality": round(quality, 4),
        "timed": measured,
        "process_wall_seconds": round(wall, 3),
        "process_cpu_seconds": round(cpu, 3),
        "cores_used": round(cpu / wall, 2) if wall else None,
        "note": note,
    }


def stage_extraction(args, py):
    data = os.path.join(args.data_root, "extraction", "trafilatura-eval")
    ours = [args.parallax, "eval", "extraction", "--json", "-q", "--data", data]
    _, report, wall, cpu = best_of(args.repeat, ours, lambda r, w: r["pages_per_second"])
    parallax = side("parallax eval extraction", ours, f"cleaning of {report['n_pages']} pages, one thread",
                    report["n_pages"], report["seconds"], report["overall"]["f1"], wall, cpu,
                    "reading and decompressing excluded")
    theirs = [py, os.path.join(HERE, "trafilatura.py"), "--json", "--venv", sys.prefix, "--data", data]
    _, report, wall, cpu = best_of(args.repeat, theirs, lambda r, w: r["pages_per_second"])
    python = side(report["tool"], theirs, f"trafilatura.extract on {report['pages']} pages, one process",
                  report["pages"], report["seconds"], report["f1"], wall, cpu, "reading and decompressing excluded")
    return {"stage": "extraction", "unit": "pages/s", "quality_measure": "F1 (trafilatura's snippet scores)",
            "data": data, "parallax": parallax, "python": python}


def stage_ner(args, py):
    data = os.path.join(args.data_root, "ner", "conll2003", "eng.testa")
    ours = [args.parallax, "eval", "ner", "--json", "-q", "--data", data]
    _, report, wall, cpu = best_of(args.repeat, ours, lambda r, w: r["tokens_per_second"])
    parallax = side("parallax eval ner", ours, f"tagging {report['n_tokens']} tokens, one thread",
                    report["n_tokens"], report["seconds"], report["overall"]["f1"], wall, cpu,
                    "reading the file and loading the model excluded")
    theirs = [py, os.path.join(HERE, "spacy_ner.py"), "--json", "--data", data]
    _, report, wall, cpu = best_of(args.repeat, theirs, lambda r, w: r["tokens_per_second"])
    python = side(report["tool"], theirs, f"Doc construction + nlp.pipe on {report['tokens']} tokens, one process",
                  report["tokens"], report["seconds"], report["overall"]["f1"], wall, cpu,
                  "reading the file and loading the model excluded")
    return {"stage": "ner", "unit": "tokens/s", "quality_measure": "entity F1 (conlleval, PER/ORG/LOC/MISC)",
            "data": data, "parallax": parallax, "python": python}


def stage_events(args, py):
    data = os.path.join(args.data_root, "events", "ecbplus")
    ours = [args.parallax, "eval", "events", "--json", "-q", "--data", data]
    _, report, wall, cpu = best_of(args.repeat, ours, lambda r, w: r["overall"]["n_items"] / max(r["cluster_seconds"], 1e-9))
    parallax = side("parallax eval events", ours,
                    f"clustering of {report['overall']['n_items']} extracted documents (features, stream, "
                    "refinement), one thread",
                    report["overall"]["n_items"], report["cluster_seconds"], report["overall"]["bcubed_f1"], wall, cpu,
                    f"cleaning and extraction before it {report['extract_seconds']:.3f} s (their speed is the "
                    "extraction and entities stages); "
                    f"{len(report['rejected'])} documents rejected by cleaning, scored as singletons")
    theirs = [py, os.path.join(HERE, "sklearn_events.py"), "--json", "--data", data]
    _, report, wall, cpu = best_of(args.repeat, theirs, lambda r, w: r["documents"] / max(r["cluster_seconds"], 1e-9))
    python = side(report["tool"], theirs,
                  f"TF-IDF + clustering of {report['documents']} documents, one process",
                  report["documents"], report["cluster_seconds"], report["bcubed_f1"], wall, cpu,
                  f"threshold {report['threshold']} tuned once on these topics (see README); "
                  f"XML reading before it {report['load_seconds']} s")
    return {"stage": "events", "unit": "documents/s", "quality_measure": "B-cubed F1 (gold: topic + ecb/ecbplus)",
            "data": data, "parallax": parallax, "python": python}


STAGES = {"extraction": stage_extraction, "ner": stage_ner, "events": stage_events}


def machine():
    model = ""
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as f:
            model = next((line.split(":", 1)[1].strip() for line in f if line.startswith("model name")), "")
    except OSError:
        pass
    return {"cpus": os.cpu_count(), "cpu_model": model, "system": platform.platform(),
            "python": platform.python_version(), "load_average": [round(x, 2) for x in os.getloadavg()]}


def main():
    args = parse_args()
    if not os.path.isfile(args.parallax):
        sys.exit(f"no Parallax binary at {args.parallax}: `cargo build --release -p parallax-cli` "
                 "or set PARALLAX=/path/to/parallax")
    stages = [s.strip() for s in args.stages.split(",") if s.strip()]
    unknown = [s for s in stages if s not in STAGES]
    if unknown:
        sys.exit(f"unknown stage(s) {', '.join(unknown)}; known: {', '.join(STAGES)}")
    result = {
        "date": datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d %H:%M UTC"),
        "machine": machine(),
        "parallax_binary": os.path.realpath(args.parallax),
        "debug_build": "/debug/" in os.path.realpath(args.parallax),
        "repeat": args.repeat,
        "stages": [],
    }
    for name in stages:
        print(f"running stage {name} ...", file=sys.stderr)
        stage = STAGES[name](args, sys.executable)
        ours, theirs = stage["parallax"]["items_per_second"], stage["python"]["items_per_second"]
        stage["ratio"] = float(f"{ours / theirs:.3g}") if theirs else None
        result["stages"].append(stage)
    result["machine"]["load_average_after"] = [round(x, 2) for x in os.getloadavg()]
    if args.json_out:
        with open(args.json_out, "w", encoding="utf-8") as f:
            json.dump(result, f, indent=2)
            f.write("\n")
    if args.json:
        print(json.dumps(result, indent=2))
        return
    m = result["machine"]
    print(f"Parallax vs the Python stack, {result['date']}, {m['cpus']} CPUs ({m['cpu_model']}), "
          f"load average {m['load_average'][0]} before, {m['load_average_after'][0]} after")
    print(f"Parallax binary: {result['parallax_binary']}"
          + ("  ** DEBUG BUILD: the timings mean nothing **" if result["debug_build"] else ""))
    print(f"best of {args.repeat} run(s) per side; each side runs alone; items/s are wall clock")
    for stage in result["stages"]:
        print(f"\n{stage['stage']} ({stage['unit']}, quality = {stage['quality_measure']}) on {stage['data']}")
        for key in ("parallax", "python"):
            s = stage[key]
            print(f"  {s['tool']}: {s['items']:,} in {s['seconds']} s = {s['items_per_second']:,.1f} {stage['unit']}, "
                  f"quality {s['quality']:.3f}")
            print(f"      timed: {s['timed']}; {s['note']}")
            print(f"      process: {s['process_wall_seconds']} s wall, {s['process_cpu_seconds']} s CPU "
                  f"({s['cores_used']} cores used)")
        print(f"  ratio (Parallax / Python): {stage['ratio']}x")
    print()
    header = ("stage", "Parallax items/s", "Python items/s", "ratio", "Parallax quality", "Python quality")
    rows = [(s["stage"] + f" ({s['unit']})", f"{s['parallax']['items_per_second']:,.1f}",
             f"{s['python']['items_per_second']:,.1f}", f"{s['ratio']}x", f"{s['parallax']['quality']:.3f}",
             f"{s['python']['quality']:.3f}") for s in result["stages"]]
    widths = [max(len(r[i]) for r in [header, *rows]) for i in range(len(header))]
    print("| " + " | ".join(h.ljust(w) for h, w in zip(header, widths)) + " |")
    print("|" + "|".join("-" * (w + 2) for w in widths) + "|")
    for row in rows:
        print("| " + " | ".join(c.ljust(w) for c, w in zip(row, widths)) + " |")


if __name__ == "__main__":
    main()
