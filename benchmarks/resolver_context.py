"""A township named after a village the township lacks: does the resolver place the string in
the township the writer names, or in a namesake village elsewhere?

    THITSA_HOME=$(mktemp -d) .venv/bin/python benchmarks/resolver_context.py [--n 150] [--seed 7]

Draws `n` MIMU villages and, for each, a township that has no village of that name; asks
"V village, T", "V village in T", "V village, T Township" and "V, T" (T as MIMU writes it,
without a bracketed qualifier), and counts the top answers in T. Reports write villages the
gazetteer lacks (new villages, other spellings) with their township after them, bare, as often
as with the word "Township"; the answer a figure of T needs is T.
"""

from __future__ import annotations

import argparse
import os
import random
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "thitsa.settings")

FORMS = ("{v} village, {t}", "{v} village in {t}", "{v} village, {t} Township", "{v}, {t}")


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--n", type=int, default=150)
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--show", type=int, default=0, help="print this many misses of each form")
    args = ap.parse_args()

    import django

    django.setup()
    from django.core.management import call_command

    from thitsa.places.models import Place
    from thitsa.places.resolver import get_resolver

    call_command("migrate", verbosity=0)
    if not Place.objects.exists():
        from thitsa.places.gazetteer import load_bundled

        load_bundled()
    resolver = get_resolver()
    rng = random.Random(args.seed)
    townships = list(Place.objects.filter(level="township").values_list("pcode", "name_en"))
    villages = list(Place.objects.filter(level="village").values_list("name_en", "township_id"))
    names_in: dict[str, set[str]] = {}
    for name, township in villages:
        names_in.setdefault(township, set()).add(name.lower())
    right = dict.fromkeys(FORMS, 0)
    misses: dict[str, list[str]] = {f: [] for f in FORMS}
    started = time.perf_counter()
    for _ in range(args.n):
        village, _home = rng.choice(villages)
        pcode, name = rng.choice(townships)
        while village.lower() in names_in.get(pcode, ()):
            pcode, name = rng.choice(townships)
        name = name.split(" (")[0]
        for form in FORMS:
            text = form.format(v=village, t=name)
            top = resolver.resolve(text, limit=1)
            if top and top[0].township_pcode == pcode:
                right[form] += 1
            else:
                got = f"{top[0].name_en} ({top[0].township_pcode})" if top else "nothing"
                misses[form].append(f"{text!r}: want {pcode}, got {got}")
    seconds = time.perf_counter() - started
    print(f"{args.n} villages, seed {args.seed}; {seconds:.1f} s for {args.n * len(FORMS)} names")
    print("| form | in the named township |")
    print("| --- | ---: |")
    for form in FORMS:
        print(f"| `{form}` | {right[form]}/{args.n} ({100 * right[form] / args.n:.0f}%) |")
    for form in FORMS:
        for line in misses[form][: args.show]:
            print("  MISS", line)


if __name__ == "__main__":
    main()
