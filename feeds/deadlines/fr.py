"""French: Interreg (France-Wallonie-Vlaanderen, Grande Région), regional ERDF calls, the
French pages of EU programmes."""

from __future__ import annotations

from feeds.deadlines.grammar import Grammar, month_table, number_table

GRAMMAR = Grammar(
    code="fr",
    zone="Europe/Paris",
    months=month_table(
        "janvier janv", "fevrier fevr fev", "mars", "avril avr", "mai", "juin", "juillet juil",
        "aout", "septembre sept", "octobre oct", "novembre nov", "decembre dec",
    ),
    numbers=number_table(
        {"un": 1, "une": 1, "deux": 2, "trois": 3, "quatre": 4, "cinq": 5, "six": 6,
         "sept": 7, "huit": 8, "neuf": 9, "dix": 10, "onze": 11, "douze": 12, "treize": 13,
         "quatorze": 14, "quinze": 15, "seize": 16, "dix-sept": 17, "dix-huit": 18,
         "dix-neuf": 19},
        {"vingt": 20, "trente": 30, "quarante": 40, "cinquante": 50, "soixante": 60,
         "soixante-dix": 70, "quatre-vingt": 80, "quatre-vingts": 80, "quatre-vingt-dix": 90},
        ("-", " et "),
    ),
    deadline=(
        r"fin(?= ?:)",
        r"date limite(?: de (?:depot|candidature|soumission)\w*)?", r"date de cloture",
        r"cloture\w*", r"au plus tard(?: le)?", r"echeance",
        r"fin (?:du|de la|des) (?:depot|candidatures?|appel|periode)\w*",
        r"(?:premiere|deuxieme|troisieme|seconde) session", r"se termine",
        r"reportee? au",
    ),
    extended=(r"report[ee]+e?s? au", r"prolong[ee]+e?s? jusqu'au"),
    until=(r"jusqu'(?:au|a)", r"avant le"),
    submission=(r"depot", r"candidatures?", r"dossiers", r"deposes?", r"soumis"),
    opening=(r"ouverture", r"ouvert\w*", r"debut", r"lancement", r"commence\w*"),
    published=(r"publie\w*", r"publication", r"signe\w*", r"mis a jour", r"adopte\w*",
               r"arrete"),
    event=(r"journee d'information", r"journee", r"session d'information", r"webinaire",
           r"webinar", r"evenement", r"conference", r"atelier", r"seminaire", r"rencontre",
           r"aura lieu", r"se tiendra", r"formation"),
    registration=(r"inscriptions?",),
    other=(r"resultats", r"laureats", r"depenses", r"eligibles?", r"questions",
           r"initialement", r"duree", r"mise en oeuvre"),
    tba=(r"sera (?:communiquee?|annoncee?|publiee?|precisee?) ulterieurement",
         r"sera (?:communiquee?|annoncee?|precisee?)", r"a venir", r"a definir",
         r"non communiquee?"),
    continuous=(r"au fil de l'eau", r"en continu"),
    results=(r"resultats", r"laureats"),
    call=(r"appel\w*", r"candidatures?", r"subventions?"),
    days=(r"jours?",),
    business=(r"ouvres", r"ouvrables"),
    calendar=(r"calendaires", r"francs"),
    weeks=(r"semaines?",),
    month_units=(r"mois",),
    publication=(r"publication", r"parution"),
    relative_from=(r"a compter", r"a partir", r"apres", r"suivant", r"des"),
    range_start=(r"du", r"entre le", r"entre"),
    range_join=(r"-", r"–", r"au", r"et le", r"et", r"jusqu'au"),
    time_links=(r"du", r"le", r","),
    noon=(r"midi",),
    zones={r"heure de bruxelles": "Europe/Brussels", r"heure de paris": "Europe/Paris"},
    holidays=("01-01", "05-01", "05-08", "07-14", "08-15", "11-01", "11-11", "12-25"),
)  # fmt: skip
