#!/usr/bin/env python3
"""Peer check for event clustering at corpus scale: scikit-learn on Reuters-21578.

The same method as sklearn_events.py (TfidfVectorizer with English stop words and sublinear
tf, cosine distances, AgglomerativeClustering with average linkage and the distance threshold
chosen on ECB+), on the bodies of the Reuters-21578 stories in file order, the stories that
`parallax bench clustering` streams first. Reuters has no gold events: this measures speed and
memory as the corpus grows, not quality (quality is the ECB+ stage). The distance matrix is
dense, so time and memory grow with the square of the number of documents.

Timed (wall clock, one process): TF-IDF, the distances and the clustering; reading the SGML,
interpreter start-up and imports are not. Run it with the peer venv's python
(bench/peer/compare.sh creates it).
"""

import argparse
import glob
import html
import json
import os
import re
import resource
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from sklearn_events import DEFAULT_THRESHOLD, cut, distances_of  # noqa: E402

STORY = re.compile(r"<REUTERS\b[^>]*>(.*?)</REUTERS>", re.S)
BODY = re.compile(r"<BODY>(.*?)</BODY>", re.S)


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", default="../shared/data/corpora/reuters21578", help="the folder of reut2-*.sgm")
    parser.add_argument("--count", type=int, default=10000, help="stories to cluster, from the first (0: all)")
    parser.add_argument("--threshold", type=float, default=DEFAULT_THRESHOLD, help="cosine distance threshold")
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    return parser.parse_args()


def load(folder):
    files = sorted(glob.glob(os.path.join(folder, "*.sgm")))
    if not files:
        sys.exit(f"no .sgm files in {folder}")
    bodies = []
    for path in files:
        with open(path, encoding="utf-8", errors="replace") as f:
            text = f.read()
        for story in STORY.finditer(text):
            body = BODY.search(story.group(1))
            if body:
                bodies.append(html.unescape(body.group(1)))
    return bodies


def main():
    args = parse_args()
    import sklearn  # noqa: PLC0415

    cut(distances_of(["a warm up text", "another warm up text", "something else"]), args.threshold)
    bodies = load(args.data)
    if args.count:
        bodies = bodies[: args.count]
    wall0, cpu0 = time.perf_counter(), time.process_time()
    distances = distances_of(bodies)
    wall1 = time.perf_counter()
    labels = cut(distances, args.threshold)
    wall2, cpu2 = time.perf_counter(), time.process_time()
    seconds = wall2 - wall0
    report = {
        "tool": f"scikit-learn {sklearn.__version__} TF-IDF + agglomerative (cosine, average, "
                f"threshold {args.threshold})",
        "documents": len(bodies),
        "clusters": int(len(set(labels))),
        "seconds": round(seconds, 3),
        "distance_seconds": round(wall1 - wall0, 3),
        "cluster_seconds": round(wall2 - wall1, 3),
        "cpu_seconds": round(cpu2 - cpu0, 3),
        "documents_per_second": round(len(bodies) / seconds, 1) if seconds else None,
        "peak_resident_mib": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
    }
    if args.json:
        print(json.dumps(report, indent=2))
    else:
        print(f"{report['tool']}: {len(bodies)} documents in {seconds:.2f} s (distances "
              f"{report['distance_seconds']} s, clustering {report['cluster_seconds']} s) = "
              f"{report['documents_per_second']} documents/s, {report['clusters']} clusters, "
              f"peak {report['peak_resident_mib']} MiB")


if __name__ == "__main__":
    main()
