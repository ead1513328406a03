"""Spanish: BOE / BDNS extracts and regional gazettes, SEPIE, Interreg POCTEP, local calls."""

from __future__ import annotations

from feeds.deadlines.grammar import Grammar, month_table, number_table

GRAMMAR = Grammar(
    code="es",
    zone="Europe/Madrid",
    months=month_table(
        "enero ene", "febrero feb", "marzo mar", "abril abr", "mayo may", "junio jun",
        "julio jul", "agosto ago", "septiembre setiembre sept sep set", "octubre oct",
        "noviembre nov", "diciembre dic",
    ),
    numbers=number_table(
        {"uno": 1, "un": 1, "una": 1, "dos": 2, "tres": 3, "cuatro": 4, "cinco": 5,
         "seis": 6, "siete": 7, "ocho": 8, "nueve": 9, "diez": 10, "once": 11, "doce": 12,
         "trece": 13, "catorce": 14, "quince": 15, "dieciseis": 16, "diecisiete": 17,
         "dieciocho": 18, "diecinueve": 19, "veinte": 20, "veintiuno": 21, "veintiun": 21,
         "veintiuna": 21, "veintidos": 22, "veintitres": 23, "veinticuatro": 24,
         "veinticinco": 25, "veintiseis": 26, "veintisiete": 27, "veintiocho": 28,
         "veintinueve": 29},
        {"treinta": 30, "cuarenta": 40, "cincuenta": 50, "sesenta": 60, "setenta": 70,
         "ochenta": 80, "noventa": 90},
        (" y ",),
    ),
    deadline=(
        r"plazo(?: de (?:presentacion|solicitud)\w*)?"
        r"(?: de (?:las )?(?:solicitudes|ofertas|candidaturas|propuestas))?",
        r"fecha (?:limite|de fin|fin|final|de cierre|de finalizacion)(?: del plazo)?(?: de \w+)?",
        r"fin (?:del|de) plazo", r"cierre(?: del plazo| de la convocatoria)?",
        r"(?:se )?cierra\w*", r"se cerro", r"finaliza\w*", r"concluir\w*", r"concluye",
        r"terminara", r"termina", r"vence", r"a mas tardar", r"fechas? de corte",
        r"(?:primera|segunda|tercera) convocatoria", r"(?:primer|segundo|tercer) plazo",
    ),
    extended=(r"ampliad[oa](?: hasta)?(?: el)?", r"se amplia\w*(?: [a-z ]{0,60}? hasta)?(?: el)?",
              r"prorrogad[oa](?: hasta)?", r"nueva fecha"),
    until=(r"hasta(?: el| las)?(?: dia)?", r"hasta el proximo", r"antes del?"),
    submission=(r"presentacion", r"solicitudes", r"presentar\w*", r"candidaturas",
                r"convocatoria"),
    opening=(
        r"fecha (?:de )?inicio(?: del plazo)?", r"inicio(?: del plazo)?",
        r"apertura(?: del plazo)?",
        r"se abr\w*", r"comenzar\w*", r"comienza", r"abiert[oa]", r"a partir del",
        r"desde el",
    ),
    published=(
        r"publicad[oa]s?", r"publicacion", r"se publica\w*", r"firmad[oa]", r"actualizad[oa]",
        r"aprobad[oa]", r"ha aprobado", r"orden", r"resolucion", r"decreto", r"acuerdo",
        r"extracto", r"boe", r"bocm", r"boja", r"bocyl", r"dogc", r"doe", r"bop",
        r"boletin oficial", r"diario oficial", r"bases reguladoras",
    ),
    event=(
        r"jornadas?(?: informativas?)?", r"seminario(?: web)?", r"webinar\w*", r"evento",
        r"congreso", r"conferencia", r"taller", r"reunion", r"inscripcion\w*", r"curso",
        r"se celebrara", r"tendra lugar", r"acto de entrega", r"se impartira",
    ),
    other=(
        r"resolver", r"notificar", r"alegaciones", r"consultas", r"aclaraciones",
        r"gastos?", r"subvencionables", r"ejecucion", r"ejecutar", r"duracion",
        r"inicialmente", r"resultados?", r"beneficiarios", r"contratacion",
    ),
    tba=(
        r"se anunciara\w*", r"pendientes? de (?:publicacion|determinar|definir|fijar)",
        r"por determinar", r"a determinar", r"se (?:comunicara|publicara|fijara)\w*",
        r"sin fecha",
    ),
    continuous=(r"abierta? (?:de forma )?permanente\w*",
                r"hasta agotar(?: el)? (?:presupuesto|credito|fondos)"),
    results=(r"resolucion definitiva", r"resolucion de concesion", r"listados?",
             r"beneficiarios", r"resultados"),
    call=(r"convocatoria\w*", r"ayudas?", r"subvencion\w*", r"solicitud\w*", r"becas?",
          r"licitacion\w*"),
    days=(r"dias?",),
    business=(r"habiles",),
    calendar=(r"naturales",),
    weeks=(r"semanas?",),
    month_units=(r"mes(?:es)?",),
    publication=(r"publicacion", r"publicado"),
    relative_from=(r"desde", r"a partir", r"a contar", r"contados", r"tras", r"despues"),
    range_start=(r"entre(?: el)?", r"del?", r"desde(?: el)?"),
    range_join=(r"-", r"–", r"—", r"al", r"a", r"y(?: el)?", r"hasta(?: el)?"),
    time_links=(r"del(?: dia)?", r"de", r"el", r","),
    noon=(r"mediodia",),
    all_dates=(r"todas",),
    zones={r"hora peninsular\w*(?: espanola)?": "Europe/Madrid", r"hora de madrid": "Europe/Madrid",
           r"hora de bruselas": "Europe/Brussels", r"hora canaria": "Atlantic/Canary"},
    holidays=("01-01", "01-06", "05-01", "08-15", "10-12", "11-01", "12-06", "12-08", "12-25"),
)  # fmt: skip
