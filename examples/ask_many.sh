#!/usr/bin/env sh
# Ask the same question of every built-in rulebook, as a shell script would (one process per question).
# Requires `rulekit` on PATH (pip install .), or replace `rulekit` with `python cli.py`.
for rb in $(rulekit rulebooks --json | python3 -c 'import json,sys; print(" ".join(r["id"] for r in json.load(sys.stdin)))'); do
  printf '%s: ' "$rb"
  rulekit ask "$rb" meeting.presider --fact meeting=standing --json |
    python3 -c 'import json,sys; r=json.load(sys.stdin); print(r["status"], r["answer"], [c["article"] for c in r["citations"]])'
done
