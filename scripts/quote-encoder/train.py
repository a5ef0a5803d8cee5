#!/usr/bin/env python3
"""Fine-tunes all-MiniLM-L6-v2 into Parallax's quote encoder.

A token classifier over the quote tagger's seven BIO labels (outside; begin and inside of
source, cue and content), trained on PolNeAR's training split (brat standoff, the first
annotation of each article, as `parallax eval quotes` reads it). Each paragraph (a line of the
text) is one sequence, cut at 256 pieces. The tokenizer is uncased, so token type 1 marks the
pieces of a run of letters and digits that opens with a capital; `config.json` says so with
`parallax_case_types`, and the Rust encoder (crates/parallax-encoder) reads the folder this
writes: model.safetensors, vocab.txt, config.json.

Deterministic on one machine: fixed seeds, a fixed batch order and two threads.

    python train.py --base DIR_OF_MINILM --data ../../../shared/data/quotes/polnear/train --out DIR
"""
import argparse
import glob
import json
import os
import random
import shutil
import time

import torch
from safetensors.torch import save_file
from transformers import AutoTokenizer, BertForTokenClassification

ROLES = {"Source": 1, "Cue": 2, "Content": 3}
MAX_PIECES = 256


def load_split(folder):
    """(name, text, [(role, start, end)]) for each article: the first annotation file of each,
    the spans that an attribution links, in characters."""
    texts = {os.path.basename(p)[:-4]: p for p in glob.glob(os.path.join(folder, "text", "*.txt"))}
    seen, articles = set(), []
    for ann in sorted(glob.glob(os.path.join(folder, "attributions", "*.ann"))):
        name = os.path.basename(ann)[:-4].rsplit("_", 1)[0]
        if name not in texts or name in seen:
            continue
        seen.add(name)
        with open(texts[name], encoding="utf-8") as f:
            text = f.read()
        pieces, links = {}, []
        with open(ann, encoding="utf-8") as f:
            for line in f:
                fields = line.rstrip("\n").split("\t")
                if len(fields) < 2:
                    continue
                if fields[0].startswith("T"):
                    kind, _, ranges = fields[1].partition(" ")
                    if kind in ROLES:
                        pieces[fields[0]] = [
                            (ROLES[kind], int(r.split()[0]), int(r.split()[1])) for r in ranges.split(";")
                        ]
                elif fields[0].startswith("E"):
                    links.append([pair.split(":")[1] for pair in fields[1].split() if ":" in pair])
        spans = [span for link in links for target in link for span in pieces.get(target, [])]
        articles.append((name, text, spans))
    if not articles:
        raise SystemExit(f"no PolNeAR articles under {folder}")
    return articles


def capital_type(line, start):
    """1 when the run of letters and digits holding `start` opens with a capital."""
    if not line[start].isalnum():
        return 0
    at = start
    while at > 0 and line[at - 1].isalnum():
        at -= 1
    return 1 if line[at].isupper() else 0


def examples(articles, tokenizer):
    out = []
    for name, text, spans in articles:
        role = [0] * len(text)
        span_id = [-1] * len(text)
        for k, (r, a, b) in enumerate(spans):
            for i in range(a, min(b, len(text))):
                role[i], span_id[i] = r, k
        offset = 0
        for line in text.split("\n"):
            if line.strip():
                enc = tokenizer(line, return_offsets_mapping=True, truncation=True, max_length=MAX_PIECES)
                labels, types, previous = [], [], None
                for a, b in enc["offset_mapping"]:
                    if a == b:
                        labels.append(-100)
                        types.append(0)
                        continue
                    types.append(capital_type(line, a))
                    r, s = role[offset + a], span_id[offset + a]
                    if r == 0:
                        labels.append(0)
                        previous = None
                    else:
                        labels.append(2 * r - 1 if s != previous else 2 * r)
                        previous = s
                out.append((enc["input_ids"], types, labels))
            offset += len(line) + 1
    return out


