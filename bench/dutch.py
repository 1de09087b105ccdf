"""A small Dutch vocabulary and sentence generator: names, titles, posts and reactions.

Nothing external: the words are here, and every choice comes from the `random.Random`
passed in, so a seed gives the same text on every machine and Python version (only
`random()`, `randrange()`, `choice()` and `expovariate()` are used, whose sequences
Python keeps stable).

Inline text is a list of segments, so that one text can be written both as the HTML
a Ning page showed and as the Markdown the importer would make of it:
("text", s), ("em", s), ("strong", s) and ("link", text, target), where target is
the index of another post.
"""

from __future__ import annotations

import random


def _words(text: str) -> list[str]:
    return text.split()


FIRST_NAMES = _words(
    """
Anna Bert Carla Dirk Eva Frank Gerda Hans Ilse Jan Karin Lisa Marco Nadia Olaf Petra
Quinten Rob Sanne Tom Ursula Vincent Wendy Xander Yvonne Zoë Ahmed Bas Chantal Daan
Els Femke Gijs Hanneke Ingrid Joost Kees Linda Marieke Niels Otto Pieter Rianne Sander
Tineke Ruud Willem Yasmina Arjen Bram Cor Davy Ellen Fleur Geert Harm Iris Jeroen
Kim Laura Mark Nicole Oscar Pim Renate Sjoerd Thijs Vera Wouter Anouk Bart Corine
Dennis Esther Floris Germaine Hugo Inge Jasper Karel Lotte Maarten Noor Paul Roos
Stefan Tessa Marie-Louise Jan-Willem Fatima Mehmet Samira Youssef Herko Mildo Davied
"""
)

SURNAMES = _words(
    """
Jansen de_Vries van_den_Berg Bakker Visser Smit Meijer de_Boer Mulder de_Groot Bos Vos
Peters Hendriks van_Leeuwen Dekker Brouwer de_Wit Dijkstra Smits de_Graaf van_der_Meer
van_der_Linden Kok Jacobs de_Haan Vermeulen van_den_Heuvel van_der_Veen van_den_Broek
de_Bruijn de_Jong Schouten van_Beek Willems van_Vliet van_de_Ven Hoekstra Maas
Verhoeven Koster van_Dam van_der_Wal Prins Blom Huisman Peeters de_Jonge Kuipers
van_Veen Post Kuiper Veenstra Kramer van_den_Brink Scholten van_Wijk Postma Martens
Vink de_Ruiter Timmermans Groen Gerritsen Jonker van_Loon Boer van_der_Velde Willemsen
Smeets de_Lange de_Vos Bosch van_Dijk Janssen van_Dongen Claassen Coomans Borsje
van_Staden Draijer Oosterhuis Brinkman Hermans Evers Wijnands Sluiter Terpstra Nijland
Zwart Koning Molenaar Wolters Lammers Sanders Hofman Hoogendoorn Roos Verbeek van_Rijn
Steenbergen Mertens Dijkman Kroon Driessen Wagemakers Tromp Veldhuis Lubbers Aydin
Yilmaz El_Amrani Bouzid Pranoto Tjon_A_Fong Koopmans van_Os Dekkers Schipper Vogel
"""
)

# Nouns with their article; an adjective before them takes the -e form after "de"/"het".
NOUNS = [
    ("de", "gemeente"), ("de", "overheid"), ("de", "ambtenaar"), ("de", "burger"),
    ("de", "samenwerking"), ("het", "netwerk"), ("de", "organisatie"), ("het", "beleid"),
    ("de", "informatie"), ("de", "participatie"), ("de", "innovatie"), ("de", "verandering"),
    ("het", "project"), ("de", "afdeling"), ("het", "ministerie"), ("de", "provincie"),
    ("de", "dienstverlening"), ("de", "website"), ("de", "toekomst"), ("de", "cultuur"),
    ("het", "leiderschap"), ("de", "verantwoording"), ("de", "transparantie"),
    ("de", "wetgeving"), ("de", "begroting"), ("het", "team"), ("de", "vergadering"),
    ("de", "werkplek"), ("de", "kennis"), ("de", "ervaring"), ("de", "vraag"),
    ("de", "oplossing"), ("de", "aanpak"), ("de", "rol"), ("de", "discussie"),
    ("de", "bijeenkomst"), ("de", "raad"), ("de", "wethouder"), ("de", "griffie"),
    ("het", "loket"), ("de", "digitalisering"), ("de", "regel"), ("de", "procedure"),
    ("de", "uitvoering"), ("het", "toezicht"), ("de", "opdracht"), ("de", "collega"),
    ("de", "manager"), ("de", "directeur"), ("de", "inwoner"), ("de", "wijk"),
    ("de", "stad"), ("de", "regio"), ("het", "kabinet"), ("de", "Kamer"),
    ("het", "platform"), ("de", "pilot"), ("het", "experiment"), ("de", "hackathon"),
    ("het", "intranet"), ("de", "wiki"), ("het", "archief"), ("de", "nota"),
    ("het", "advies"), ("de", "evaluatie"), ("de", "subsidie"), ("het", "programma"),
]  # fmt: skip

