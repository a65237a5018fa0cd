"""Behaviour of the time-expression resolver (communique.resolve.dates)."""
from __future__ import annotations

import datetime
import time

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from communique.resolve.dates import find_times, iso_bounds

D = datetime.date
MONDAY = D(2023, 11, 13)          # a Monday; the guidelines' worked example
TUESDAY = D(2022, 6, 14)
SATURDAY = D(2023, 11, 18)
SUNDAY = D(2023, 11, 19)


def resolved(text: str, published: D) -> list[tuple[str, str, str, str, str]]:
    """(text, date_start, date_end, granularity, kind) for every expression found."""
    return [(t.text, t.date_start, t.date_end, t.granularity, t.kind)
            for t in find_times(text, published)]


def only(text: str, published: D):
    """The one expression found in `text`; fails if there is not exactly one."""
    found = find_times(text, published)
    assert len(found) == 1, [t.text for t in found]
    return found[0]


def span(text: str, published: D) -> tuple[str, str]:
    expr = only(text, published)
    return expr.date_start, expr.date_end


# --------------------------------------------------------------------------
# Full dates
# --------------------------------------------------------------------------

@pytest.mark.parametrize("phrase", [
    "October 17, 2023", "17 October 2023", "Oct. 17, 2023", "Oct 17 2023", "17 Oct. 2023",
    "17 October, 2023", "OCTOBER 17, 2023", "2023-10-17", "2023/10/17", "17/10/2023",
    "17.10.2023", "17-10-2023", "Tuesday, October 17, 2023", "the 17th of October 2023",
])
def test_full_date_forms_resolve_to_the_day(phrase):
    expr = only(f"The talks took place on {phrase} in Hanoi.", MONDAY)
    assert expr.text == phrase
    assert (expr.date_start, expr.date_end, expr.granularity, expr.kind) == (
        "2023-10-17", "2023-10-17", "day", "point")


def test_iso_date_followed_by_a_time():
    expr = only("updated 2023-10-17T09:46Z", MONDAY)
    assert (expr.text, expr.date_start) == ("2023-10-17", "2023-10-17")


def test_ordinal_suffix_with_abbreviated_month():
    assert span("on Nov 26th, 2019, in Busan", MONDAY) == ("2019-11-26", "2019-11-26")


@pytest.mark.parametrize("phrase, expected", [
    ("Sept. 5, 2023", "2023-09-05"), ("Sep 5, 2023", "2023-09-05"),
    ("Sept 5 2023", "2023-09-05"), ("Nov. 2, 2023", "2023-11-02"), ("Aug. 31", "2023-08-31"),
])
def test_month_abbreviations_with_and_without_dots(phrase, expected):
    assert span(f"It began {phrase}.", MONDAY) == (expected, expected)


def test_numeric_date_is_day_first():
    assert span("signed on 05/10/2023", MONDAY) == ("2023-10-05", "2023-10-05")


def test_numeric_date_is_month_first_only_when_day_first_is_impossible():
    assert span("signed on 10/17/2023", MONDAY) == ("2023-10-17", "2023-10-17")


def test_the_17th_of_october_without_year():
    expr = only("He arrived on the 17th of October.", MONDAY)
    assert (expr.text, expr.date_start) == ("the 17th of October", "2023-10-17")


def test_weekday_before_a_date_belongs_to_the_date():
    expr = only("on Monday, November 13, the minister met", D(2023, 11, 15))
    assert (expr.text, expr.date_start) == ("Monday, November 13", "2023-11-13")


# --------------------------------------------------------------------------
# Month-day without a year
# --------------------------------------------------------------------------

def test_month_day_without_year_takes_the_publication_year_when_nearest():
    assert span("at a conference held on November 28.", D(2023, 11, 28)) == (
        "2023-11-28", "2023-11-28")


def test_month_day_just_before_new_year_in_a_january_article_is_last_year():
    assert span("on December 30", D(2024, 1, 2)) == ("2023-12-30", "2023-12-30")


def test_month_day_just_after_new_year_in_a_december_article_is_next_year():
    assert span("on January 3", D(2023, 12, 30)) == ("2024-01-03", "2024-01-03")


