"""Dates as letters, diaries and memoirs write them, in English and Russian, read into EDTF.

Testimony dates itself loosely: "July 6, 1946", "Москва, 12.III.1947", "в конце 30-х",
"12/25 января 1918", "in ’27". Each is kept exactly as written beside an EDTF value (an
interval where the text names a span) and a certainty, so that sorting and filtering work
on the normalised form while nothing the witness wrote is lost or overstated.

Conventions chosen here, because the texts leave them open:

* Parts of a decade: early = years 0-3, mid = 4-6, late = 7-9 (first half 0-4, second
  half 5-9); "the end of the 1930s" is late, "the beginning" early, "the middle" mid.
  Parts of a year: early = January-April, mid = May-August, late = September-December.
  Parts of a month: early = days 1-10, mid = 11-20, late = 21 to the month's end.
* Seasons are written as month intervals (northern hemisphere: spring March-May, summer
  June-August, autumn September-November), not as EDTF season codes 21-24: few readers of
  EDTF understand the codes, and the `edtf` package reads winter (24) as December alone.
  "Winter 1941/42" is December 1941 to February 1942; a bare "winter 1941" can mean the
  winter that opens or the one that closes 1941, so it is the whole span December 1940 to
  February 1942, marked approximate.
* A two-digit year or decade takes its century from the context year (see
  `resolve_two_digit_year`), else the 1900s; its certainty is then "inferred".
* Old Style: a double date ("12/25 января 1918", "January 12/25, 1918", "12 (25) января
  1918") gives the New Style (Gregorian) day as edtf, with calendar "julian" to record that
  the text reckons in Old Style; if the two days are not the Julian and Gregorian names of
  one day the date is "uncertain". A date marked Old Style alone ("6 July 1846 (O.S.)",
  "по ст. ст.") keeps edtf as the date written -- a Julian date, not converted -- with
  calendar "julian"; marked New Style it gets calendar "gregorian".
* What `text` holds: the words that shape a date's meaning ("from 1936 to 1938", "около
  1946 г.", "the end of 1946", "в конце 30-х", "the winter of 1942") and a weekday before
  it; Russian "в"/"во", which governs the case of what follows ("в июне 1948 г.", "В 1949
  г.", "в 30-е годы"); English "in" only before a span of years ("in the late 1930s"),
  elsewhere it is left out ("in 1926" gives "1926", "in June 1940" "June 1940").
* A plain four-digit number is a year only from 1000 to 2100, and in running text only
  with a cue: a month, "in"/"в"/"since"/"year", "г."/"год", parentheses "(1913)", or a
  second year making a range. Counts, money and percentages ("1500 people", "25 miles",
  "7–8 per cent") are not dates, nor are page, volume and issue numbers.
* Numeric dates are read day first, as Russia, Britain and Ireland write them: "12.03.1947"
  and "4.5.16" always; "16/7/'16" and "18-12-15" too unless only the month can come first
  ("12/25/1946"). Where either number could be the month the order is assumed, and the
  certainty is "inferred".
* A date in an editor's square brackets ("[6 July 1946]") was supplied, not written: its
  certainty is "inferred".

Where things live: `vocabulary` holds the words and regex pieces, `grammar` the shapes
a date takes and the one pattern over them, `handlers` what turns a match's parts into
EDTF, `extract` the public readers, `reckoning` the calendar arithmetic they share, and `bounds`
the earliest and latest day of an EDTF value.
"""

from testimonia.structure.dates.bounds import edtf_bounds
from testimonia.structure.dates.extract import find_dates, parse_date
from testimonia.structure.dates.reckoning import resolve_two_digit_year

__all__ = ["edtf_bounds", "find_dates", "parse_date", "resolve_two_digit_year"]
