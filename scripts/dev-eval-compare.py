#!/usr/bin/env python3
"""Markdown tables comparing two models on the training stage's dev signals.

Input: two files written by `./microembed train --work DIR --eval-model MODEL` (DIR/dev-eval-<folder>.json).
Output (stdout): the summary table (the five parts of the selection score and their pieces) and the
per-language tables (STS-B dev per language and direction; Tatoeba held-out tail and the held-out pairs of each parallel source), before -> after.

    python3 scripts/dev-eval-compare.py BEFORE.json AFTER.json [--per-language]
"""
import json
import sys

SUMMARY = [
    ("sts-en", "STS-B dev, English (Spearman ×100)"),
    ("sts-other-avg", "STS-B dev, 10 other languages, avg"),
    ("cross-avg", "STS-B dev, en↔xx, 20 directions, avg"),
    ("sts-min", "STS-B dev, lowest language or pair"),
    ("tatoeba-avg", "Tatoeba held-out tail, 112 languages, avg accuracy %"),
    ("tatoeba-sts-languages-avg", "Tatoeba held-out tail, the 10 STS languages"),
    ("heldout-freedict-avg", "FreeDict held-out words, P@1 % (foreign→English), avg over languages"),
    ("heldout-debian-descriptions-avg", "Debian descriptions held-out, retrieval accuracy % (both ways), avg"),
    ("heldout-gettext-avg", "gettext held-out, retrieval accuracy % (both ways), avg"),
    ("heldout-cldr-avg", "CLDR emoji names held-out, retrieval accuracy %, avg"),
    ("heldout-avg", "held-out pairs, avg over the four sources"),
    ("selection", "selection score (mean of the five parts)"),
]
SOURCES = ["freedict", "debian-descriptions", "gettext", "cldr"]


def metrics(path):
    with open(path, encoding="utf-8") as f:
        return json.load(f)["metrics"]


def cell(before, after, key):
    if key not in before and key not in after:
        return ""
    b = f"{before[key]:.1f}" if key in before else "–"
    a = f"{after[key]:.1f}" if key in after else "–"
    return f"{b} → {a}"


def main(argv):
    args = [a for a in argv if not a.startswith("--")]
    if len(args) != 2:
        sys.exit(__doc__)
    before, after = metrics(args[0]), metrics(args[1])
    print("| dev signal | before | after |")
    print("|---|---:|---:|")
    for key, label in SUMMARY:
        b = f"{before[key]:.1f}" if key in before else "–"
        a = f"{after[key]:.1f}" if key in after else "–"
        print(f"| {label} | {b} | {a} |")
    if "--per-language" not in argv:
        return
    print()
    print("| STS-B dev language | monolingual | en→xx | xx→en |")
    print("|---|---|---|---|")
    sts = sorted(k[4:] for k in after if k.startswith("sts-") and len(k) == 6)
    for lang in sts:
        print(f"| {lang} | {cell(before, after, f'sts-{lang}')} | {cell(before, after, f'cross-en-{lang}')} | "
              f"{cell(before, after, f'cross-{lang}-en')} |")
    langs = set()
    for m in (before, after):
        for k in m:
            if k.startswith("tatoeba-") and k[8:].isalpha() and len(k) == 11:
                langs.add(k[8:])
            for s in SOURCES:
                p = f"heldout-{s}-"
                if k.startswith(p) and k[len(p):] != "avg":
                    langs.add(k[len(p):])
    print()
    print("| lang | Tatoeba | FreeDict P@1 | descriptions | gettext | CLDR |")
    print("|---|---|---|---|---|---|")
    for lang in sorted(langs):
        cells = [cell(before, after, f"tatoeba-{lang}")]
        cells += [cell(before, after, f"heldout-{s}-{lang}") for s in SOURCES]
        print(f"| {lang} | " + " | ".join(cells) + " |")


if __name__ == "__main__":
    main(sys.argv[1:])
