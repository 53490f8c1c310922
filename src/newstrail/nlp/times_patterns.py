"""Word lists for :mod:`newstrail.nlp.times`: data only, no logic.

Every list here is hand-written from TimeML/TIMEX3 conventions (ISO-TimeML guidelines) and general
English; nothing is copied from any corpus.
"""

from __future__ import annotations


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


MONTHS: dict[str, int] = {
    "january": 1, "february": 2, "march": 3, "april": 4, "may": 5, "june": 6, "july": 7,
    "august": 8, "september": 9, "october": 10, "november": 11, "december": 12,
}  # fmt: skip
MONTH_ABBREVS: dict[str, int] = {
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "jun": 6, "jul": 7, "aug": 8, "sep": 9,
    "sept": 9, "oct": 10, "nov": 11, "dec": 12,
}  # fmt: skip
WEEKDAYS: dict[str, int] = {
    "monday": 1, "tuesday": 2, "wednesday": 3, "thursday": 4, "friday": 5, "saturday": 6,
    "sunday": 7,
}  # fmt: skip
WEEKDAY_ABBREVS: dict[str, int] = {
    "mon": 1, "tue": 2, "tues": 2, "wed": 3, "thu": 4, "thur": 4, "thurs": 4, "fri": 5,
    "sat": 6, "sun": 7,
}  # fmt: skip
# Season codes of TIMEX3; the months each covers (northern hemisphere, meteorological).
SEASONS: dict[str, str] = {
    "spring": "SP", "summer": "SU", "fall": "FA", "autumn": "FA", "winter": "WI",
}  # fmt: skip
SEASON_MONTHS: dict[str, tuple[int, int]] = {
    "SP": (3, 6),
    "SU": (6, 9),
    "FA": (9, 12),
    "WI": (12, 3),
}

PARTS_OF_DAY: dict[str, str] = {
    "morning": "MO", "afternoon": "AF", "evening": "EV", "night": "NI", "midday": "MI",
}  # fmt: skip

NUMBER_WORDS: dict[str, int] = {
    "a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
    "seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13,
    "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18,
    "nineteen": 19, "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60,
    "seventy": 70, "eighty": 80, "ninety": 90, "hundred": 100, "a hundred": 100,
    "one hundred": 100, "a thousand": 1000, "one thousand": 1000, "thousand": 1000,
    "a dozen": 12, "dozen": 12, "half a dozen": 6, "a couple of": 2, "couple of": 2,
    "a couple": 2,
}  # fmt: skip
# Quantities that stand for "some number": the value gets an X ("PXY").
VAGUE_QUANTITIES: tuple[str, ...] = (
    "a few", "few", "several", "many", "some", "a number of", "numerous", "countless",
    "the past few", "dozens of", "hundreds of", "thousands of",
)  # fmt: skip
ORDINALS: dict[str, int] = {
    "first": 1, "second": 2, "third": 3, "fourth": 4, "1st": 1, "2nd": 2, "3rd": 3, "4th": 4,
    "fifth": 5, "sixth": 6, "seventh": 7, "eighth": 8, "ninth": 9, "tenth": 10,
}  # fmt: skip
DECADE_WORDS: dict[str, int] = {
    "twenties": 2, "thirties": 3, "forties": 4, "fifties": 5, "sixties": 6, "seventies": 7,
    "eighties": 8, "nineties": 9,
}  # fmt: skip

# Duration units → (TIMEX3 letter, is a clock unit (PT...), multiplier to that letter).
UNITS: dict[str, tuple[str, bool, int]] = {
    "second": ("S", True, 1), "minute": ("M", True, 1), "hour": ("H", True, 1),
    "day": ("D", False, 1), "night": ("D", False, 1), "week": ("W", False, 1),
    "weekend": ("WE", False, 1), "fortnight": ("W", False, 2), "month": ("M", False, 1),
    "quarter": ("Q", False, 1), "year": ("Y", False, 1), "decade": ("DE", False, 1),
    "century": ("CE", False, 1), "millennium": ("ML", False, 1),
}  # fmt: skip
UNIT_PLURALS: dict[str, str] = {
    "seconds": "second", "minutes": "minute", "hours": "hour", "days": "day", "nights": "night",
    "weeks": "week", "weekends": "weekend", "fortnights": "fortnight", "months": "month",
    "quarters": "quarter", "years": "year", "decades": "decade", "centuries": "century",
    "millennia": "millennium",
}  # fmt: skip