def test_month_day_equally_far_both_ways_goes_to_the_past():
    # 2024-01-01 and 2025-01-01 are both 183 days from 2024-07-02.
    assert span("on January 1", D(2024, 7, 2)) == ("2024-01-01", "2024-01-01")


def test_day_first_month_without_year():
    assert span("on 20 November, when he met", D(2023, 11, 28)) == ("2023-11-20", "2023-11-20")


def test_part_of_day_after_month_day_is_not_part_of_the_date():
    expr = only("on November 24 afternoon", D(2024, 11, 26))
    assert (expr.text, expr.date_start) == ("November 24", "2024-11-24")


def test_vietnamese_style_month_day_in_running_text():
    text = "Lt. Gen. Nguyen Chi Vinh on July 23 suggested Cambodia's ministry"
    assert span(text, D(2014, 7, 24)) == ("2014-07-23", "2014-07-23")


# --------------------------------------------------------------------------
# Day ranges
# --------------------------------------------------------------------------

@pytest.mark.parametrize("phrase, published, expected", [
    ("from November 23 to 26", D(2024, 11, 26), ("2024-11-23", "2024-11-26")),
    ("October 16 to 19", D(2023, 10, 17), ("2023-10-16", "2023-10-19")),
    ("23-26 November", D(2024, 11, 26), ("2024-11-23", "2024-11-26")),
    ("November 23-26, 2024", MONDAY, ("2024-11-23", "2024-11-26")),
    ("2-3 September", D(2023, 8, 20), ("2023-09-02", "2023-09-03")),
    ("between 5 and 7 March", D(2024, 3, 1), ("2024-03-05", "2024-03-07")),
    ("from May 5 to June 2", D(2024, 5, 1), ("2024-05-05", "2024-06-02")),
    ("Nov. 23\u201326", D(2024, 11, 20), ("2024-11-23", "2024-11-26")),
    ("from 17 to 19 October 2023", MONDAY, ("2023-10-17", "2023-10-19")),
    ("December 28, 2023 - January 3, 2024", MONDAY, ("2023-12-28", "2024-01-03")),
])
def test_day_ranges(phrase, published, expected):
    expr = only(f"The visit, {phrase}, went well.", published)
    assert expr.text == phrase
    assert ((expr.date_start, expr.date_end), expr.granularity, expr.kind) == (
        expected, "day", "range")


def test_range_across_year_end_starts_in_the_earlier_year_from_january():
    assert span("from 28 December to 3 January", D(2024, 1, 2)) == ("2023-12-28", "2024-01-03")


def test_range_across_year_end_starts_in_the_earlier_year_from_december():
    assert span("from 28 December to 3 January", D(2023, 12, 20)) == ("2023-12-28", "2024-01-03")


def test_range_across_year_end_with_the_year_on_the_end_date():
    assert span("from 28 December to 3 January 2024", D(2024, 2, 1)) == (
        "2023-12-28", "2024-01-03")


def test_two_days_of_one_month_joined_by_and_are_a_range():
    assert span("on November 23 and 24", MONDAY) == ("2023-11-23", "2023-11-24")


def test_two_dates_joined_by_and_are_two_points_not_a_range():
    found = resolved("on 5 May and 7 June", D(2024, 5, 1))
    assert [(f[0], f[4]) for f in found] == [("5 May", "point"), ("7 June", "point")]


def test_far_apart_full_dates_in_brackets_stay_two_points():
    text = "the genocidal regime (January 7, 1979 - January 7, 2024) and"
    assert resolved(text, MONDAY) == [
        ("January 7, 1979", "1979-01-07", "1979-01-07", "day", "point"),
        ("January 7, 2024", "2024-01-07", "2024-01-07", "day", "point"),
    ]


# --------------------------------------------------------------------------
# Weekdays
# --------------------------------------------------------------------------

def test_bare_weekday_on_publication_day_is_that_day():
    assert span("talks in Hanoi on Monday during the visit", MONDAY) == (
        "2023-11-13", "2023-11-13")


def test_bare_weekday_is_the_most_recent_such_day():
    assert span("He said on Monday that", TUESDAY) == ("2022-06-13", "2022-06-13")


