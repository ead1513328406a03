"""English: EU portals (F&T, Erasmus+, Interreg, EEA Grants), and the English pages of
national agencies."""

from __future__ import annotations

from feeds.deadlines.grammar import Grammar, month_table, number_table

GRAMMAR = Grammar(
    code="en",
    zone="Europe/Brussels",
    months=month_table(
        "january jan", "february feb", "march mar", "april apr", "may", "june jun",
        "july jul", "august aug", "september sept sep", "october oct", "november nov",
        "december dec",
    ),
    numbers=number_table(
        {"one": 1, "a": 1, "an": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
         "seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12,
         "thirteen": 13, "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17,
         "eighteen": 18, "nineteen": 19},
        {"twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70,
         "eighty": 80, "ninety": 90},
        ("-", " "),
    ),
    deadline=(
        r"end(?= ?:)",
        r"deadline(?:date|s)?", r"closing date", r"clos(?:e|es|ed|ing)(?: on| at)?",
        r"apply by", r"due(?: date| on| by)?", r"no later than", r"not later than",
        r"time limit", r"last day to (?:apply|submit)", r"open (?:until|till|through)",
        r"remains? open (?:until|till)", r"cut-? ?off(?: dates?)?", r"rounds? \d",
        r"(?:has|have) until", r"expires?(?: on)?", r"submission period", r"application window",
        r"application period", r"submissions? (?:by|until)", r"\d(?:st|nd|rd|th)? stage",
    ),
    extended=(r"extended (?:to|until)", r"postponed (?:to|until)", r"extended", r"new deadline"),
    until=(r"until", r"till", r"by", r"before", r"end"),
    submission=(r"submission", r"applications?", r"proposals?", r"tenders?"),
    opening=(
        r"open(?:s|ing|ed)?(?! until| till| through)(?: date)?", r"start(?:s|ing)?",
        r"launch(?:es|ed)?", r"will be launched", r"begins?", r"kick-?off",
    ),
    published=(
        r"publish(?:ed|es|ing)?", r"publication", r"posted", r"signed", r"adopted",
        r"updated?", r"last update", r"date of dispatch", r"dispatched", r"official journal",
        r"press release", r"decision",
    ),
    event=(
        r"info(?:rmation)? days?", r"info(?:rmation)? sessions?", r"webinars?", r"events?",
        r"conferences?", r"workshops?", r"seminars?", r"meetings?", r"forum", r"training",
        r"courses?", r"takes? place", r"will take place",
        r"held on", r"save the date", r"matchmaking", r"week of",
    ),
    registration=(r"registration", r"register",),
    other=(
        r"results?", r"winners?", r"selected", r"questions?", r"clarifications?",
        r"requests? for clarification", r"comments?", r"consultation", r"eligible",
        r"expenditure", r"costs?", r"incurred", r"duration", r"implementation",
        r"valid(?:ity)?", r"originally", r"initially", r"evaluation", r"runs until",
        r"programme runs", r"no earlier than", r"(?:progress|final|interim) reports?",
        # the end of the funded project, not of the call
        r"(?:must|should|shall|will) (?:end|finish|be completed|be finished)", r"completion",
        r"end date of (?:the )?projects?",
    ),
    tba=(
        r"to be (?:announced|confirmed|published|determined|defined)", r"tb[ac]",
        r"will be (?:announced|published|communicated|confirmed)(?: later)?",
        r"(?:is|are) not yet (?:known|set|announced)", r"published later",
    ),
    continuous=(r"rolling basis", r"continuously", r"no deadline", r"budget is exhausted"),
    results=(r"results", r"winners", r"selected", r"awarded"),
    call=(r"calls?", r"grants?", r"funding", r"applications?", r"proposals?", r"tenders?",
          r"fund"),
    days=(r"days?",),
    business=(r"working", r"business"),
    calendar=(r"calendar",),
    weeks=(r"weeks?",),
    month_units=(r"months?",),
    publication=(r"publication", r"published", r"publishing"),
    relative_from=(r"from", r"of", r"after", r"following"),
    range_start=(r"between", r"from"),
    range_join=(r"-", r"–", r"—", r"to", r"until", r"till", r"through", r"and"),
    time_links=(r"on", r"on the", r"of", r","),
    noon=(r"noon", r"midday", r"12 noon"),
    all_dates=(r"all", r"each"),
    zones={r"brussels(?: local)? time": "Europe/Brussels", r"cest?": "Europe/Brussels",
           r"romanian time": "Europe/Bucharest", r"madrid time": "Europe/Madrid"},
    month_first=True,
    holidays=("01-01", "05-01", "12-25"),
)  # fmt: skip
