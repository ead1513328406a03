"""What an item is: a call, a tender, a cascade call, news, an event or a result (pure).

Members trust a digest that carries only what they can apply to. The decision, with the
rule that fired (kept on the record as ``kind_rule``):

1. a kind the source states (``Draft.kind_hint``: an F&T ``type``, a "news" category);
2. the title (as one sentence), then the body sentence by sentence (the first sentence that
   says anything decides). Inside one sentence the kinds are tried in this order: result,
   news, event, tender, cascade, call. A call is named in most texts about it ("Info day on the 2027
   call", "Rezultatele apelului", "resolución de concesión de la convocatoria"), so the
   other kinds win when both appear in one sentence; a sentence of its own about the call
   ("Deadline: 5 March 2027") comes first in a call's text and decides there. An event word
   right after "organisation of" ("Call for the organisation of conferences") is the subject
   of a call, not an event;
3. a call whose text mentions financial support to third parties (FSTP, cascade funding) is
   a cascade call;
4. no pattern at all: a structured deadline or one found after a trigger, a budget, or an
   open-ended call make it a call;
5. otherwise what the source publishes (``SourceSpec.publishes``), else: calls for the
   call portals (F&T, BDNS, WordPress ``apel``), news for RSS feeds. A source that publishes
   tenders or cascade calls also turns its items' plain "call" into its own kind.

Patterns are written per language (en, ro, es, ca, fr, it, de, pt) on folded text (lower
case, no accents) and tried only on sentences of their language (:mod:`feeds.language`);
a few words are the same everywhere ("webinar", "info day", "FSTP").
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from feeds.language import language_of, segments
from feeds.text import fold
from feeds.types import OpportunityKind, SourceKind

K = OpportunityKind
UNIVERSAL = "*"
#: Tried in this order inside one sentence.
PRIORITY = (K.RESULT, K.NEWS, K.EVENT, K.TENDER, K.CASCADE, K.CALL)
#: What a source lists when neither it nor its texts say otherwise.
SOURCE_DEFAULTS: Mapping[SourceKind, OpportunityKind] = {
    SourceKind.EU_FT: K.CALL,
    SourceKind.BDNS: K.CALL,
    SourceKind.WP_JSON: K.CALL,
    SourceKind.RSS: K.NEWS,
}

# Each list holds regular expressions over folded text; every one is matched as whole words.
_PATTERNS: dict[OpportunityKind, dict[str, tuple[str, ...]]] = {
    K.EVENT: {
        UNIVERSAL: (
            r"webinar\w*", r"info[- ]?days?", r"info[- ]?sessions?", r"workshops?",
            r"hackathons?", r"matchmaking", r"brokerage events?",
        ),
        "en": (
            r"information (?:day|days|session|sessions|event|events)", r"conferences?",
            r"seminars?", r"networking (?:event|session)s?", r"launch event", r"save the date",
            r"round ?tables?", r"online (?:event|session)s?", r"hybrid event",
            r"(?:the|this|our) event (?:will take place|takes place|will be held)",
            r"register (?:now|here|online|for the)", r"registration (?:is open|deadline|form)",
            r"deadline for registrations?", r"join us", r"open days?", r"summit",
            r"partner(?:ing)? search event", r"(?:online |applicants' )?briefings?",
        ),
        "ro": (
            r"sesiun(?:e|ea|i|ile) de informare", r"sesiun(?:e|ea|i|ile) informativ[ae]",
            r"zi(?:ua)? de informare", r"(?:eveniment|evenimentul|intalnire|intalnirea|"
            r"intalniri|caravana) de informare", r"conferint(?:a|ei|e|ele)",
            r"seminar(?:ul|ii|iile)?", r"atelier(?:ul)? de lucru", r"ateliere(?:le)?",
            r"eveniment(?:ul)? de lansare", r"mas(?:a|ei) rotund[ae]",
            r"inscrieri(?:le)? (?:sunt deschise|se fac|pana la)", r"formular(?:ul)? de inscriere",
            r"va avea loc (?:la|pe|in)",
        ),
        "es": (
            r"jornad(?:a|as) (?:informativ[ao]s?|tecnicas?|de presentacion|de difusion|"
            r"de informacion|de puertas abiertas)", r"sesion(?:es)? informativas?",
            r"sesion(?:es)? de (?:informacion|presentacion)", r"webinario", r"seminarios?",
            r"conferencias?", r"congresos?", r"talleres?", r"mesas? redondas?",
            r"encuentros? (?:informativos?|de networking|empresariales?)",
            r"presentacion de la convocatoria",
            r"inscripcion(?:es)? (?:abiertas?|hasta|gratuitas?)",
            r"plazo de inscripcion", r"formulario de inscripcion", r"se celebrara",
        ),
        "ca": (
            r"jornad(?:a|es) informativ(?:a|es)", r"sessio(?:ns)? informativ(?:a|es)",
            r"seminaris?", r"conferencies?", r"tallers?", r"inscripcions? obertes",
        ),
        "fr": (
            r"journees? d'information", r"journees? d'info", r"sessions? d'information",
            r"seminaires?", r"conferences?", r"ateliers?", r"webinaires?", r"tables? rondes?",
            r"rencontres? (?:d'information|de partenariat)", r"inscriptions? (?:ouvertes|jusqu'au)",
        ),
        "it": (
            r"giornat[ae] (?:informativ[ae]|di informazione)", r"sessioni? informativ[ae]",
            r"seminari?o?", r"conferenz[ae]", r"convegn[oi]", r"tavol[ae] rotond[ae]",
            r"incontr[oi] informativ[oi]", r"iscrizioni (?:aperte|entro)",
        ),
        "de": (
            r"infotag", r"informationstag(?:e|en)?", r"informationsveranstaltung(?:en)?",
            r"infoveranstaltung(?:en)?", r"veranstaltung(?:en)?", r"konferenz(?:en)?",
            r"tagung(?:en)?", r"seminar(?:e)?", r"podiumsdiskussion", r"anmeldung (?:bis|unter)",
        ),
        "pt": (
            r"dias? informativos?", r"dias? de informacao", r"sess(?:ao|oes) de esclarecimento",
            r"sess(?:ao|oes) (?:informativas?|de informacao)", r"seminarios?",
            r"conferencias?", r"mesas? redondas?", r"inscricoes (?:abertas|ate)",
        ),
    },
    K.RESULT: {
        "en": (
            r"results? of the (?:\S+ ){0,5}?(?:call|calls|selection|evaluation|competition|"
            r"contest|award)", r"(?:selection|evaluation|award) results",
            r"lists? of (?:the )?(?:selected|funded|successful|awarded|winning|shortlisted) "
            r"(?:projects|proposals|applicants|applications|beneficiaries)",
            r"(?:selected|funded|successful|winning) (?:projects|proposals|applicants) "
            r"(?:announced|published)", r"winners (?:announced|of the)",
            r"(?:grant )?award decisions?", r"grants? awarded",
            r"shortlisted (?:projects|proposals)",
        ),
        "ro": (
            r"^rezultat(?:e|ele)\b", r"rezultat(?:ul|ele|e)? (?:\S+ ){0,3}?(?:evaluarii|selectiei|"
            r"apelului|concursului|final|finale|preliminare|etapei|verificarii|contractarii|"
            r"procesului)",
            r"lista (?:cu |a |de )?(?:proiect\w*|cereril\w* de finantare|beneficiar\w*|"
            r"aplicatii\w*)(?: \S+){0,3}? (?:selectat\w*|finantat\w*|aprobat\w*|admis\w*|"
            r"contractat\w*|respins\w*|castigat\w*)", r"proiecte(?:le)? (?:selectate|castigatoare)",
            r"clasament(?:ul)? (?:final|proiectelor)", r"contracte semnate",
            r"decizi(?:a|ile) de (?:aprobare|finantare)",
        ),
        "es": (
            r"resolucion (?:definitiva |provisional )?de (?:concesion|adjudicacion)",
            r"resolucion (?:definitiva|provisional)",
            r"propuesta de resolucion (?:provisional|definitiva)", r"por la que se resuelve",
            r"se resuelve la convocatoria", r"por la que se conceden", r"se conceden las",
            r"(?:listado|relacion) (?:definitiv[ao] |provisional )?de (?:beneficiarios|"
            r"solicitudes|proyectos|entidades) (?:\S+ ){0,2}?(?:admitid|seleccionad|concedid|"
            r"aprobad|beneficiari|excluid)\w*", r"(?:ayudas|subvenciones) concedidas",
            r"lista de admitidos", r"adjudicacion del contrato",
        ),
        "ca": (r"resolucio de (?:concessio|adjudicacio)", r"es resol la convocatoria"),
        "fr": (
            r"resultats (?:de l'appel|de la selection|de l'evaluation|du concours)",
            r"projets (?:selectionnes|retenus|laureats)", r"liste des (?:laureats|beneficiaires)",
            r"laureats",
        ),
        "it": (
            r"graduatori[ae](?: definitiv[ae]| provvisori[ae])?",
            r"esiti? della (?:valutazione|selezione)",
            r"progetti (?:finanziati|selezionati|ammessi)", r"elenco dei (?:progetti|beneficiari)",
            r"risultati (?:della selezione|del bando|della valutazione)",
        ),
        "de": (
            r"ergebnisse (?:der auswahl|des aufrufs|der bewertung|der ausschreibung)",
            r"ausgewahlte projekte", r"geforderte projekte", r"forderentscheidung(?:en)?",
        ),
        "pt": (
            r"resultados (?:da selecao|do concurso|da avaliacao|do aviso)",
            r"(?:candidaturas|projetos) (?:aprovad|selecionad)[oa]s",
            r"lista (?:de|dos) (?:projetos|candidaturas) (?:aprovad|selecionad)\w*",
        ),
    },
    K.NEWS: {
        "en": (
            r"press (?:release|conference|briefing)", r"(?:the )?commission (?:adopts|adopted|"
            r"welcomes|approves|approved|presents|proposes|endorses)",
            r"(?:council|parliament|member states|ministers) (?:adopts?|approves?|agrees?|"
            r"endorses?)", r"political agreement", r"agreement reached",
            r"public consultations?", r"have your say", r"newsletter", r"statement by",
            r"speech by", r"interview with", r"factsheet", r"success stor(?:y|ies)",
            r"annual report", r"work programme (?:adopted|published|amended)",
            r"programme guide (?:published|available)",
        ),
        "ro": (
            r"comunicat(?:ul)? de presa", r"conferint(?:a|ei) de presa", r"consultare publica",
            r"dezbatere publica", r"(?:lansat|lansata|supus|supusa|pus|pusa) (?:in|spre) "
            r"consultare", r"interviu", r"raport(?:ul)? (?:anual|de activitate)",
            r"guvernul a aprobat", r"a fost aprobat(?:a)? (?:ordonanta|hotararea|legea)",
        ),
        "es": (
            r"nota de prensa", r"rueda de prensa", r"consulta publica", r"audiencia publica",
            r"informacion publica", r"tramite de audiencia", r"el consejo de ministros "
            r"(?:aprueba|ha aprobado)", r"entrevista", r"informe anual", r"memoria anual",
        ),
        "ca": (r"nota de premsa", r"roda de premsa", r"consulta publica"),
        "fr": (
            r"communique de presse", r"conference de presse", r"consultation publique",
            r"la commission (?:adopte|salue|approuve|presente|propose)",
        ),
        "it": (
            r"comunicato stampa", r"conferenza stampa", r"consultazione pubblica",
            r"la commissione (?:adotta|approva|accoglie|presenta|propone)",
        ),
        "de": (
            r"pressemitteilung", r"pressekonferenz", r"offentliche konsultation",
            r"die kommission (?:nimmt|verabschiedet|billigt|begrusst|schlagt)",
        ),
        "pt": (
            r"comunicado de imprensa", r"nota de imprensa", r"conferencia de imprensa",
            r"consulta publica", r"a comissao (?:adota|aprova|congratula|apresenta|propoe)",
        ),
    },
    K.TENDER: {
        "en": (
            r"calls? for tenders?", r"invitations? to tender", r"tenders?", r"contract notices?",
            r"public procurement", r"procurement procedures?",
            r"requests? for (?:quotations?|quotes|tenders?)", r"framework contracts?",
        ),
        "ro": (
            r"achizit(?:ie|ia|ii|iile) public(?:a|e)", r"licitati(?:e|a|i|ile)",
            r"anunt(?:ul)? de participare", r"caiet(?:ul)? de sarcini",
            r"procedur(?:a|i) de achizitie",
            r"cerere de oferte",
        ),
        "es": (
            r"licitacion(?:es)?", r"contratacion publica", r"anuncio de licitacion",
            r"pliegos? de (?:clausulas|prescripciones)", r"expediente de contratacion",
            r"contrato de (?:servicios|suministros?|obras)", r"plataforma de contratacion",
        ),
        "ca": (r"licitacio(?:ns)?", r"contractacio publica", r"plecs? de clausules"),
        "fr": (r"appels? d'offres", r"marches? publics?", r"avis de marche"),
        "it": (
            r"gar[ae] d'appalto", r"bandi? di gara",
            r"appalt[oi](?: pubblic[oi])?", r"avviso di gara",
        ),
        "de": (
            r"offentliche ausschreibung(?:en)?", r"vergabeverfahren", r"auftragsbekanntmachung",
            r"ausschreibung (?:von|fur) (?:dienst|liefer|bau)leistungen",
        ),
        "pt": (r"concurso publico", r"anuncio de procedimento", r"contratacao publica",
               r"caderno de encargos"),
    },
    K.CASCADE: {
        UNIVERSAL: (r"fstp",),
        "en": (
            r"cascad(?:e|ing) (?:funding|grants?)", r"financial support (?:to|for) third parties",
            r"open calls? for third parties", r"third[- ]party (?:funding|calls?|grants?)",
        ),
        "ro": (r"finantare in cascada", r"sprijin financiar (?:pentru|catre) terti"),
        "es": (
            r"financiacion en cascada", r"ayudas en cascada",
            r"apoyo financiero a terceros", r"convocatoria abierta para terceros",
        ),
        "ca": (r"financament en cascada", r"suport financer a tercers"),
        "fr": (r"financement en cascade", r"soutien financier (?:a|aux) (?:des )?tiers"),
        "it": (r"finanziamento a cascata", r"sostegno finanziario a terzi"),
        "de": (r"kaskadenfinanzierung", r"finanzielle unterstutzung (?:fur|an) dritte"),
        "pt": (r"financiamento em cascata", r"apoio financeiro a terceiros"),
    },
    K.CALL: {
        "en": (
            r"calls? for (?:proposals|applications|projects|project proposals|"
            r"expressions? of interest|ideas|submissions)",
            r"(?:open|funding|grant|competitive|restricted) calls?",
            r"calls? (?:is|are) (?:now )?open", r"(?:launch|launches|launched|opens|opened) "
            r"(?:a|an|the|its|their|two|three|new|\d{4}) (?:\S+ ){0,3}?calls?",
            r"applications? (?:are|is) (?:now )?open", r"open for applications",
            r"submit (?:a |an |your |their )?(?:applications?|proposals?|project proposals?)",
            r"apply (?:now|by|before|until|online|for funding|for a grant)",
            r"applications? (?:must|can|may|should) be submitted", r"eligible (?:applicants|"
            r"organisations|organizations|entities|costs)", r"grants? (?:of )?up to",
            r"funding of up to", r"(?:total|indicative|available|overall) budget",
            r"budget (?:of|is|available)", r"co-?(?:financing|funding) rate",
            r"deadlines?", r"closing dates?", r"closes on", r"submission deadline",
            r"cut-?off dates?",
        ),
        "ro": (
            r"apel(?:ul|uri|urile|ului|urilor)?", r"cerere(?:a)? de propuneri",
            r"cereri(?:le|lor)? de finantare", r"cerere(?:a)? de finantare",
            r"ghidul solicitantului", r"schem(?:a|ei) de (?:granturi|ajutor de stat|minimis)",
            r"finantare nerambursabila", r"solicitant(?:i|ii) eligibili",
            r"pot (?:depune|aplica|solicita)", r"depune(?:rea)? (?:proiectelor|cererilor|"
            r"aplicatiilor|propunerilor)", r"termen(?:ul)? limita", r"data limita",
            r"data (?:de )?inchiderii", r"termen(?:ul)? de depunere", r"perioada de depunere",
            r"buget(?:ul)? (?:total|apelului|alocat|disponibil)", r"valoarea (?:maxima )?"
            r"(?:a )?finantarii",
        ),
        "es": (
            r"convocatorias?", r"se convoca(?:n)?", r"convocan", r"ayudas (?:para|a|destinadas)",
            r"subvenci(?:on|ones) (?:para|a|destinadas)", r"podran (?:ser beneficiari\w+|"
            r"solicitar|presentar)", r"presentacion de (?:solicitudes|propuestas|proyectos)",
            r"plazo de (?:presentacion|solicitud)", r"fecha limite", r"fin del plazo",
            r"cuantia (?:maxima|total|de la ayuda)", r"presupuesto (?:total|maximo)",
            r"dotacion", r"importe (?:maximo|total)", r"credito presupuestario",
        ),
        "ca": (
            r"convocatori(?:a|es)", r"ajuts (?:per|a|destinats)",
            r"subvencions (?:per|a|destinades)",
            r"termini de presentacio", r"presentacio de sol.licituds",
        ),
        "fr": (
            r"appels? a (?:projets|propositions|candidatures|manifestation d'interet)",
            r"date limite", r"date de cloture", r"deposer (?:un|une|votre) (?:dossier|projet|"
            r"candidature)", r"subventions? (?:de|pour|jusqu'a)",
        ),
        "it": (
            r"band[oi]", r"avvis[oi] pubblic[oi]", r"invito a presentare proposte", r"scadenza",
            r"termine (?:per la presentazione|ultimo)", r"contributi a fondo perduto",
        ),
        "de": (
            r"forderaufruf(?:e)?", r"projektaufruf(?:e)?", r"aufruf zur einreichung",
            r"ausschreibung(?:en)?", r"einreichungsfrist", r"antragsfrist", r"bewerbungsfrist",
            r"fordermittel", r"antrage (?:konnen|sind)",
        ),
        "pt": (
            r"avisos? de abertura", r"avisos? (?:de|para) (?:apresentacao de )?candidaturas",
            r"concursos?", r"convite a apresentacao de propostas",
            r"prazo (?:de|para) (?:submissao|apresentacao)", r"data limite",
        ),
    },
}  # fmt: skip

#: An event word right after these is the subject of a call ("organisation of conferences").
_ORGANISING = re.compile(
    r"(?:organi[sz]\w*|organizar\w*|host(?:ing)?|support(?:ing)? (?:for|to)|sprijin\w* pentru)"
    r"(?: \S+){0,3} $"
)


def _compile(patterns: Iterable[str]) -> re.Pattern[str]:
    return re.compile(r"(?<![\w'])(?:" + "|".join(patterns) + r")(?![\w'])", re.MULTILINE)


_COMPILED: dict[tuple[OpportunityKind, str], re.Pattern[str]] = {
    (kind, language): _compile(patterns)
    for kind, by_language in _PATTERNS.items()
    for language, patterns in by_language.items()
}


@dataclass(frozen=True, slots=True)
class KindDecision:
    """A kind and the rule that decided it (``"title:es:jornada informativa"``)."""

    kind: OpportunityKind
    rule: str


@dataclass(frozen=True, slots=True)
class _Sentence:
    language: str
    folded: str


def _sentences(text: str, language: str) -> list[_Sentence]:
    return [_Sentence(piece.language, piece.folded) for piece in segments(text, language)]


def _match(kind: OpportunityKind, sentence: _Sentence) -> tuple[str, str] | None:
    """(language, matched words) of the first pattern of ``kind`` found in ``sentence``."""
    folded = sentence.folded
    best: tuple[int, str, str] | None = None
    for language in (sentence.language, UNIVERSAL):
        pattern = _COMPILED.get((kind, language))
        if pattern is None:
            continue
        for found in pattern.finditer(folded):
            before = folded[max(0, found.start() - 60) : found.start()]
            if kind is K.EVENT and _ORGANISING.search(before):
                continue
            if best is None or found.start() < best[0]:
                best = (found.start(), language, found.group(0))
            break
    return None if best is None else (best[1], best[2])


def _first_kind(sentences: Iterable[_Sentence]) -> tuple[OpportunityKind, str, str] | None:
    for sentence in sentences:
        for kind in PRIORITY:
            found = _match(kind, sentence)
            if found is not None:
                return kind, found[0], found[1]
    return None


def _label(language: str) -> str:
    return "any" if language == UNIVERSAL else language


def decide_kind(
    *,
    title: str,
    text: str,
    language: str,
    hint: OpportunityKind | None = None,
    source_kind: SourceKind = SourceKind.RSS,
    publishes: OpportunityKind | None = None,
    deadline: bool = False,
    budget: bool = False,
    continuous: bool = False,
) -> KindDecision:
    """The kind of an item and the rule that fired.

    ``text`` is the body without the title; ``deadline`` says a deadline came from a
    structured field or was found after a trigger phrase (a low-confidence guess does not
    count); ``budget`` that the source states an amount; ``continuous`` that it is an
    open-ended call.
    """
    if hint is not None:
        return KindDecision(hint, f"source:{hint.value}")
    # The title is read as one sentence: "Apelul PEO/123: rezultatele evaluării" is a result.
    title = " ".join(title.split())
    head = [_Sentence(language_of(title, language), fold(title))] if title else []
    body = _sentences(text, language)
    decided: tuple[OpportunityKind, str] | None = None
    for where, sentences in (("title", head), ("text", body)):
        found = _first_kind(sentences)
        if found is not None:
            kind, lang, words = found
            decided = (kind, f"{where}:{_label(lang)}:{words}")
            break
    if decided is None:
        if deadline:
            decided = (K.CALL, "signal:deadline")
        elif budget:
            decided = (K.CALL, "signal:budget")
        elif continuous:
            decided = (K.CALL, "signal:continuous")
    if decided is not None and decided[0] is K.CALL:
        for sentence in [*head, *body]:
            cascade = _match(K.CASCADE, sentence)
            if cascade is not None:
                return KindDecision(K.CASCADE, f"text:{_label(cascade[0])}:{cascade[1]}")
    if decided is not None and decided[0] is K.CALL and publishes in (K.TENDER, K.CASCADE):
        # A feed of tenders (or of cascade calls) names its items "calls" with deadlines too.
        return KindDecision(publishes, f"source-publishes:{publishes.value}")
    if decided is not None:
        return KindDecision(*decided)
    if publishes is not None:
        return KindDecision(publishes, f"source-publishes:{publishes.value}")
    default = SOURCE_DEFAULTS.get(source_kind, K.NEWS)
    return KindDecision(default, f"default:{source_kind.value}")