def test_bare_weekday_after_the_publication_weekday_is_last_week():
    assert span("met on Tuesday", MONDAY) == ("2023-11-07", "2023-11-07")


def test_weekday_part_of_day_joins_the_expression():
    expr = only("on Tuesday afternoon the delegation left", D(2023, 11, 15))
    assert (expr.text, expr.date_start) == ("Tuesday afternoon", "2023-11-14")


def test_last_friday_is_strictly_before_publication():
    assert span("last Friday", D(2023, 11, 17)) == ("2023-11-10", "2023-11-10")
    assert only("last Friday", MONDAY).text == "last Friday"


def test_next_weekday_is_after_publication():
    assert span("next Friday", MONDAY) == ("2023-11-17", "2023-11-17")
    assert span("this coming Friday", MONDAY) == ("2023-11-17", "2023-11-17")


def test_next_weekday_on_that_weekday_is_a_week_later():
    assert span("next Monday", MONDAY) == ("2023-11-20", "2023-11-20")


def test_this_weekday_is_the_one_in_the_publication_week():
    assert span("this Friday", MONDAY) == ("2023-11-17", "2023-11-17")
    assert span("this Monday", D(2023, 11, 15)) == ("2023-11-13", "2023-11-13")


def test_future_sentence_moves_a_bare_weekday_forward():
    assert span("The two sides will sign the deal on Friday.", MONDAY) == (
        "2023-11-17", "2023-11-17")


def test_future_sentence_weekday_can_be_the_publication_day():
    assert span("The exercise is scheduled to open on Monday.", MONDAY) == (
        "2023-11-13", "2023-11-13")


@pytest.mark.parametrize("cue", ["is to", "plans to", "shall", "is expected to"])
def test_future_cues_move_a_weekday_forward(cue):
    assert span(f"The minister {cue} visit Laos on Thursday.", MONDAY) == (
        "2023-11-16", "2023-11-16")


def test_to_be_held_reads_as_future():
    assert span("The talks, to be held on Wednesday, cover training.", MONDAY) == (
        "2023-11-15", "2023-11-15")


def test_future_cue_in_another_sentence_does_not_move_a_weekday():
    text = "The minister will visit Laos soon. He met the ambassador on Friday."
    assert span(text, MONDAY) == ("2023-11-10", "2023-11-10")


def test_title_abbreviations_do_not_split_the_sentence():
    text = "Sr. Lt. Gen. Nguyen will arrive on Sunday."
    assert span(text, MONDAY) == ("2023-11-19", "2023-11-19")


def test_weekday_right_after_said_is_past_even_in_a_future_sentence():
    text = "The minister said on Friday that the two armies will hold drills."
    assert span(text, MONDAY) == ("2023-11-10", "2023-11-10")


def test_weekday_after_a_reported_future_dates_the_reporting():
    text = ("The Cobra Gold exercise will be held as a full-scale drill next year, said "
            "Defence Ministry spokesman Gen Kongcheep Tantravanich on Monday.")
    assert [f[:2] for f in resolved(text, TUESDAY)] == [("next year", "2023"),
                                                         ("Monday", "2022-06-13")]


def test_weekday_before_said_in_a_future_sentence_is_past():
    assert span("On Monday, the minister said he will visit Laos.", TUESDAY) == (
        "2022-06-13", "2022-06-13")


def test_weekday_in_reported_future_clause_is_future():
    assert span("He said the drill will be held on Monday.", TUESDAY) == (
        "2022-06-20", "2022-06-20")


def test_weekday_range_sunday_to_tuesday():
    expr = only("The visit lasts from Sunday to Tuesday.", MONDAY)
    assert (expr.text, expr.date_start, expr.date_end, expr.kind) == (
        "from Sunday to Tuesday", "2023-11-12", "2023-11-14", "range")


def test_weekday_in_article_published_on_saturday():
    assert span("on Monday", SATURDAY) == ("2023-11-13", "2023-11-13")
    assert span("on Saturday", SATURDAY) == ("2023-11-18", "2023-11-18")


def test_weekday_in_article_published_on_sunday():
    assert span("on Sunday", SUNDAY) == ("2023-11-19", "2023-11-19")
    assert span("on Friday", SUNDAY) == ("2023-11-17", "2023-11-17")
    assert span("It will open on Friday.", SUNDAY) == ("2023-11-24", "2023-11-24")


