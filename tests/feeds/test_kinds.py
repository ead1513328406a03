"""What an item is (issue 11): realistic titles and texts in every supported language."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from feeds.kinds import decide_kind
from feeds.normalize import build_opportunity
from feeds.types import (
    Confidence,
    Draft,
    Opportunity,
    OpportunityKind,
    SourceKind,
    SourceSpec,
    Taxonomy,
)

CALL, TENDER, CASCADE = OpportunityKind.CALL, OpportunityKind.TENDER, OpportunityKind.CASCADE
NEWS, EVENT, RESULT = OpportunityKind.NEWS, OpportunityKind.EVENT, OpportunityKind.RESULT

# (language, title, body, expected kind), as the sources write them.
CASES = [
    # English: EU agencies, the Commission, programme secretariats
    ("en", "Erasmus+ Info Day 2027: Cooperation partnerships",
     "EACEA organises an online info day on 14 January 2027 at 09:30 CET. Register by "
     "10 January.", EVENT),
    ("en", "Webinar: How to write a successful CERV proposal",
     "Join our webinar on 3 February 2027, 10:00-12:00 Brussels time.", EVENT),
    ("en", "Interreg Danube Region: 3rd call for proposals open",
     "The third call for proposals is open from 1 December 2026. Deadline for submission: "
     "31 March 2027, 14:00 CET. The total budget is EUR 40 million.", CALL),
    ("en", "Results of the 2026 Erasmus+ Jean Monnet selection",
     "The list of selected projects is now available.", RESULT),
    ("en", "Commission adopts the 2027 annual work programme for Erasmus+",
     "The European Commission has today adopted the 2027 annual work programme, with a "
     "budget of EUR 4.8 billion.", NEWS),
    ("en", "Call for tenders EAC/2026/OP/0012: Study on adult learning",
     "The contracting authority invites tenders for a service contract. Time limit for "
     "receipt of tenders: 20 January 2027.", TENDER),
    ("en", "SMART4ALL Open Call 3 for third parties",
     "The project offers financial support to third parties (FSTP) of up to EUR 60,000 "
     "per SME. Applications close on 28 February 2027.", CASCADE),
    ("en", "European Youth Event 2027: what to expect",
     "More than 10,000 young people will gather in Strasbourg in May.", NEWS),
    ("en", "Grants for youth organisations supporting NEETs",
     "Organisations can submit applications until 15 April 2027.", CALL),
    ("en", "European Social Fund Plus conference on social innovation",
     "The conference will take place in Lisbon on 12-13 March 2027.", EVENT),
    # Romanian: MIPE, ministries, ANPCDEFP, regional agencies
    ("ro", "Sesiune de informare privind apelul de proiecte PEO pentru tineri NEET",
     "Vă invităm la sesiunea de informare din 12 decembrie 2026, ora 10:00, la sediul "
     "ADR Nord-Est.", EVENT),
    ("ro", "Lansare apel de proiecte: Sprijin pentru economia socială",
     "Ministerul Investițiilor și Proiectelor Europene lansează apelul. Termenul limită de "
     "depunere a cererilor de finanțare este 30 aprilie 2027, ora 16:00.", CALL),
    ("ro", "Rezultatele evaluării pentru apelul PEO/215/PEO_P4",
     "Au fost publicate rezultatele etapei de evaluare tehnică și financiară.", RESULT),
    ("ro", "Lista proiectelor selectate pentru finanțare în cadrul apelului PR/NE/2026/1",
     "", RESULT),
    ("ro", "Ghidul solicitantului pentru digitalizarea IMM-urilor, lansat în consultare publică",
     "A fost lansat ghidul în consultare publică. Propunerile se transmit pe e-mail până "
     "la 20 decembrie 2026.", NEWS),
    ("ro", "Anunț de participare: achiziție publică de servicii de formare",
     "Procedura de achiziție se desfășoară prin SEAP.", TENDER),
    ("ro", "Comunicat de presă: ministrul a semnat 40 de contracte de finanțare",
     "Contractele însumează 120 milioane de lei.", NEWS),
    ("ro", "Conferința anuală a Programului Regional Nord-Est",
     "Conferința va avea loc la Iași pe 5 decembrie 2026.", EVENT),
    ("ro", "Granturi pentru ONG-uri din mediul rural",
     "Data limită de depunere: 15 martie 2027. Bugetul total al apelului este de 5 milioane "
     "de euro.", CALL),
    ("ro", "Anunț privind rezultatul procesului de evaluare și selecție – apelul PR/NE/2026/3",
     "", RESULT),
    ("ro", "MIPE lansează în consultare publică Ghidul Solicitantului pentru tineri NEETs",
     "Propunerile și observațiile pot fi transmise timp de 15 zile.", NEWS),
    ("ro", "Caravana de informare a Programului Regional ajunge la Suceava", "", EVENT),
    # Spanish: BOE, BDNS, SEPIE, regional bodies
    ("es", "Jornada informativa sobre la convocatoria Erasmus+ 2027",
     "El SEPIE organiza una jornada informativa el 15 de enero de 2027 en Madrid.", EVENT),
    ("es", "Extracto de la Orden de 5 de diciembre de 2026 por la que se convocan ayudas "
     "para proyectos de innovación social",
     "BDNS (Identif.): 912345. El plazo de presentación de solicitudes será de veinte días "
     "hábiles.", CALL),
    ("es", "Resolución de concesión de las subvenciones para el fomento del empleo juvenil",
     "Se publica la relación de entidades beneficiarias.", RESULT),
    ("es", "Resolución de 20 de noviembre de 2026 por la que se resuelve la convocatoria de "
     "ayudas a asociaciones juveniles", "", RESULT),
    ("es", "Anuncio de licitación: servicio de formación para personas desempleadas",
     "Expediente de contratación 2026/0345. Procedimiento abierto.", TENDER),
    ("es", "Nota de prensa: el Gobierno destina 200 millones a la formación profesional",
     "El Consejo de Ministros ha aprobado hoy el reparto de fondos.", NEWS),
    ("es", "Taller práctico: cómo preparar tu solicitud para el FSE+",
     "Inscripciones abiertas hasta el 10 de diciembre.", EVENT),
    ("es", "Convocatoria de subvenciones para entidades del tercer sector 2027",
     "Las solicitudes podrán presentarse hasta el 31 de enero de 2027.", CALL),
    ("es", "Resolución definitiva de la convocatoria de ayudas para la contratación de jóvenes",
     "", RESULT),
    ("es", "El SEPE publica el listado de entidades beneficiarias de las subvenciones", "", RESULT),
    ("es", "Jornada de presentación del Programa Interreg POCTEP 2021-2027", "", EVENT),
    # Catalan
    ("ca", "Jornada informativa sobre els ajuts a l'ocupació juvenil",
     "La jornada tindrà lloc el 20 de gener de 2027.", EVENT),
    ("ca", "Convocatòria d'ajuts per a projectes d'economia social",
     "El termini de presentació de sol·licituds finalitza el 28 de febrer de 2027.", CALL),
    # French
    ("fr", "Journée d'information Interreg France-Wallonie-Vlaanderen",
     "Rendez-vous le 18 janvier 2027 à Lille.", EVENT),
    ("fr", "Appel à projets 2027 : inclusion des jeunes",
     "Date limite de dépôt des candidatures : 15 mars 2027.", CALL),
    ("fr", "Résultats de l'appel à projets 2026", "Les projets retenus sont publiés.", RESULT),
    ("fr", "Appel d'offres : évaluation du programme", "Marché public de services.", TENDER),
    # Italian
    ("it", "Bando 2027 per progetti di inclusione sociale",
     "Scadenza per la presentazione delle domande: 30 aprile 2027.", CALL),
    ("it", "Giornata informativa sul programma Interreg Italia-Austria",
     "L'incontro si terrà a Bolzano.", EVENT),
    ("it", "Graduatoria definitiva del bando giovani 2026", "", RESULT),
    # German
    ("de", "Infotag zum Förderaufruf Interreg Bayern-Österreich",
     "Die Veranstaltung findet am 22. Januar 2027 online statt.", EVENT),
    ("de", "Projektaufruf 2027: Soziale Innovation", "Einreichungsfrist: 31. März 2027.", CALL),
    ("de", "Pressemitteilung: Kommission billigt Programm", "", NEWS),
    # Portuguese
    ("pt", "Aviso de abertura de candidaturas: inclusão de jovens NEET",
     "O prazo de submissão termina a 31 de março de 2027.", CALL),
    ("pt", "Sessão de esclarecimento sobre o aviso POCTEP", "Inscrições abertas.", EVENT),
    ("pt", "Resultados da avaliação do aviso 01/2026", "", RESULT),
    # A second set, written after the rules and run once before any change to them
    # (32 of 33 right; "briefing" was then added to the English event words).
    ("en",
     "Erasmus+: 2027 call for proposals and programme guide",
     "The Commission has published the 2027 call. Applicants should read the Programme Guide.",
     CALL),
    ("en",
     "Apply now: European Solidarity Corps volunteering projects",
     "Organisations can apply until 19 February 2027, 12:00 Brussels time.",
     CALL),
    ("en",
     "Save the date: European Week of Regions and Cities 2027",
     "The event will take place in Brussels on 12-15 October.",
     EVENT),
    ("en",
     "EU invests €380 million in 133 new LIFE projects",
     "The Commission has approved funding for 133 new projects.",
     NEWS),
    ("en",
     "Winners of the European Social Innovation Competition announced",
     "The three winners receive €50,000 each.",
     RESULT),
    ("en",
     "Online briefing for applicants: CERV citizens' engagement call",
     "A briefing for applicants will be held online on 15 January 2027.",
     EVENT),
    ("en",
     "Invitation to tender: Evaluation of the ESF+ programme",
     "Deadline for receipt of tenders: 2 February 2027.",
     TENDER),
    ("en",
     "Digital Europe: new calls open on cybersecurity and AI",
     "The calls are open until 15 April 2027. The total budget is EUR 90 million.",
     CALL),
    ("en",
     "Youth Employment Initiative: results and lessons learnt",
     "A new report looks at ten years of the initiative.",
     NEWS),
    ("en",
     "DIGITAL-SME cascade funding: 2nd open call of the EDIH network",
     "Up to EUR 30,000 per SME as financial support to third parties.",
     CASCADE),
    ("ro",
     "Apelul de proiecte pentru dezvoltarea competențelor digitale a fost lansat",
     "Cererile de finanțare se depun în MySMIS2021 până la 31 martie 2027.",
     CALL),
    ("ro",
     "Webinar: Cum completezi cererea de finanțare în MySMIS2021",
     "Webinarul are loc pe 10 decembrie, ora 11:00.",
     EVENT),
    ("ro",
     "Au fost semnate primele contracte de finanțare din PEO",
     "Ministrul a participat la semnarea a 25 de contracte.",
     NEWS),
    ("ro",
     "Rezultate finale - Apel ANPCDEFP KA2 2026",
     "Lista proiectelor aprobate este disponibilă.",
     RESULT),
    ("ro",
     "Licitație deschisă pentru servicii de evaluare a programului",
     "Ofertele se depun în SEAP până la 20 ianuarie 2027.",
     TENDER),
    ("ro",
     "Întâlnire de informare cu potențialii beneficiari din județul Iași",
     "Întâlnirea va avea loc pe 5 decembrie.",
     EVENT),
    ("ro",
     "Schema de ajutor de minimis pentru IMM-uri din turism",
     "Valoarea maximă a finanțării este de 200.000 euro. Depunerea cererilor începe pe 1 "
     "februarie 2027.",
     CALL),
    ("ro",
     "Modificarea Ghidului solicitantului pentru apelul PTJ/2026/1",
     "S-a publicat ordinul de modificare a ghidului.",
     CALL),
    ("es",
     "Convocatoria de ayudas para la transformación digital de pymes 2027",
     "Plazo: hasta el 15 de marzo de 2027.",
     CALL),
    ("es",
     "Seminario web: novedades del FSE+ en la Comunitat Valenciana",
     "Se celebrará el 3 de diciembre a las 10:00 horas.",
     EVENT),
    ("es",
     "Propuesta de resolución provisional de las ayudas al empleo juvenil",
     "Las entidades disponen de diez días para alegar.",
     RESULT),
    ("es",
     "El Ministerio de Trabajo destina 50 millones a la inserción laboral de jóvenes",
     "La medida ha sido aprobada hoy por el Consejo de Ministros.",
     NEWS),
    ("es",
     "Licitación del servicio de asistencia técnica al Programa Operativo",
     "Presentación de ofertas hasta el 14 de enero.",
     TENDER),
    ("es",
     "Bases reguladoras y convocatoria de los Premios Juventud 2027",
     "Podrán participar jóvenes de entre 18 y 30 años.",
     CALL),
    ("es",
     "Congreso Estatal de Voluntariado 2027",
     "Inscripciones abiertas hasta el 30 de enero.",
     EVENT),
    ("fr",
     "Appel à candidatures : programme Interreg Europe",
     "Les candidatures sont ouvertes jusqu'au 15 mars 2027.",
     CALL),
    ("fr",
     "Webinaire d'information sur le programme Interreg VI France-Italie",
     "Le webinaire aura lieu le 12 janvier.",
     EVENT),
    ("it",
     "Avviso pubblico per il finanziamento di progetti giovanili",
     "Le domande devono essere presentate entro il 28 febbraio 2027.",
     CALL),
    ("it",
     "Comunicato stampa: approvato il programma Interreg Italia-Croazia",
     "",
     NEWS),
    ("de",
     "Aufruf zur Einreichung von Projektanträgen – Interreg Österreich-Bayern",
     "Anträge können bis 31. März 2027 eingereicht werden.",
     CALL),
    ("pt",
     "Aviso de concurso para apoio a projetos de inovação social",
     "Candidaturas até 31 de março de 2027.",
     CALL),
    ("pt",
     "Webinar de apresentação do programa Interreg Espanha-Portugal",
     "",
     EVENT),
    ("ca",
     "Resolució de concessió dels ajuts a entitats juvenils 2026",
     "",
     RESULT),
]  # fmt: skip


@pytest.mark.parametrize(
    ("language", "title", "body", "expected"), CASES, ids=[f"{c[0]}:{c[1][:40]}" for c in CASES]
)
def test_kind_from_title_and_text(
    language: str, title: str, body: str, expected: OpportunityKind
) -> None:
    decision = decide_kind(title=title, text=body, language=language)
    assert decision.kind is expected, decision.rule
    assert decision.rule.split(":")[0] in {"title", "text", "default"}


def test_the_rule_names_where_language_and_words() -> None:
    decision = decide_kind(
        title="Jornada informativa sobre la convocatoria", text="", language="es"
    )
    assert decision.rule == "title:es:jornada informativa"


def test_source_hint_wins() -> None:
    decision = decide_kind(
        title="Info day", text="", language="en", hint=CASCADE, source_kind=SourceKind.EU_FT
    )
    assert (decision.kind, decision.rule) == (CASCADE, "source:cascade")


def test_no_call_signal_from_a_news_feed_is_news() -> None:
    plain = decide_kind(title="Erasmus+ in numbers", text="A year of mobility.", language="en")
    assert (plain.kind, plain.rule) == (NEWS, "default:rss")
    declared = decide_kind(title="Erasmus+ in numbers", text="", language="en", publishes=NEWS)
    assert declared.rule == "source-publishes:news"


def test_a_feed_of_tenders_keeps_its_items_tenders() -> None:
    decision = decide_kind(
        title="Romania-Bucharest: Training services for the unemployed",
        text="Deadline: 14 January 2027, 10:00. Estimated value: 450 000 RON.",
        language="en",
        publishes=TENDER,
    )
    assert (decision.kind, decision.rule) == (TENDER, "source-publishes:tender")
    news = decide_kind(title="Results of the 2026 selection", text="", language="en",
                       publishes=TENDER)  # fmt: skip
    assert news.kind is RESULT


def test_signals_make_a_call_when_the_text_names_nothing() -> None:
    for signal in ("deadline", "budget", "continuous"):
        decision = decide_kind(
            title="Sprijin pentru IMM-uri",
            text="",
            language="ro",
            deadline=signal == "deadline",
            budget=signal == "budget",
            continuous=signal == "continuous",
        )
        assert (decision.kind, decision.rule) == (CALL, f"signal:{signal}")


def test_call_portals_default_to_calls() -> None:
    for kind in (SourceKind.EU_FT, SourceKind.BDNS, SourceKind.WP_JSON):
        assert decide_kind(title="X", text="", language="ro", source_kind=kind).kind is CALL


def test_english_words_do_not_fire_on_other_languages() -> None:
    # Spanish "tender puentes" is not a tender; Romanian "data" is a date.
    decision = decide_kind(
        title="Programa para tender puentes entre generaciones",
        text="Convocatoria abierta hasta el 30 de abril de 2027.",
        language="es",
    )
    assert decision.kind is CALL


@pytest.mark.parametrize(
    ("language", "title", "expected"),
    [
        ("ro", "Apelul PEO/215/PEO_P4: rezultatele evaluării tehnice și financiare", RESULT),
        ("en", "CERV-2027-CITIZENS-REM call: online info session", EVENT),
        ("es", "Convocatoria de ayudas 2027: resolución definitiva", RESULT),
    ],
)
def test_a_title_is_read_as_one_sentence(
    language: str, title: str, expected: OpportunityKind
) -> None:
    assert decide_kind(title=title, text="", language=language).kind is expected


def test_an_event_as_the_subject_of_a_call_is_a_call() -> None:
    decision = decide_kind(
        title="Call for proposals for the organisation of conferences on European values",
        text="Deadline: 12 March 2027.",
        language="en",
    )
    assert decision.kind is CALL


_FILLER = st.sampled_from(
    ["young people", "the programme", "Iași", "în 2027", "para jóvenes", "digital skills", "2027"]
)


@given(
    st.lists(_FILLER, max_size=6),
    st.sampled_from(["en", "ro", "es", "fr", "it", "de", "pt", "ca"]),
    st.sampled_from(list(SourceKind)),
)
def test_decision_is_total_deterministic_and_explained(
    words: list[str], language: str, source: SourceKind
) -> None:
    text = " ".join(words)
    first = decide_kind(title=text, text=text, language=language, source_kind=source)
    assert first == decide_kind(title=text, text=text, language=language, source_kind=source)
    assert first.rule
    assert isinstance(first.kind, OpportunityKind)


_INFO_DAYS = {
    "en": (["Info day on", "Online information session on", "Webinar:"],
           ["the 2027 call for proposals", "the call for tenders", "the open call"]),
    "ro": (["Sesiune de informare privind", "Webinar despre", "Conferință despre"],
           ["apelul de proiecte PEO", "cererea de propuneri", "schema de granturi"]),
    "es": (["Jornada informativa sobre", "Sesión informativa:", "Webinario sobre"],
           ["la convocatoria de ayudas", "las subvenciones para jóvenes",
            "el plazo de presentación"]),
    "fr": (["Journée d'information sur", "Webinaire :"], ["l'appel à projets 2027"]),
    "de": (["Infotag zum", "Informationsveranstaltung:"], ["Förderaufruf 2027"]),
}  # fmt: skip


@given(st.data(), st.sampled_from(sorted(_INFO_DAYS)), st.booleans())
def test_an_info_day_about_a_call_stays_an_event(
    data: st.DataObject, language: str, deadline: bool
) -> None:
    leads, subjects = _INFO_DAYS[language]
    title = f"{data.draw(st.sampled_from(leads))} {data.draw(st.sampled_from(subjects))}"
    decision = decide_kind(title=title, text="", language=language, deadline=deadline)
    assert decision.kind is EVENT, (title, decision.rule)


# ------------------------------------------------------------------ wired into normalisation

NOW = datetime(2026, 11, 25, 9, 0, tzinfo=UTC)
TAXONOMY = Taxonomy(topics=(), programmes=())


def _build(title: str, summary: str, *, language: str = "en", **spec: object) -> Opportunity:
    source = SourceSpec("feed", SourceKind.RSS, "http://127.0.0.1/feed", language=language, **spec)  # type: ignore[arg-type]
    draft = Draft(native_id="1", url="http://127.0.0.1/1", title=title, summary=summary,
                  language=language, published_at=NOW)  # fmt: skip
    return build_opportunity(draft, source=source, taxonomy=TAXONOMY, now=NOW)


def test_an_event_keeps_no_possible_deadline() -> None:
    item = _build(
        "Erasmus+ Info Day on young people and digital skills",
        "Join the online info day on 10 December 2026 to learn about opportunities.",
    )
    assert item.kind is EVENT
    assert item.kind_rule == "title:any:info day"
    assert item.deadlines == ()
    assert item.next_deadline is None
    assert item.deadline_confidence is None


@given(
    st.sampled_from(
        [
            ("es", "Jornada informativa en Sevilla", "Se celebrará el {d} de marzo de 2027."),
            (
                "ro",
                "Conferința regională a ONG-urilor",
                "Conferința va avea loc pe {d} martie 2027.",
            ),
            ("en", "Commission adopts report on youth", "Published on {d} March 2027."),
            ("en", "Results of the 2026 selection", "Announced on {d} March 2027."),
        ]
    ),
    st.integers(1, 28),
)
def test_news_events_and_results_never_carry_a_low_confidence_deadline(
    case: tuple[str, str, str], day: int
) -> None:
    language, title, body = case
    item = _build(title, body.format(d=day), language=language)
    assert not item.kind.is_funding
    assert item.deadline_confidence is not Confidence.LOW
    assert item.deadlines == ()


def test_a_call_still_shows_its_possible_deadline() -> None:
    item = _build(
        "Call for proposals: youth participation",
        "Youth councils and NGOs may take part.\n30 June 2027",
    )
    assert item.kind is CALL
    assert item.deadline_confidence is Confidence.LOW


def test_a_source_can_declare_what_it_publishes() -> None:
    item = _build("Youth in Europe", "Stories from the field.", publishes=EVENT)
    assert (item.kind, item.kind_rule) == (EVENT, "source-publishes:event")
