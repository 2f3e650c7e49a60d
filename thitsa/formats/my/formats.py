"""Burmese date formats: day, month, year, as Myanmar writes them ("14 မတ် 2025", the public
pages' order). Django has no formats module for `my`, so without this the admin wrote
"March 14, 2025" (the English default with an untranslated AP-style month) in Burmese.

Digits stay ASCII here: a format string cannot change them, and the admin shows its other
figures in ASCII too. The public pages turn dates into Burmese digits themselves (`local_date`).
"""

from __future__ import annotations

# https://docs.djangoproject.com/en/stable/ref/templates/builtins/#date
DATE_FORMAT = "j F Y"  # 14 မတ် 2025
TIME_FORMAT = "H:i"  # 24-hour, as the public pages write times ("j F Y, H:i")
DATETIME_FORMAT = "j F Y, H:i"
YEAR_MONTH_FORMAT = "F Y"  # the admin's date drill-down: မတ် 2025
MONTH_DAY_FORMAT = "j F"  # 14 မတ်
SHORT_DATE_FORMAT = "d/m/Y"
SHORT_DATETIME_FORMAT = "d/m/Y H:i"
FIRST_DAY_OF_WEEK = 0  # Sunday (တနင်္ဂနွေ), as Myanmar calendars start the week

# ISO first: the admin's calendar writes the first format and HTML date inputs send ISO. Then
# day first, as Myanmar writes dates ("12/5/2025" is 12 May, never 5 December).
DATE_INPUT_FORMATS = [
    "%Y-%m-%d",  # 2025-05-12
    "%d/%m/%Y",  # 12/05/2025
    "%d-%m-%Y",  # 12-05-2025
]
DATETIME_INPUT_FORMATS = [
    "%Y-%m-%d %H:%M:%S",
    "%Y-%m-%d %H:%M:%S.%f",
    "%Y-%m-%d %H:%M",
    "%d/%m/%Y %H:%M:%S",
    "%d/%m/%Y %H:%M:%S.%f",
    "%d/%m/%Y %H:%M",
]
