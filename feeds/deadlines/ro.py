"""Romanian: MIPE / oportunitati-ue.gov.ro guides, regional programmes (ADR), AFIR and LEADER
groups (GAL), ANPCDEFP, local calls under Law 350/2005."""

from __future__ import annotations

from feeds.deadlines.grammar import Grammar, month_table, number_table

GRAMMAR = Grammar(
    code="ro",
    zone="Europe/Bucharest",
    months=month_table(
        "ianuarie ian", "februarie feb febr", "martie mar", "aprilie apr", "mai",
        "iunie iun", "iulie iul", "august aug", "septembrie sept sep", "octombrie oct",
        "noiembrie noi nov", "decembrie dec",
    ),
    numbers=number_table(
        {"unu": 1, "o": 1, "un": 1, "una": 1, "doi": 2, "doua": 2, "trei": 3, "patru": 4,
         "cinci": 5, "sase": 6, "sapte": 7, "opt": 8, "noua": 9, "zece": 10,
         "unsprezece": 11, "doisprezece": 12, "douasprezece": 12, "treisprezece": 13,
         "paisprezece": 14, "cincisprezece": 15, "cinsprezece": 15, "saisprezece": 16,
         "saptesprezece": 17, "optsprezece": 18, "nouasprezece": 19},
        {"douazeci": 20, "treizeci": 30, "patruzeci": 40, "cincizeci": 50, "saizeci": 60,
         "saptezeci": 70, "optzeci": 80, "nouazeci": 90},
        (" si ",),
    ),
    deadline=(
        r"termen(?:ul|ele)?[- ]limita", r"termen(?:ul|ele)? de (?:depunere|transmitere)",
        r"termen(?:ul|ele|e)?", r"data limita", r"data (?:si ora )?(?:de )?inchider\w*",
        r"inchider\w*", r"se (?:inchide|incheie)", r"pana la data de", r"cel (?:mai )?tarziu",
        r"nu mai tarziu de", r"perioada de depunere", r"data de sfarsit", r"sfarsit\w*",
        r"sesiun\w* de depunere", r"runda", r"expira", r"ultima zi", r"depunere:",
        r"data (?:si ora )?(?:de )?(?:finalizare|incheiere)",
    ),
    extended=(r"prelungit\w*(?: pana)?(?: la| pe| in)?", r"extins\w*", r"noua data limita",
              r"amanat\w*"),
    until=(r"pana (?:la|pe|in)", r"inainte de"),
    submission=(r"depun\w*", r"transmit\w*", r"candidatur\w*",
                r"cereri\w*", r"sesiun\w*", r"proiectele"),
    opening=(
        r"(?:se )?deschide\w*", r"deschider\w*", r"incep\w*", r"data de (?:inceput|start)",
        r"lans\w*", r"start\w*", r"debut\w*",
    ),
    published=(
        r"publicat\w*", r"publicar\w*", r"semnat\w*", r"actualiz\w*", r"aprobat\w*",
        r"comunicat de presa", r"monitorul oficial", r"ordinul", r"hotararea",
    ),
    event=(
        r"sesiun\w* de informare", r"informare", r"infoday", r"info day", r"webinar\w*",
        r"evenimentul?", r"evenimente", r"conferint\w*", r"atelier\w*", r"seminar\w*",
        r"intalnir\w*", r"gala", r"va avea loc", r"are loc", r"curs\w* de",
    ),
    registration=(r"inscrier\w*",),
    other=(
        r"rezultat\w*", r"intrebar\w*", r"clarificar\w*", r"observatii\w*", r"consultar\w*",
        r"eligibil\w*", r"cheltuiel\w*", r"implementar\w*", r"derular\w*", r"durat\w*",
        r"valabil\w*", r"initial\w*", r"contestati\w*", r"evaluar\w*", r"rapoart\w*",
        r"raport\w* de progres",
    ),
    tba=(
        r"va fi (?:anuntat\w*|comunicat\w*|publicat\w*|stabilit\w*)",
        r"vor fi (?:anuntat\w*|comunicat\w*|publicat\w*|stabilit\w*)",
        r"urmeaza (?:sa fie|a fi) (?:anuntat\w*|stabilit\w*)", r"nu a fost (?:inca )?stabilit\w*",
    ),
    continuous=(r"in mod continuu", r"epuizarea (?:bugetului|fondurilor)",
                r"apel deschis continuu"),
    results=(r"rezultat\w*", r"aprobate", r"contracte\w*"),
    call=(r"apel\w*", r"finantar\w*", r"cereri\w*", r"ghid\w*"),
    days=(r"zile", r"zi", r"zile?i"),
    business=(r"lucratoare",),
    calendar=(r"calendaristice",),
    weeks=(r"saptamani", r"saptamana"),
    month_units=(r"luni", r"luna"),
    publication=(r"publicar\w*", r"publicat\w*"),
    relative_from=(r"de la", r"dupa", r"incepand cu"),
    range_start=(r"intre", r"de la", r"din"),
    range_join=(r"-", r"–", r"—", r"si", r"pana la", r"pana pe", r"pana in"),
    time_links=(r"a zilei de", r"din data de", r"din", r"de", r"pe", r","),
    noon=(r"amiaza", r"pranz"),
    all_dates=(r"toate",),
    zones={r"ora romaniei": "Europe/Bucharest", r"ora bruxelles(?:-?ului)?": "Europe/Brussels",
           r"cet": "Europe/Brussels"},
    holidays=("01-01", "01-02", "01-06", "01-07", "01-24", "05-01", "06-01", "08-15",
              "11-30", "12-01", "12-25", "12-26"),
)  # fmt: skip
