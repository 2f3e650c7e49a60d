"""The English words the pages show from data tables, marked for translation.

The taxonomy (thitsa.incidents.taxonomy, its grades aside) and Django's month names are
plain strings, so makemessages cannot see them there; listing them here puts them in our
catalogue, and the template filters translate them when they are shown (`gettext(label)`). A
test fails when a taxonomy label is missing from this list.
"""

from __future__ import annotations

from django.utils.translation import gettext_noop

EVENT_TYPES = [
    gettext_noop("Battles"),
    gettext_noop("Armed clash"),
    gettext_noop("Government regains territory"),
    gettext_noop("Non-state actor overtakes territory"),
    gettext_noop("Explosions/Remote violence"),
    gettext_noop("Air/drone strike"),
    gettext_noop("Shelling/artillery/missile attack"),
    gettext_noop("Remote explosive/landmine/IED"),
    gettext_noop("Grenade"),
    gettext_noop("Suicide bomb"),
    gettext_noop("Chemical weapon"),
    gettext_noop("Violence against civilians"),
    gettext_noop("Attack"),
    gettext_noop("Abduction/forced disappearance"),
    gettext_noop("Sexual violence"),
    gettext_noop("Protests"),
    gettext_noop("Peaceful protest"),
    gettext_noop("Protest with intervention"),
    gettext_noop("Excessive force against protesters"),
    gettext_noop("Riots"),
    gettext_noop("Violent demonstration"),
    gettext_noop("Mob violence"),
    gettext_noop("Strategic developments"),
    gettext_noop("Arrests"),
    gettext_noop("Looting/property destruction"),
    gettext_noop("Disrupted weapons use"),
    gettext_noop("Agreement"),
    gettext_noop("Change to group/activity"),
    gettext_noop("Headquarters or base established"),
    gettext_noop("Non-violent transfer of territory"),
    gettext_noop("Other"),
]

LABELS = [
    # Attack means
    gettext_noop("Airstrike (fixed-wing)"),
    gettext_noop("Airstrike (helicopter)"),
    gettext_noop("Airstrike"),
    gettext_noop("Drone"),
    gettext_noop("Artillery"),
    gettext_noop("Ground raid"),
    gettext_noop("Arson"),
    gettext_noop("Landmine"),
    # Targets
    gettext_noop("School"),
    gettext_noop("Health facility"),
    gettext_noop("Religious site"),
    gettext_noop("IDP camp"),
    gettext_noop("Market"),
    gettext_noop("Residential area"),
    gettext_noop("Public gathering"),
    gettext_noop("Civilian vehicle"),
    gettext_noop("Infrastructure"),
    gettext_noop("Humanitarian aid"),
    # Weapons
    gettext_noop("Cluster munition"),
    gettext_noop("Incendiary"),
    gettext_noop("Thermobaric"),
    gettext_noop("Guided bomb"),
    gettext_noop("Unguided bomb"),
    gettext_noop("Rocket"),
    gettext_noop("Small arms"),
]

GRADES = [
    gettext_noop("Confirmed"),
    gettext_noop("Fair"),
    gettext_noop("Weak"),
    gettext_noop("Contested"),
    gettext_noop("Discounted"),
]

# django.utils.dates: Django ships no Burmese month names, so ours fill them in ("F" and "M").
MONTHS = [
    gettext_noop("January"),
    gettext_noop("February"),
    gettext_noop("March"),
    gettext_noop("April"),
    gettext_noop("May"),
    gettext_noop("June"),
    gettext_noop("July"),
    gettext_noop("August"),
    gettext_noop("September"),
    gettext_noop("October"),
    gettext_noop("November"),
    gettext_noop("December"),
]
MONTHS_3 = [
    gettext_noop("jan"),
    gettext_noop("feb"),
    gettext_noop("mar"),
    gettext_noop("apr"),
    gettext_noop("may"),
    gettext_noop("jun"),
    gettext_noop("jul"),
    gettext_noop("aug"),
    gettext_noop("sep"),
    gettext_noop("oct"),
    gettext_noop("nov"),
    gettext_noop("dec"),
]
