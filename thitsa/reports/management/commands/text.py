"""`thitsa text clean [--file FILE] [--detect]`: Burmese text as Thitsa stores it, line by line."""

from __future__ import annotations

from django.core.management.base import BaseCommand

from thitsa.burmese.normalize import clean
from thitsa.burmese.zawgyi import looks_zawgyi, zawgyi_probability
from thitsa.cli import text_lines


class Command(BaseCommand):
    help = (
        "Clean Burmese text: Zawgyi becomes Unicode (detected line by line), then the Unicode is "
        "normalised. One line out for each line in; standard input by default."
    )

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        cmd = sub.add_parser("clean", help="one cleaned Unicode line out for each line in")
        cmd.add_argument("--file", default="-", help="text file, UTF-8 (default: standard input)")
        cmd.add_argument(
            "--detect",
            action="store_true",
            help="put each line's Zawgyi probability and a tab before it",
        )

    def handle(self, *args, action: str, file: str, detect: bool, **options):
        lines = converted = changed = 0
        for line in text_lines(file):
            # Converted by its spelling too, as every import decides (`looks_zawgyi`): the
            # detector's score alone takes valid Unicode such as ရွာ (village) for Zawgyi.
            zawgyi = looks_zawgyi(line)
            out = clean(line, zawgyi=zawgyi)
            lines += 1
            converted += zawgyi
            changed += out != line
            # Probabilities of text with no Burmese in it are -inf: written as 0.
            if detect:
                probability = zawgyi_probability(line) if line else 0.0
                out = f"{max(probability, 0.0):.4f}\t{out}"
            self.stdout.write(out)
        # On standard error, so the output stays one line for each line in.
        self.stderr.write(
            f"{lines:,} {'line' if lines == 1 else 'lines'}: {converted:,} Zawgyi converted, "
            f"{changed:,} changed in all",
            style_func=lambda s: s,
        )
