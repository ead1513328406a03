"""Italian: Interreg (Italia-Austria, Italia-Slovenia), regional ERDF/ESF+ calls, LEADER GAL."""

from __future__ import annotations

from feeds.deadlines.grammar import Grammar, month_table, number_table

GRAMMAR = Grammar(
    code="it",
    zone="Europe/Rome",
    months=month_table(
        "gennaio gen", "febbraio feb", "marzo mar", "aprile apr", "maggio mag", "giugno giu",
        "luglio lug", "agosto ago", "settembre sett set", "ottobre ott", "novembre nov",
        "dicembre dic",
    ),
    numbers={
        **number_table(
            {"uno": 1, "un": 1, "una": 1, "due": 2, "tre": 3, "quattro": 4, "cinque": 5,
             "sei": 6, "sette": 7, "otto": 8, "nove": 9, "dieci": 10, "undici": 11,
             "dodici": 12, "tredici": 13, "quattordici": 14, "quindici": 15, "sedici": 16,
             "diciassette": 17, "diciotto": 18, "diciannove": 19},
            {"venti": 20, "trenta": 30, "quaranta": 40, "cinquanta": 50, "sessanta": 60,
             "settanta": 70, "ottanta": 80, "novanta": 90},
            ("",),
        ),
        "ventuno": 21, "ventotto": 28, "trentuno": 31, "trentotto": 38, "quarantacinque": 45,
        "sessantuno": 61, "novantuno": 91,
    },
    deadline=(
        r"fine(?= ?:)",
        r"scadenza", r"scade",
        r"termine(?: ultimo| finale)?(?: per la presentazione(?: delle domande)?)?",
        r"data di (?:chiusura|scadenza)", r"chiusura", r"entro e non oltre(?: il)?",
        r"entro(?: il)?", r"(?:prima|seconda|terza) finestra",
    ),
    extended=(r"prorogat[oa](?: al| fino al)?", r"posticipat[oa] al"),
    until=(r"fino al", r"non oltre il"),
    submission=(r"domande", r"candidature", r"proposte", r"presentat\w*", r"pervenire"),
    opening=(r"apertura", r"avvio", r"inizio", r"si apre", r"aperto"),
    published=(r"pubblicat\w*", r"pubblicazione", r"firmat\w*", r"aggiornat\w*",
               r"decreto", r"delibera", r"burl", r"bur"),
    event=(r"giornata informativa", r"info ?day", r"webinar", r"evento", r"convegno",
           r"seminario", r"workshop", r"incontro", r"si terra", r"corso"),
    registration=(r"iscrizion\w*",),
    other=(r"graduatoria", r"risultati", r"spese", r"ammissibil\w*", r"inizialmente",
           r"durata", r"quesiti", r"chiarimenti"),
    tba=(r"sara (?:comunicat[oa]|resa nota|definit[oa]|pubblicat[oa])", r"da definire"),
    continuous=(r"a sportello", r"fino ad esaurimento"),
    results=(r"graduatoria", r"risultati"),
    call=(r"bando", r"avviso", r"domande", r"contribut\w*"),
    days=(r"giorni", r"giorno"),
    business=(r"lavorativi",),
    calendar=(r"naturali", r"consecutivi", r"solari"),
    weeks=(r"settimane", r"settimana"),
    month_units=(r"mesi", r"mese"),
    publication=(r"pubblicazione", r"pubblicato"),
    relative_from=(r"dalla", r"dal", r"a decorrere", r"successivi"),
    range_start=(r"dal", r"dalle(?: ore)?", r"tra il", r"fra il"),
    range_join=(r"-", r"–", r"al", r"alle", r"e il", r"fino al"),
    time_links=(r"del(?: giorno)?", r"il", r","),
    noon=(r"mezzogiorno",),
    zones={r"ora di bruxelles": "Europe/Brussels"},
    holidays=("01-01", "01-06", "04-25", "05-01", "06-02", "08-15", "11-01", "12-08",
              "12-25", "12-26"),
)  # fmt: skip