# --------------------------------------------------------------------------
# Days, weeks and weekends relative to publication
# --------------------------------------------------------------------------

@pytest.mark.parametrize("phrase, expected", [
    ("today", "2023-11-13"), ("Today", "2023-11-13"), ("this morning", "2023-11-13"),
    ("tonight", "2023-11-13"), ("yesterday", "2023-11-12"), ("yesterday afternoon", "2023-11-12"),
    ("tomorrow", "2023-11-14"), ("the day before yesterday", "2023-11-11"),
    ("earlier in the day", "2023-11-13"), ("later in the day", "2023-11-13"),
    ("the same day", "2023-11-13"), ("last night", "2023-11-12"),
])
def test_relative_days(phrase, expected):
    expr = only(f"It happened {phrase}, officials said.", MONDAY)
    assert (expr.text, expr.date_start, expr.date_end, expr.granularity) == (
        phrase, expected, expected, "day")


def test_yesterday_crosses_the_year_boundary():
    assert span("yesterday", D(2024, 1, 1)) == ("2023-12-31", "2023-12-31")


def test_tomorrow_after_february_28_of_a_leap_year():
    assert span("tomorrow", D(2024, 2, 28)) == ("2024-02-29", "2024-02-29")


@pytest.mark.parametrize("phrase, expected", [
    ("last week", ("2023-11-06", "2023-11-12")),
    ("this week", ("2023-11-13", "2023-11-19")),
    ("earlier this week", ("2023-11-13", "2023-11-15")),
    ("later this week", ("2023-11-15", "2023-11-19")),
    ("next week", ("2023-11-20", "2023-11-26")),
    ("last weekend", ("2023-11-11", "2023-11-12")),
    ("next weekend", ("2023-11-25", "2023-11-26")),
])
def test_relative_weeks_are_monday_start_day_ranges(phrase, expected):
    expr = only(f"The drill took place {phrase}.", D(2023, 11, 15))   # a Wednesday
    assert (expr.text, (expr.date_start, expr.date_end), expr.granularity, expr.kind) == (
        phrase, expected, "day", "range")


def test_last_week_across_the_year_boundary():
    assert span("last week", D(2024, 1, 2)) == ("2023-12-25", "2023-12-31")


def test_over_the_weekend_is_the_weekend_just_past():
    expr = only("The ships docked over the weekend.", MONDAY)
    assert (expr.text, expr.date_start, expr.date_end) == ("the weekend", "2023-11-11", "2023-11-12")


# --------------------------------------------------------------------------
# Months
# --------------------------------------------------------------------------

@pytest.mark.parametrize("phrase, published, expected", [
    ("last month", MONDAY, "2023-10"),
    ("this month", MONDAY, "2023-11"),
    ("earlier this month", MONDAY, "2023-11"),
    ("the end of this month", MONDAY, "2023-11"),
    ("next month", MONDAY, "2023-12"),
    ("last month", D(2024, 1, 15), "2023-12"),
    ("next month", D(2023, 12, 15), "2024-01"),
])
def test_relative_months(phrase, published, expected):
    expr = only(f"It happened {phrase}.", published)
    assert (expr.text, expr.date_start, expr.date_end, expr.granularity) == (
        phrase, expected, expected, "month")


def test_month_last_year_is_that_month_of_the_previous_year():
    expr = only("an official visit to Cambodia in March last year.", D(2023, 10, 17))
    assert (expr.text, expr.date_start, expr.granularity) == ("March last year", "2022-03", "month")


def test_month_next_year():
    assert span("in March next year", MONDAY) == ("2024-03", "2024-03")


def test_month_of_this_year():
    assert span("in March of this year", MONDAY) == ("2023-03", "2023-03")


def test_last_march_after_march_is_this_years_march():
    assert span("last March", D(2024, 5, 10)) == ("2024-03", "2024-03")


def test_last_march_during_march_is_the_previous_years_march():
    assert span("last March", D(2024, 3, 10)) == ("2023-03", "2023-03")


