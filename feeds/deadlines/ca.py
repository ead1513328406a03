"""Catalan: DOGC extracts and Catalan, Valencian and Balearic calls."""

from __future__ import annotations

from feeds.deadlines.grammar import Grammar, month_table, number_table

GRAMMAR = Grammar(
    code="ca",
    zone="Europe/Madrid",
    months=month_table(
        "gener gen", "febrer feb", "marc mar", "abril abr", "maig", "juny jun", "juliol jul",
        "agost ago", "setembre set", "octubre oct", "novembre nov", "desembre des",
    ),
    numbers=number_table(
        {"un": 1, "u": 1, "una": 1, "dos": 2, "dues": 2, "tres": 3, "quatre": 4, "cinc": 5,
         "sis": 6, "set": 7, "vuit": 8, "nou": 9, "deu": 10, "onze": 11, "dotze": 12,
         "tretze": 13, "catorze": 14, "quinze": 15, "setze": 16, "disset": 17, "divuit": 18,
         "dinou": 19},
        {"vint": 20, "trenta": 30, "quaranta": 40, "cinquanta": 50, "seixanta": 60,
         "setanta": 70, "vuitanta": 80, "noranta": 90},
        ("-i-", "-"),
    ),
    deadline=(
        r"fi(?= ?:)",
        r"termini(?: de presentacio)?(?: de (?:les )?sol·licituds)?", r"data limit",
        r"data (?:de )?tancament", r"tanca\w*", r"finalitza\w*", r"fi del termini",
        r"(?:primera|segona|tercera) convocatoria",
    ),
    extended=(r"(?:s'ha )?ampliat(?: fins)?(?: al?)?", r"prorrogat(?: fins)?(?: al?)?"),
    until=(r"fins (?:al|a|el)(?: dia)?", r"abans del?"),
    submission=(r"presentacio", r"sol·licituds", r"presentar", r"convocatoria"),
    opening=(r"data d'obertura", r"obertura", r"inici", r"s'obr\w*", r"oberta", r"comen\w*"),
    published=(r"publicad?[ae]?s?", r"publicacio", r"signat", r"actualitzat", r"resolucio",
               r"ordre", r"dogc", r"extracte"),
    event=(r"sessio informativa", r"jornada", r"webinar", r"esdeveniment", r"conferencia",
           r"taller", r"curs"),
    registration=(r"inscripcio\w*",),
    other=(r"despeses", r"subvencionables", r"execucio", r"resultats", r"inicialment",
           r"concessio"),
    tba=(r"s'anunciara", r"pendent de (?:publicacio|determinar)", r"es (?:comunicara|publicara)"),
    continuous=(r"oberta permanentment",),
    results=(r"resolucio de concessio", r"resultats"),
    call=(r"convocatoria", r"subvencions?", r"ajuts?", r"sol·licituds"),
    days=(r"dies", r"dia"),
    business=(r"habils", r"feiners"),
    calendar=(r"naturals",),
    weeks=(r"setmanes", r"setmana"),
    month_units=(r"mesos", r"mes"),
    publication=(r"publicacio", r"publicat"),
    relative_from=(r"a comptar", r"des de", r"a partir"),
    range_start=(r"entre(?: l'| el)?", r"del?", r"des del?"),
    range_join=(r"-", r"–", r"al", r"a", r"i(?: el| l')?", r"fins al"),
    time_links=(r"del(?: dia)?", r"de", r","),
    noon=(r"migdia",),
    holidays=("01-01", "01-06", "05-01", "06-24", "08-15", "09-11", "10-12", "11-01",
              "12-06", "12-08", "12-25", "12-26"),
)  # fmt: skip
