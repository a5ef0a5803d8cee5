#!/usr/bin/env bash
# Side-by-side benchmark of Parallax against the Python stack a user would otherwise pick
# (trafilatura, spaCy en_core_web_sm, scikit-learn TF-IDF + agglomerative clustering), stage
# by stage on the same inputs in one run, printing speed, quality and the speed ratio.
#
#   bash bench/peer/compare.sh                 # text report and a final table
#   bash bench/peer/compare.sh --json          # one JSON object (--json-out F: text and F)
#   bash bench/peer/compare.sh --repeat 3      # best of 3 runs per side
#   bash bench/peer/compare.sh --stages ner    # a subset: extraction,ner,events
#
# Creates target/peer-venv (python3 -m venv) and installs bench/peer/requirements.txt from
# PyPI into it when the pins changed, then runs bench/peer/compare.py inside it. The Parallax
# binary is $PARALLAX (default target/release/parallax; build it with
# `cargo build --release -p parallax-cli`). Data: ../shared/data (--data-root to change).
set -euo pipefail
cd "$(dirname "$0")/../.."
venv=${PEER_VENV:-target/peer-venv}
stamp="$venv/.requirements.sha256"
want=$(sha256sum bench/peer/requirements.txt | cut -d' ' -f1)
if [[ ! -x "$venv/bin/python" ]]; then
    echo "creating $venv" >&2
    python3 -m venv "$venv"
fi
if [[ "$(cat "$stamp" 2>/dev/null)" != "$want" ]]; then
    echo "installing bench/peer/requirements.txt into $venv" >&2
    "$venv/bin/python" -m pip install --quiet --disable-pip-version-check -r bench/peer/requirements.txt
    echo "$want" >"$stamp"
fi
exec "$venv/bin/python" bench/peer/compare.py "$@"