# Modifiers in front of a duration or point (TIMEX3 ``mod``).
QUANT_MODS: dict[str, str | None] = {
    "nearly": "LESS_THAN", "almost": "LESS_THAN", "less than": "LESS_THAN",
    "fewer than": "LESS_THAN", "under": "LESS_THAN", "just under": "LESS_THAN",
    "not quite": "LESS_THAN", "about": "APPROX", "around": "APPROX", "approximately": "APPROX",
    "roughly": "APPROX", "some": "APPROX", "an estimated": "APPROX", "or so": "APPROX",
    "more than": "MORE_THAN", "over": "MORE_THAN", "just over": "MORE_THAN",
    "well over": "MORE_THAN", "upwards of": "MORE_THAN", "at least": "EQUAL_OR_MORE",
    "no less than": "EQUAL_OR_MORE", "up to": "EQUAL_OR_LESS", "no more than": "EQUAL_OR_LESS",
    "at most": "EQUAL_OR_LESS", "as many as": "EQUAL_OR_LESS",
    "as long as": "EQUAL_OR_LESS", "another": None,
    "an additional": None, "a full": None, "a further": None,
}  # fmt: skip
POINT_MODS: dict[str, str] = {
    "early": "START", "earlier": "START", "the beginning of": "START", "the start of": "START",
    "the early part of": "START", "mid": "MID", "the middle of": "MID", "the mid": "MID",
    "late": "END", "later": "END", "the end of": "END", "the close of": "END",
    "the latter part of": "END", "the late": "END",
}  # fmt: skip

# Deictic words that TIMEX3 values as references: the word → value.
REF_WORDS: dict[str, str] = {
    "now": "PRESENT_REF", "right now": "PRESENT_REF", "currently": "PRESENT_REF",
    "nowadays": "PRESENT_REF", "these days": "PRESENT_REF", "at present": "PRESENT_REF",
    "presently": "PRESENT_REF", "the present": "PRESENT_REF", "at the moment": "PRESENT_REF",
    "recently": "PAST_REF", "lately": "PAST_REF", "more recently": "PAST_REF",
    "most recently": "PAST_REF", "formerly": "PAST_REF",
    "recent years": "PAST_REF", "the past": "PAST_REF",
 "the recent past": "PAST_REF",
    "the future": "FUTURE_REF", "the near future": "FUTURE_REF", "soon": "FUTURE_REF",
    "the near term": "FUTURE_REF", "the long term": "FUTURE_REF", "the short term": "FUTURE_REF",
    "a later date": "FUTURE_REF",
    "as soon as possible": "FUTURE_REF",
}  # fmt: skip
# Frequency adverbs (SET).
SET_WORDS: dict[str, str] = {
    "daily": "P1D", "nightly": "P1D", "weekly": "P1W", "biweekly": "P2W", "monthly": "P1M",
    "quarterly": "P1Q", "annually": "P1Y", "yearly": "P1Y", "hourly": "PT1H",
    "biannually": "P6M", "semiannually": "P6M",
}  # fmt: skip

# Of those, the ones that are not tagged in front of a noun ("quarterly dividend"); "daily
# rally", "weekly address" are tagged SET (as in the TimeML corpora).
SET_ADJECTIVES_NOT_TIMES: frozenset[str] = frozenset({"quarterly", "biannually", "semiannually"})

