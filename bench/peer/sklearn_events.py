#!/usr/bin/env python3
"""Peer check for event clustering: scikit-learn TF-IDF + agglomerative clustering on ECB+.

The Python stack a user would otherwise pick for grouping news articles into events:
TfidfVectorizer (English stop words, sublinear tf) and AgglomerativeClustering with cosine
distance, average linkage and a distance threshold instead of a number of clusters. It runs
on the same documents as `parallax eval events` (ECB+ topics 1..=max-topic, each document's
text rebuilt from its token XML as crates/parallax-eval/src/ecbplus.rs does) and scores the
result with the same B-cubed measure (gold event = topic + ecb/ecbplus suffix).

The distance threshold is one global constant, DEFAULT_THRESHOLD, chosen once with `--sweep`:
the value with the best overall B-cubed F1 on topics 1-35 (no per-topic tuning). ECB+'s other
topics are not in the data folder, so this is tuned on the evaluation data itself: an upper
bound for the method, which favours the peer.

Timed (wall clock, one process): reading and parsing the XML, TF-IDF, the cosine distances
and the clustering; interpreter start-up and imports are not. Run it with the peer venv's
python (bench/peer/compare.sh creates it).
"""

import argparse
import json
import os
import re
import sys
import time

DEFAULT_THRESHOLD = 0.83  # chosen once with --sweep on topics 1-35; see bench/peer/README.md

TOKEN = re.compile(r'<token\b[^>]*\bsentence="(\d+)"[^>]*>([^<]*)</token>')
CLOSING = {",", ".", ";", ":", "!", "?", ")", "]", "%", "'s", "n't", "'re", "'ve", "'ll", "'d", "'m", "''"}


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", default="../shared/data/events/ecbplus", help="the ECB+ folder (holding ECB+/)")
    parser.add_argument("--max-topic", type=int, default=35, help="last topic to include (dev split: 35)")
    parser.add_argument("--threshold", type=float, default=DEFAULT_THRESHOLD, help="cosine distance threshold")
    parser.add_argument("--sweep", action="store_true", help="score thresholds 0.01..0.99 and print the best")
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    return parser.parse_args()


def unescape(text):
    return (text.replace("&quot;", '"').replace("&apos;", "'").replace("&lt;", "<")
            .replace("&gt;", ">").replace("&amp;", "&"))


def detokenize(tokens):
    """Joins tokens into text with the rules of ecbplus.rs's detokenize."""
    out = []
    quote_open = glue_next = False
    for i, t in enumerate(tokens):
        prev = tokens[i - 1] if i > 0 else ""
        nxt = tokens[i + 1] if i + 1 < len(tokens) else ""
        inner = (t == "-" and prev[-1:].isalnum() and nxt[:1].isalnum()) or (
            t in (".", ":", "/") and prev[-1:].isdigit() and prev[-1:].isascii() and nxt[:1].isdigit()
            and nxt[:1].isascii())
        if inner:
            out.append(t)
            glue_next = True
            continue
        closing = t in CLOSING or (t == '"' and quote_open)
        if out and not closing and not glue_next:
            out.append(" ")
        out.append(t)
        glue_next = t in ("(", "[", "$", "``") or (t == '"' and not quote_open)
        if t == '"':
            quote_open = not quote_open
    return "".join(out)


def looks_like_url(text):
    lower = text.lower()
    return "http" in lower or "www." in lower or (".com" in lower and " " not in lower)


def load(data, max_topic):
    """Documents of topics 1..=max_topic as (name, topic, gold event, text), sorted like ecbplus.rs."""
    root = os.path.join(data, "ECB+") if os.path.isdir(os.path.join(data, "ECB+")) else data
    files = []
    for entry in os.listdir(root):
        if entry.isdigit() and 0 < int(entry) <= max_topic:
            folder = os.path.join(root, entry)
            files += [(int(entry), os.path.join(folder, f)) for f in os.listdir(folder) if f.endswith(".xml")]
    files.sort()
    documents = []
    for topic, path in files:
        name = os.path.basename(path)[:-4]
        suffix = "ecbplus" if name.endswith("ecbplus") else "ecb"
        with open(path, encoding="utf-8") as f:
            xml = f.read()
        sentences = []
        for sentence, token in TOKEN.findall(xml):
            if sentences and sentences[-1][0] == sentence:
                sentences[-1][1].append(unescape(token))
            else:
                sentences.append((sentence, [unescape(token)]))
        paragraphs = [p for p in (detokenize(tokens) for _, tokens in sentences) if not looks_like_url(p)]
        documents.append((name, topic, f"{topic}{suffix}", "\n".join(paragraphs)))
    return documents