def test_in_month_takes_the_nearest_such_month():
    expr = only("The exercise was held in March.", D(2023, 5, 10))
    assert (expr.text, expr.date_start) == ("March", "2023-03")
    assert span("talks in October", D(2024, 1, 20)) == ("2023-10", "2023-10")


def test_in_month_equally_far_both_ways_goes_to_the_past():
    assert span("talks in March", D(2023, 9, 10)) == ("2023-03", "2023-03")


def test_in_month_in_a_future_sentence_takes_the_next_one():
    assert span("The exercise will be held in March.", D(2023, 10, 10)) == ("2024-03", "2024-03")
    assert span("The exercise will be held in October.", D(2023, 10, 10)) == ("2023-10", "2023-10")


@pytest.mark.parametrize("phrase", ["December 2023", "Dec. 2023", "December, 2023"])
def test_month_and_year(phrase):
    expr = only(f"a meeting of ministers in {phrase}.", D(2023, 11, 13))
    assert (expr.text, expr.date_start, expr.date_end, expr.granularity) == (
        phrase, "2023-12", "2023-12", "month")


@pytest.mark.parametrize("phrase", ["early November", "mid-November", "late November",
                                    "the end of November"])
def test_early_mid_late_month_is_month_precision(phrase):
    expr = only(f"It opened in {phrase}.", D(2023, 12, 5))
    assert (expr.text, expr.date_start, expr.granularity) == (phrase, "2023-11", "month")


def test_month_range_with_year():
    expr = only("drills in March-April 2024", MONDAY)
    assert (expr.date_start, expr.date_end, expr.kind) == ("2024-03", "2024-04", "range")


def test_first_half_of_this_year_is_a_month_range():
    expr = only("results in the first half of this year, and", D(2023, 7, 3))
    assert (expr.text, expr.date_start, expr.date_end, expr.granularity, expr.kind) == (
        "the first half of this year", "2023-01", "2023-06", "month", "range")


def test_quarter_of_a_given_year():
    assert span("in the third quarter of 2023", MONDAY) == ("2023-07", "2023-09")


def test_first_months_of_the_year():
    assert span("in the first nine months of this year", MONDAY) == ("2023-01", "2023-09")


@pytest.mark.parametrize("phrase, expected", [
    ("over the past six months", ("2023-01", "2023-07")),
    ("in the past three months", ("2023-04", "2023-07")),
])
def test_past_months_end_at_the_publication_month(phrase, expected):
    expr = only(f"Progress {phrase} was good.", D(2023, 7, 3))
    assert ((expr.date_start, expr.date_end), expr.granularity, expr.kind) == (
        expected, "month", "range")
    assert expr.text == phrase.split(" ", 1)[1]


def test_past_months_crossing_the_year_boundary():
    assert span("over the past three months", D(2024, 2, 10)) == ("2023-11", "2024-02")


def test_past_years_span_back_from_publication_year():
    expr = only("cooperation over the past 15 years", D(2024, 11, 26))
    assert (expr.date_start, expr.date_end, expr.granularity) == ("2009", "2024", "year")


def test_time_ago():
    assert span("two days ago", MONDAY) == ("2023-11-11", "2023-11-11")
    assert span("a year ago", MONDAY) == ("2022", "2022")


# --------------------------------------------------------------------------
# Years and periods
# --------------------------------------------------------------------------

@pytest.mark.parametrize("phrase, expected", [
    ("last year", "2022"), ("this year", "2023"), ("next year", "2024"),
    ("early this year", "2023"), ("late last year", "2022"), ("early next year", "2024"),
])
def test_relative_years(phrase, expected):
    expr = only(f"It opened {phrase}.", MONDAY)
    assert (expr.text, expr.date_start, expr.date_end, expr.granularity) == (
        phrase, expected, expected, "year")


def test_last_year_in_january():
    assert span("last year", D(2024, 1, 2)) == ("2023", "2023")


def test_bare_year_is_year_precision():
    expr = only("The 2019 search and rescue exercise", MONDAY)
    assert (expr.text, expr.date_start, expr.granularity, expr.kind) == (
        "2019", "2019", "year", "point")
    assert span("in 2019", MONDAY) == ("2019", "2019")