# A four-digit number is not a year after these words ("Resolution 822", "Flight 1992") ...
NOT_YEAR_BEFORE: frozenset[str] = _words(
    """resolution resolutions no no. nos. number numbers flight flights room rooms route
    article articles section sections chapter chapters model models boeing airbus windows apollo
    channel highway interstate paragraph clause rule rules bill act code codes page pages
    item items line lines bus buses platform gate gates unit units level levels grade
    division battalion brigade regiment squadron mig su-25 su t-72 f-16 cessna dc-10 mark
    version vol vol. volume issue issues exhibit figure table box suite apartment street
    avenue block lot plot track tracks frequency cell id pin dow nasdaq index s&p than
    least"""
)
# ... or before these nouns ("1500 troops", "2000 people").
NOT_YEAR_AFTER: frozenset[str] = _words(
    """people persons troops soldiers workers employees jobs dollars shares units cars vehicles
    tons tonnes barrels miles kilometers kilometres km meters metres feet residents students
    members homes houses civilians refugees children women men police officers diplomats
    delegates points cases deaths copies pages words signatures votes seats rooms beds acres
    hectares pounds euros yen rubles manat hours minutes days weeks months years times
    percent per pupils voters families prisoners detainees inmates villagers protesters
    demonstrators tourists visitors passengers victims casualties wounded dead fighters
    militants rebels guerrillas marines sailors pilots aircraft planes tanks missiles rockets
    guns rifles bombs mines ships boats trucks buildings apartments companies firms banks
    stores shops schools hospitals beds doctors nurses teachers farmers miners strikers
    delegations nations countries states cities towns villages sites projects contracts
    loans bonds notes stocks tickets calls messages letters emails posts articles stories
    deaths injuries arrests cases tests samples doses vaccines"""
)

# Verbs and auxiliaries that make a bare weekday/month refer forward from the anchor.
FUTURE_CUES: frozenset[str] = _words(
    """will 'll shall wo would going scheduled expected due plans plan planning intends
    intend upcoming effective deadline until"""
)

# Words right before a month/day without a year that pin it to the past ("since March",
# "the quarter ended Sept. 30").
PAST_CUES: frozenset[str] = _words("ended since began started occurred happened held took last")

# Auxiliaries that put the verb they govern in the future (or future-in-the-past).
FUTURE_AUX: frozenset[str] = frozenset({"will", "'ll", "shall", "wo", "would", "'d"})

# A word after which "quarterly", "daily" ... is an adverb, not an adjective before a noun.
NOT_NOUNS: frozenset[str] = _words(
    """and or but in on at by for from to of with since through until as while when than
    because after before during if so then the a an this that is are was were be been"""
)
# Words before "a year", "an hour" that make it a duration (not a rate: "four flights a week").
DURATION_PREV: frozenset[str] = _words(
    """for in within over after than about nearly almost around past last next of take took
    takes taken spent spend lasted lasts up by into under only just least most some another
    barely roughly approximately during throughout"""
)
# Capitalised words that may stand right before a year ("In 1993", "September 1993").
YEAR_OK_NAMES: frozenset[str] = (
    frozenset(MONTHS)
    | frozenset(SEASONS)
    | _words("in since by until fiscal christmas easter early late mid from of and")
)
# Words before a bare "May" that make it the month, not the modal verb.
MAY_CONTEXT: frozenset[str] = _words(
    """in since until till by of during through from to before after between last this next
    early late mid and or end beginning middle start"""
)
# Words before a bare 24-hour clock time ("at 14:30") that make it one (not a score, a ratio).
CLOCK_PREV: frozenset[str] = _words("at from until till by since around before after to")
# Past auxiliaries and common irregular past forms around "soon" ("was soon released", "soon
# became"): narrative "shortly afterwards", not a reference to the future.
PAST_AUX: frozenset[str] = _words("was were had been did")
PAST_IRREGULAR: frozenset[str] = _words(
    """became began came went found took made left fell rose got gave saw knew told said
    thought brought built sent spent led won lost held ran grew drew broke spoke wrote"""
)
