"""One module per import format; `IMPORTERS[name]` reads a file into parsed rows or row errors."""

from thitsa.reports.importers import acled, kobo, telegram, thitsa_csv, ucdp

IMPORTERS = {
    "thitsa": thitsa_csv.read,
    "ucdp": ucdp.read,
    "acled": acled.read,
    "kobo": kobo.read,
    "telegram": telegram.read,
}