def test_year_after_a_name_is_still_a_year():
    assert span("the ASEAN Army Men's Volleyball Tournament 2023, and", MONDAY) == ("2023", "2023")


def test_mid_year():
    expr = only("by mid-2024", MONDAY)
    assert (expr.text, expr.date_start) == ("mid-2024", "2024")


@pytest.mark.parametrize("phrase, expected_text, expected", [
    ("for the 2025-2029 period", "the 2025-2029 period", ("2025", "2029")),
    ("in the 2019-24 period", "the 2019-24 period", ("2019", "2024")),
    ("the 2020-24 period", "the 2020-24 period", ("2020", "2024")),
    ("a plan for 2020-24", "2020-24", ("2020", "2024")),
    ("during 2019-2024", "2019-2024", ("2019", "2024")),
    ("for the 2020\u20132025 term", "the 2020\u20132025 term", ("2020", "2025")),
    ("the 2021 to 2025 period", "the 2021 to 2025 period", ("2021", "2025")),
    ("in the period 2021-2025", "the period 2021-2025", ("2021", "2025")),
    ("the 1998-99 plan", "the 1998-99 plan", ("1998", "1999")),
])
def test_periods(phrase, expected_text, expected):
    expr = only(f"They signed a protocol {phrase}, and more.", MONDAY)
    assert (expr.text, (expr.date_start, expr.date_end), expr.granularity, expr.kind) == (
        expected_text, expected, "year", "period")


def test_two_years_joined_by_to_without_period_are_two_years():
    found = resolved("prices rose in 2021 to 2025 levels", MONDAY)
    assert [(f[0], f[4]) for f in found] == [("2021", "point"), ("2025", "point")]


def test_from_year_to_year_is_a_year_range():
    assert resolved("from 2019 to 2021", MONDAY) == [
        ("from 2019 to 2021", "2019", "2021", "year", "range")]


def test_two_digit_period_end_that_goes_backwards_is_not_a_period():
    assert [f[4] for f in resolved("code 2023-10 was used", MONDAY)] == []


# --------------------------------------------------------------------------
# Things that are not time expressions
# --------------------------------------------------------------------------

@pytest.mark.parametrize("text", [
    "The meeting opened at 09:46 local time.",
    "with the participation of 94 countries",
    "the 74th General Assembly and Congress",
    "the 45th anniversary of victory",
    "implementation of Resolution 806/NQ/QUTW on integration",
    "under Resolution 2024 of the council",
    "Decree No. 2023 on defence",
    "a force of 2000 troops",
    "about 2,000 people",
    "growth of 3.5 percent",
    "The Long March remains a symbol.",
    "his counterpart, Dong Jun, during the meeting",
    "the two sides may sign",
    "Article 17 of the agreement",
    "the 1960s",
    "tel. 0243-2021-2022",
])
def test_not_a_time_expression(text):
    assert find_times(text, MONDAY) == []


# --------------------------------------------------------------------------
# Impossible dates and leap years
# --------------------------------------------------------------------------

def test_february_29_without_year_in_a_leap_year():
    assert span("on February 29", D(2024, 3, 1)) == ("2024-02-29", "2024-02-29")


def test_february_29_with_leap_year():
    assert span("on 29 February 2024", MONDAY) == ("2024-02-29", "2024-02-29")


def test_february_29_of_a_common_year_is_skipped_leaving_only_its_year():
    assert resolved("on February 29, 2023", MONDAY) == [("2023", "2023", "2023", "year", "point")]


def test_february_30_is_skipped():
    assert find_times("on February 30 the army met", MONDAY) == []
    assert find_times("on 30/02/2023", MONDAY) == []


def test_range_with_an_impossible_end_is_skipped_but_never_raises():
    assert [f[4] for f in resolved("from February 27 to 30", MONDAY)] in ([], ["point"])


def test_extreme_publication_dates_never_raise():
    text = "on Monday, last year, next month, in March, the past 3 years, October 17"
    for published in (D.min, D.max):
        for expr in find_times(text, published):
            assert expr.date_start <= expr.date_end


# --------------------------------------------------------------------------
# Offsets, ordering, longest match
# --------------------------------------------------------------------------