def batches(data, rng, budget=4096):
    """Batches of similar lengths, at most `budget` padded pieces each, in a shuffled order."""
    order = sorted(range(len(data)), key=lambda i: (len(data[i][0]), i))
    out, current, longest = [], [], 0
    for i in order:
        n = len(data[i][0])
        if current and max(longest, n) * (len(current) + 1) > budget:
            out.append(current)
            current, longest = [], 0
        current.append(i)
        longest = max(longest, n)
    if current:
        out.append(current)
    rng.shuffle(out)
    return out


def collate(data, batch):
    n = max(len(data[i][0]) for i in batch)
    ids = torch.zeros(len(batch), n, dtype=torch.long)
    types = torch.zeros(len(batch), n, dtype=torch.long)
    mask = torch.zeros(len(batch), n, dtype=torch.long)
    labels = torch.full((len(batch), n), -100, dtype=torch.long)
    for k, i in enumerate(batch):
        a, t, l = data[i]
        ids[k, : len(a)] = torch.tensor(a)
        types[k, : len(a)] = torch.tensor(t)
        mask[k, : len(a)] = 1
        labels[k, : len(a)] = torch.tensor(l)
    return ids, types, mask, labels


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--base", required=True, help="all-MiniLM-L6-v2 folder (model.safetensors, vocab.txt, config.json, tokenizer files)")
    parser.add_argument("--data", required=True, help="PolNeAR training split (text/ and attributions/)")
    parser.add_argument("--out", required=True, help="folder to write")
    parser.add_argument("--epochs", type=int, default=2)
    parser.add_argument("--learning-rate", type=float, default=2e-4)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()

    torch.set_num_threads(2)
    torch.manual_seed(args.seed)
    torch.use_deterministic_algorithms(True)
    rng = random.Random(args.seed)
    tokenizer = AutoTokenizer.from_pretrained(args.base)
    data = examples(load_split(args.data), tokenizer)
    print(f"{len(data)} paragraphs", flush=True)
    model = BertForTokenClassification.from_pretrained(args.base, num_labels=7)
    optimiser = torch.optim.AdamW(model.parameters(), lr=args.learning_rate, weight_decay=0.01)
    per_epoch = len(batches(data, random.Random(0)))
    total = per_epoch * args.epochs
    warmup = max(1, total // 20)
    schedule = torch.optim.lr_scheduler.LambdaLR(
        optimiser, lambda s: min(1.0, (s + 1) / warmup) * max(0.0, (total - s) / max(1, total - warmup))
    )
    started, step = time.time(), 0
    model.train()
    for epoch in range(args.epochs):
        for batch in batches(data, rng):
            ids, types, mask, labels = collate(data, batch)
            loss = model(input_ids=ids, token_type_ids=types, attention_mask=mask, labels=labels).loss
            loss.backward()
            torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
            optimiser.step()
            schedule.step()
            optimiser.zero_grad()
            step += 1
            if step % 50 == 0 or step == total:
                print(f"epoch {epoch + 1} step {step}/{total} loss {loss.item():.4f} {time.time() - started:.0f} s", flush=True)
    os.makedirs(args.out, exist_ok=True)
    weights = {k: v.contiguous() for k, v in model.state_dict().items() if not k.endswith("position_ids")}
    save_file(weights, os.path.join(args.out, "model.safetensors"))
    shutil.copy(os.path.join(args.base, "vocab.txt"), os.path.join(args.out, "vocab.txt"))
    with open(os.path.join(args.base, "config.json"), encoding="utf-8") as f:
        config = json.load(f)
    config.update(
        architectures=["BertForTokenClassification"],
        parallax_case_types=True,
        parallax_labels=["O", "B-source", "I-source", "B-cue", "I-cue", "B-content", "I-content"],
        parallax_training={"data": "PolNeAR train", "epochs": args.epochs, "learning_rate": args.learning_rate, "seed": args.seed},
    )
    with open(os.path.join(args.out, "config.json"), "w", encoding="utf-8") as f:
        json.dump(config, f, indent=2, sort_keys=True)
    print(f"wrote {args.out} in {time.time() - started:.0f} s", flush=True)


if __name__ == "__main__":
    main()