ADJECTIVES = _words(
    """
nieuwe open digitale slimme lokale landelijke goede grote kleine echte moderne sociale
eerlijke snelle lastige belangrijke duidelijke gezamenlijke publieke transparante
ouderwetse creatieve heldere stevige kritische praktische onverwachte eigen
"""
)

# Third person singular, usable in main clauses and (at the end) in subclauses.
VERBS = _words(
    """
verandert helpt vraagt begint steunt deelt bouwt zoekt kiest maakt ziet kent mist
verbetert organiseert bespreekt onderzoekt versterkt vereenvoudigt ondersteunt
verbindt betrekt waardeert stimuleert belemmert vernieuwt
"""
)

ADVERBS = _words(
    """
vaak soms eindelijk zelden gelukkig samen graag echt nauwelijks regelmatig
langzaam voorzichtig steeds
"""
)
ADVERBS += ["nog steeds", "al jaren", "opnieuw", "zonder moeite"]

# Adjectives after "is": not inflected.
PREDICATES = _words(
    """
nieuw goed slim lastig belangrijk duidelijk praktisch creatief helder kritisch eerlijk
snel logisch mooi vreemd terecht
"""
)

OPENERS = ["Bovendien", "Toch", "Daarom", "Ook", "Gelukkig", "Helaas", "Misschien", "Vandaag"]

CITIES = _words(
    """
Amsterdam Utrecht Zwolle Groningen Rotterdam Eindhoven Tilburg Leeuwarden Maastricht
Enschede Arnhem Nijmegen Delft Leiden Haarlem Almere Breda Apeldoorn Assen Middelburg
"""
)
CITIES += ["Den Haag", "Den Bosch"]

TAGS = [
    "ambtenaar 2.0", "overheid 2.0", "sociale media", "open data", "samenwerken",
    "innovatie", "participatie", "het nieuwe werken", "netwerken", "e-overheid",
    "privacy", "transparantie", "gemeente", "provincie", "rijksoverheid", "leiderschap",
    "kennisdeling", "twitter", "digitalisering", "dienstverlening", "wetgeving",
    "communicatie", "beleid", "burgerparticipatie", "crowdsourcing", "web 2.0", "wiki",
    "pleio", "yammer", "verandering", "overheidscommunicatie", "informatiebeleid",
    "open overheid", "werkplek", "bureaucratie", "integriteit", "ondernemerschap",
    "klantcontact", "regeldruk", "vakmanschap",
]  # fmt: skip

REACTION_STARTS = [
    "Goed punt!", "Mooi stuk.", "Dank voor het delen.", "Interessant.", "Herkenbaar!",
    "Helemaal mee eens.", "Daar ben ik het niet mee eens.", "Goede vraag.", "Klopt.",
    "Wat een mooi voorbeeld.", "Hier kan ik veel mee.", "Lastig onderwerp.",
]  # fmt: skip

TITLE_FORMS = [
    "{Adj} {noun} in {city}",
    "Hoe {verb} {np} {np2}?",
    "Waarom {np} {adv} {np2} {verb_end}",
    "{Np} en {np2}: {adj} of {adj2}?",
    "Over {np} en {np2}",
    "Wat {verb} {np} aan {np2}?",
    "{Np} {verb} {np2}",
    "Lessen uit {city}: {np} {verb} {np2}",
    "Wie {verb} {np} van {np2}?",
    "{Adj} {noun} voor {np2}",
]