def test_offsets_point_into_the_text_and_results_are_sorted():
    text = ("On Monday, Giang met Hun Sen. The visit lasts from November 23 to 26, 2024, "
            "under the 2025-2029 protocol; last year's talks were in Hanoi.")
    found = find_times(text, MONDAY)
    assert [t.text for t in found] == [
        "Monday", "from November 23 to 26, 2024", "the 2025-2029", "last year"]
    for expr in found:
        assert text[expr.start:expr.end] == expr.text
    assert [t.start for t in found] == sorted(t.start for t in found)


def test_longest_match_wins_over_its_parts():
    assert resolved("November 23-26, 2024", MONDAY) == [
        ("November 23-26, 2024", "2024-11-23", "2024-11-26", "day", "range")]


def test_iso_bounds_covers_each_precision():
    assert iso_bounds("2023") == (D(2023, 1, 1), D(2023, 12, 31))
    assert iso_bounds("2024-02") == (D(2024, 2, 1), D(2024, 2, 29))
    assert iso_bounds("2023-10-17") == (D(2023, 10, 17), D(2023, 10, 17))


# --------------------------------------------------------------------------
# Robustness
# --------------------------------------------------------------------------

_DATEISH_WORDS = [
    "May", "March", "Oct.", "Sept", "Monday", "Friday", "from", "to", "between", "and",
    "the", "last", "next", "this", "week", "weekend", "month", "year", "past", "six",
    "months", "ago", "period", "term", "in", "early", "mid-", "will", "said", "on", "of",
    "first", "half", "quarter", "today", "yesterday", "29", "30", "31", "2", "17th",
    "2019", "2024", "1999", "24", "-", "\u2013", "/", ".", ",", " ", "  ", "\n",
    "2023-10-17", "17/10/2023", "February", "\u00e9", "\U0001f600", "\u0000",
]


def _assert_well_formed(text: str, found) -> None:
    previous_end = 0
    for expr in found:
        assert 0 <= expr.start < expr.end <= len(text)
        assert text[expr.start:expr.end] == expr.text
        assert expr.start >= previous_end            # sorted and non-overlapping
        previous_end = expr.end
        assert expr.granularity in ("day", "month", "year")
        assert expr.kind in ("point", "range", "period")
        assert expr.date_start <= expr.date_end
        iso_bounds(expr.date_start)                  # a well-formed ISO string
        iso_bounds(expr.date_end)


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=st.text(max_size=300), published=st.dates())
def test_random_text_never_raises_and_offsets_are_consistent(text, published):
    _assert_well_formed(text, find_times(text, published))


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(words=st.lists(st.sampled_from(_DATEISH_WORDS), max_size=40),
       separators=st.lists(st.sampled_from([" ", "", ", ", "  "]), min_size=40, max_size=40),
       published=st.dates(min_value=D(1990, 1, 1), max_value=D(2060, 12, 31)))
def test_date_like_token_soup_never_raises_and_offsets_are_consistent(words, separators, published):
    text = "".join(word + separator for word, separator in zip(words, separators))
    _assert_well_formed(text, find_times(text, published))


def _seconds(text: str) -> float:
    started = time.perf_counter()
    find_times(text, MONDAY)
    return time.perf_counter() - started


def test_a_long_date_dense_news_line_is_processed_quickly():
    # A quarter megabyte with six expressions per sentence; 5 MB of ordinary
    # news takes a few seconds, which is too slow for the unit suite.
    sentence = ("Defence Minister Phan Van Giang said on Monday that the two armies will hold "
                "talks from November 23 to 26, 2024, and 94 delegates met on 17/10/2023 "
                "under Resolution 806 for the 2025-2029 period, at 09:46 last week. ")
    text = sentence * (250_000 // len(sentence))
    assert _seconds(text) < 2.0


@pytest.mark.parametrize("unit", [
    " " * 10, "1", "2019-", "1.2.", "October ", "Monday to ", "the past ", "from 5 ",
    "May 5 - ", "\u2013", "aaaa ",
])
def test_pathological_repetition_stays_linear(unit):
    # Catastrophic backtracking would make 20 000 characters take minutes.
    text = (unit * (20_000 // len(unit) + 1))[:20_000]
    assert _seconds(text) < 1.0