def bcubed(gold, predicted):
    """Item-averaged B-cubed precision, recall and F1 (as crates/parallax-eval/src/clustering.rs)."""
    joint, gold_sizes, predicted_sizes = {}, {}, {}
    for g, p in zip(gold, predicted):
        joint[(g, p)] = joint.get((g, p), 0) + 1
        gold_sizes[g] = gold_sizes.get(g, 0) + 1
        predicted_sizes[p] = predicted_sizes.get(p, 0) + 1
    n = max(len(gold), 1)
    precision = sum(c * c / predicted_sizes[p] for (_, p), c in joint.items()) / n
    recall = sum(c * c / gold_sizes[g] for (g, _), c in joint.items()) / n
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return precision, recall, f1


def distances_of(texts):
    """Cosine distances between the documents' TF-IDF vectors (English stop words, sublinear tf)."""
    from sklearn.feature_extraction.text import TfidfVectorizer  # noqa: PLC0415
    from sklearn.metrics.pairwise import cosine_distances  # noqa: PLC0415

    vectors = TfidfVectorizer(stop_words="english", sublinear_tf=True).fit_transform(texts)
    return cosine_distances(vectors)  # sparse-aware; the same as metric="cosine" on dense rows


def cut(distances, threshold):
    """Average-linkage agglomerative clustering stopped at `threshold`; one label per document."""
    from sklearn.cluster import AgglomerativeClustering  # noqa: PLC0415

    model = AgglomerativeClustering(n_clusters=None, metric="precomputed", linkage="average",
                                    distance_threshold=threshold)
    return model.fit_predict(distances)


def sweep(documents, gold):
    """Scores every threshold 0.01..0.99 on all topics, then a two-fold check: the threshold
    tuned on odd topics scored on even ones and vice versa (an estimate without tuning on
    the scored topics)."""

    def scores(indices):
        distances = distances_of([documents[i][3] for i in indices])
        result = {}
        for step in range(1, 100):
            threshold = round(step * 0.01, 2)
            found = cut(distances, threshold)
            result[threshold] = (*bcubed([gold[i] for i in indices], found), len(set(found)))
        return result

    everything = scores(range(len(documents)))
    for threshold, (p, r, f, n) in everything.items():
        print(f"threshold {threshold:.2f}: B-cubed P {p:.3f} R {r:.3f} F1 {f:.3f} clusters {n}", file=sys.stderr)
    best = max(everything, key=lambda t: everything[t][2])
    print(f"best threshold on all topics: {best:.2f} (B-cubed F1 {everything[best][2]:.3f})", file=sys.stderr)
    odd = [i for i, d in enumerate(documents) if d[1] % 2 == 1]
    even = [i for i, d in enumerate(documents) if d[1] % 2 == 0]
    folds = {"odd": scores(odd), "even": scores(even)}
    for tune, test in (("odd", "even"), ("even", "odd")):
        chosen = max(folds[tune], key=lambda t: folds[tune][t][2])
        print(f"two-fold: tuned on {tune} topics -> {chosen:.2f}, B-cubed F1 on {test} topics "
              f"{folds[test][chosen][2]:.3f} (best possible there {max(v[2] for v in folds[test].values()):.3f})",
              file=sys.stderr)


def main():
    args = parse_args()
    import sklearn  # noqa: PLC0415

    # warm-up on a toy input so that lazy imports inside scikit-learn are not timed
    cut(distances_of(["a warm up text", "another warm up text", "something else"]), args.threshold)
    wall0, cpu0 = time.perf_counter(), time.process_time()
    documents = load(args.data, args.max_topic)
    wall1 = time.perf_counter()
    labels = cut(distances_of([d[3] for d in documents]), args.threshold)
    wall2, cpu2 = time.perf_counter(), time.process_time()
    gold = [d[2] for d in documents]
    precision, recall, f1 = bcubed(gold, labels)
    if args.sweep:
        sweep(documents, gold)
    seconds = wall2 - wall0
    report = {
        "tool": f"scikit-learn {sklearn.__version__} TF-IDF + agglomerative (cosine, average, "
                f"threshold {args.threshold})",
        "documents": len(documents),
        "gold_events": len(set(gold)),
        "clusters": int(len(set(labels))),
        "threshold": args.threshold,
        "seconds": round(seconds, 3),
        "load_seconds": round(wall1 - wall0, 3),
        "cluster_seconds": round(wall2 - wall1, 3),
        "cpu_seconds": round(cpu2 - cpu0, 3),
        "documents_per_second": round(len(documents) / seconds, 1) if seconds else None,
        "bcubed_precision": round(precision, 4),
        "bcubed_recall": round(recall, 4),
        "bcubed_f1": round(f1, 4),
    }
    if args.json:
        print(json.dumps(report, indent=2))
    else:
        print(f"{report['tool']}: {len(documents)} documents in {seconds:.2f} s "
              f"(load {report['load_seconds']} s, cluster {report['cluster_seconds']} s) = "
              f"{report['documents_per_second']} documents/s")
        print(f"B-cubed P {precision:.3f} R {recall:.3f} F1 {f1:.3f}; {report['clusters']} clusters, "
              f"{report['gold_events']} gold events")


if __name__ == "__main__":
    main()
