#!/usr/bin/env python3
"""Peer speed (and quality) check: trafilatura on the trafilatura-eval pages.

Creates a virtual environment (default: target/peer-venv), installs trafilatura from PyPI
into it, then re-runs itself inside it. All pages are read and decompressed first; only
the calls to trafilatura.extract are timed (one process, pages in evaldata.json order).
Prints pages/s and the same whitespace-normalised substring scores that
`parallax eval extraction` reports, so both tools are measured the same way.
"""

import argparse
import gzip
import json
import os
import re
import subprocess
import sys
import time

DEFAULT_VERSION = "2.2.0"


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", default="../shared/data/extraction/trafilatura-eval",
                        help="folder holding evaldata.json, eval/ and cache/")
    parser.add_argument("--venv", default="target/peer-venv", help="where to create the virtual environment")
    parser.add_argument("--version", default=DEFAULT_VERSION, help="trafilatura version to install")
    parser.add_argument("--fast", action="store_true", help="trafilatura's fast mode (no fallback extractors)")
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    return parser.parse_args()


def in_venv(venv):
    return os.path.realpath(sys.prefix) == os.path.realpath(venv)


def ensure_venv(args):
    """Create the venv and install trafilatura, then re-run this script inside it."""
    python = os.path.join(args.venv, "bin", "python")
    if not os.path.exists(python):
        print(f"creating {args.venv}", file=sys.stderr)
        subprocess.run([sys.executable, "-m", "venv", args.venv], check=True)
    check = subprocess.run([python, "-c", "import importlib.metadata as m; print(m.version('trafilatura'))"],
                           capture_output=True, text=True)
    if check.returncode != 0 or check.stdout.strip() != args.version:
        print(f"installing trafilatura=={args.version} from PyPI", file=sys.stderr)
        # justext imports lxml.html.clean, which newer lxml releases ship as a separate package
        packages = [f"trafilatura=={args.version}", "lxml_html_clean"]
        subprocess.run([python, "-m", "pip", "install", "--quiet", *packages], check=True)
    os.execv(python, [python, *sys.argv])


def norm(text):
    return re.sub(r"\s+", " ", text).strip()


def load_pages(data):
    with open(os.path.join(data, "evaldata.json"), encoding="utf-8") as f:
        evaldata = json.load(f)
    pages = []
    for url, item in evaldata.items():
        for folder in ("eval", "cache"):
            path = os.path.join(data, folder, item["file"] + ".gz")
            if os.path.isfile(path):
                with gzip.open(path, "rb") as f:
                    pages.append((url, item, f.read()))
                break
        else:
            print(f"missing page {item['file']}", file=sys.stderr)
    return pages


def main():
    args = parse_args()
    if not in_venv(args.venv):
        ensure_venv(args)
        return
    # This file is itself named trafilatura.py: drop its folder from the import path first.
    here = os.path.dirname(os.path.realpath(__file__))
    sys.path[:] = [p for p in sys.path if os.path.realpath(p or os.curdir) != here]
    import trafilatura  # noqa: PLC0415 (only inside the venv)

    pages = load_pages(args.data)
    options = {"fast": args.fast, "include_comments": False, "include_tables": True, "include_formatting": False}
    trafilatura.extract(b"<html><body><p>warm up</p></body></html>", **options)
    results = []
    start = time.perf_counter()
    for _, _, html in pages:
        try:
            results.append(trafilatura.extract(html, **options))
        except Exception:  # a crash counts as a full miss, as in trafilatura's own benchmark
            results.append(None)
    seconds = time.perf_counter() - start
    tp = fp = fn = tn = 0
    for (_, item, _), result in zip(pages, results):
        text = norm(result) if isinstance(result, str) else None
        found_with = sum(1 for s in item["with"] if text is not None and norm(s) in text)
        found_without = sum(1 for s in item["without"] if text is not None and norm(s) in text)
        tp += found_with
        fn += len(item["with"]) - found_with
        fp += found_without
        tn += len(item["without"]) - found_without
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * tp / (2 * tp + fp + fn) if tp + fp + fn else 0.0
    accuracy = (tp + tn) / (tp + tn + fp + fn) if pages else 0.0
    report = {
        "tool": f"trafilatura {trafilatura.__version__}" + (" (fast)" if args.fast else ""),
        "pages": len(pages),
        "seconds": round(seconds, 3),
        "pages_per_second": round(len(pages) / seconds, 1) if seconds else None,
        "precision": round(precision, 4),
        "recall": round(recall, 4),
        "f1": round(f1, 4),
        "accuracy": round(accuracy, 4),
        "tp": tp, "fp": fp, "fn": fn, "tn": tn,
    }
    if args.json:
        print(json.dumps(report, indent=2))
    else:
        print(f"{report['tool']}: {len(pages)} pages in {seconds:.2f} s = {report['pages_per_second']} pages/s "
              f"(one process, extraction only)")
        print(f"P {precision:.3f} R {recall:.3f} F1 {f1:.3f} accuracy {accuracy:.3f} "
              f"(tp {tp} fp {fp} fn {fn} tn {tn})")


if __name__ == "__main__":
    main()
