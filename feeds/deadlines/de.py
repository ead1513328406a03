"""German: Interreg (Bayern-Österreich, Alpine Space), federal and Länder calls, tenders."""

from __future__ import annotations

from feeds.deadlines.grammar import Grammar, month_table, number_table

GRAMMAR = Grammar(
    code="de",
    zone="Europe/Berlin",
    months=month_table(
        "januar jan janner", "februar feb", "marz mar", "april apr", "mai", "juni jun",
        "juli jul", "august aug", "september sept sep", "oktober okt", "november nov",
        "dezember dez",
    ),
    numbers={
        **number_table(
            {"ein": 1, "eine": 1, "einen": 1, "einem": 1, "eins": 1, "zwei": 2, "drei": 3,
             "vier": 4, "funf": 5, "sechs": 6, "sieben": 7, "acht": 8, "neun": 9, "zehn": 10,
             "elf": 11, "zwolf": 12, "dreizehn": 13, "vierzehn": 14, "funfzehn": 15,
             "sechzehn": 16, "siebzehn": 17, "achtzehn": 18, "neunzehn": 19},
            {"zwanzig": 20, "dreissig": 30, "vierzig": 40, "funfzig": 50, "sechzig": 60,
             "siebzig": 70, "achtzig": 80, "neunzig": 90},
        ),
        **{f"{u}und{t}": uv + tv for u, uv in (("ein", 1), ("zwei", 2), ("drei", 3),
            ("vier", 4), ("funf", 5), ("sechs", 6), ("sieben", 7), ("acht", 8), ("neun", 9))
           for t, tv in (("zwanzig", 20), ("dreissig", 30), ("vierzig", 40), ("funfzig", 50),
                         ("sechzig", 60))},
    },
    deadline=(
        r"ende(?= ?:)",
        r"\w*frist", r"\w*schluss", r"stichtag", r"abgabetermin", r"endet(?: am)?",
        r"spatestens(?: am| bis)?", r"ende der (?:einreichung|antragstellung|bewerbung)\w*",
        r"(?:einreichungs)?runde", r"deadline", r"einsendeschluss",
    ),
    extended=(r"verlangert(?: bis)?(?: zum)?", r"verschoben auf"),
    until=(r"bis(?: zum| spatestens)?", r"vor dem"),
    submission=(r"antrag\w*", r"antrage", r"einreichung\w*", r"eingereicht", r"bewerbung\w*"),
    opening=(r"start(?: der \w+)?", r"beginn(?: der \w+)?", r"beginnt", r"geoffnet",
             r"offnung", r"eroffnung", r"ab dem"),
    published=(r"veroffentlicht\w*", r"veroffentlichung", r"bekanntmachung", r"absendung",
               r"unterzeichnet", r"aktualisiert", r"stand"),
    event=(r"informationsveranstaltung", r"infotag", r"info ?day", r"\w*veranstaltung",
           r"\w*webinar", r"\w*konferenz", r"workshop", r"seminar", r"findet .{0,20}statt"),
    registration=(r"anmeldung",),
    other=(r"ergebnisse", r"forderzeitraum", r"laufzeit", r"durchfuhrung", r"kosten",
           r"forderfahig", r"ursprunglich", r"fragen"),
    tba=(r"(?:wird|werden) (?:noch )?(?:bekannt ?gegeben|veroffentlicht|mitgeteilt)",
         r"steht noch nicht fest"),
    continuous=(r"laufend", r"jederzeit"),
    results=(r"ergebnisse", r"ausgewahlt"),
    call=(r"aufruf\w*", r"forder\w*", r"antrag\w*", r"ausschreibung\w*", r"angebote"),
    days=(r"(?:kalender|werk|arbeits)?tag(?:e|en)?",),
    business=(r"werktag\w*", r"arbeitstag\w*"),
    calendar=(r"kalendertag\w*",),
    weeks=(r"wochen?",),
    month_units=(r"monat(?:e|en)?",),
    publication=(r"veroffentlichung", r"bekanntmachung"),
    relative_from=(r"nach", r"ab"),
    range_start=(r"vom", r"von", r"zwischen dem"),
    range_join=(r"-", r"–", r"bis(?: zum)?", r"und dem"),
    time_links=(r"am", r"den", r","),
    noon=(r"mittag",),
    zones={r"mesz?": "Europe/Berlin", r"brusseler zeit": "Europe/Brussels"},
    holidays=("01-01", "05-01", "10-03", "12-25", "12-26"),
)  # fmt: skip