def person_names(rng: random.Random, count: int) -> list[str]:
    """`count` different names, first name and surname."""
    names: list[str] = []
    seen: set[str] = set()
    limit = len(FIRST_NAMES) * len(SURNAMES)
    if count > limit:
        raise ValueError(f"at most {limit} different names")
    while len(names) < count:
        name = f"{rng.choice(FIRST_NAMES)} {rng.choice(SURNAMES).replace('_', ' ')}"
        if name not in seen:
            seen.add(name)
            names.append(name)
    return names


def noun_phrase(rng: random.Random, adjective: float = 0.4) -> str:
    article, noun = rng.choice(NOUNS)
    if rng.random() < adjective:
        return f"{article} {rng.choice(ADJECTIVES)} {noun}"
    return f"{article} {noun}"


def title(rng: random.Random) -> str:
    form = rng.choice(TITLE_FORMS)
    np, np2 = noun_phrase(rng), noun_phrase(rng)
    values = {
        "adj": rng.choice(ADJECTIVES),
        "adj2": rng.choice(ADJECTIVES),
        "noun": rng.choice(NOUNS)[1],
        "np": np,
        "np2": np2,
        "verb": rng.choice(VERBS),
        "verb_end": rng.choice(VERBS),
        "adv": rng.choice(ADVERBS),
        "city": rng.choice(CITIES),
    }
    values["Adj"] = values["adj"].capitalize()
    values["Np"] = np[0].upper() + np[1:]
    return form.format(**values)


def sentence(rng: random.Random) -> str:
    np, np2 = noun_phrase(rng), noun_phrase(rng)
    verb, adverb = rng.choice(VERBS), rng.choice(ADVERBS)
    form = rng.randrange(8)
    if form == 0:
        text = f"{np} {verb} {adverb} {np2}."
    elif form == 1:
        text = f"Volgens mij {verb} {np} {np2}."
    elif form == 2:
        text = f"Ik denk dat {np} {np2} {adverb} {verb}."
    elif form == 3:
        years = 2 + rng.randrange(9)
        text = f"In {rng.choice(CITIES)} {verb} {np} al {years} jaar {np2}."
    elif form == 4:
        text = f"Waarom {verb} {np} niet {np2}?"
    elif form == 5:
        text = f"{rng.choice(OPENERS)} {verb} {np} {np2}, en dat is {rng.choice(PREDICATES)}."
    elif form == 6:
        text = f"Wie {verb} er {adverb} {np}?"
    else:
        text = f"Het gaat om {np}, niet om {np2}."
    return text[0].upper() + text[1:]


def sentences(rng: random.Random, low: int, high: int) -> str:
    return " ".join(sentence(rng) for _ in range(low + rng.randrange(high - low + 1)))


def paragraph(rng: random.Random, link_targets: list[int] | None = None) -> list[tuple]:
    """Segments of a paragraph: sentences, now and then an emphasis or a link."""
    segments: list[tuple] = [("text", sentences(rng, 2, 5))]
    roll = rng.random()
    if roll < 0.15:
        segments += [("text", " Dat is "), ("em", rng.choice(PREDICATES)), ("text", ".")]
    elif roll < 0.22:
        segments += [("text", " "), ("strong", sentence(rng))]
    if link_targets and rng.random() < 0.5:
        target = rng.choice(link_targets)
        segments += [("text", " Zie ook "), ("link", "dit eerdere stuk", target), ("text", ".")]
    return segments


def reaction_text(rng: random.Random, to_name: str | None = None) -> list[str]:
    """The paragraphs of a reaction: mostly one or two sentences, sometimes more."""
    start = rng.choice(REACTION_STARTS)
    if to_name and rng.random() < 0.3:
        start = f"@{to_name.split()[0]}: {start[0].lower()}{start[1:]}"
    paragraphs = [f"{start} {sentences(rng, 0, 2)}".strip()]
    if rng.random() < 0.2:
        paragraphs.append(sentences(rng, 1, 4))
    if rng.random() < 0.05:
        paragraphs.append(sentences(rng, 2, 6))
    return paragraphs
