"""Amounts as people read them (issue 16 §4): thousands separated on pages and in sentences; a module's words
join its figures in the report sentence."""

from decimal import Decimal

from django.template import Context, Template

from gonghui.core.modules import Work, WorkFigure
from gonghui.core.numbers import thousands


def test_amounts_are_thousands_separated():
    assert thousands(10_000) == "10,000"
    assert thousands(999) == "999"
    assert thousands(-1_234_567) == "-1,234,567"
    assert thousands(Decimal("12345.50")) == "12,345.50"
    assert thousands(None) == "—" and thousands(None, empty="") == ""
    assert thousands("20000") == "20,000"
    assert thousands("64.5%") == "64.5%"  # not an amount: left as it is


def test_the_template_filter():
    page = Template(
        "{% load numbers %}{{ a|thousands }} {{ b|thousands }} {{ c|thousands }} {{ c|thousands:'' }}|"
    )
    assert page.render(Context({"a": 10000, "b": Decimal("2725.00"), "c": None})) == "10,000 2,725.00 — |"


def test_a_modules_details_join_its_phrase():
    figures = (WorkFigure("handouts", "慰问发放", "次"),)
    appended = Work(figures=figures, count="x", phrase="开展慰问发放{handouts}次")
    assert appended.sentence_part({"handouts": "2"}, "发放西瓜10,000斤、杯子15个") == (
        "开展慰问发放2次，发放西瓜10,000斤、杯子15个"
    )
    assert appended.sentence_part({"handouts": "2"}, "") == "开展慰问发放2次"
    quoted = Work(figures=figures, count="x", phrase="开展慰问发放{handouts}次（{details}）")
    assert quoted.sentence_part({"handouts": "2"}, "西瓜10,000斤") == "开展慰问发放2次（西瓜10,000斤）"
