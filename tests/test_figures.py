"""Which numbers count something (engine/figures.py): a figure counts only for what it quantifies, so
distances, areas, ages, durations, years, dates, decision numbers and references are told apart."""
from __future__ import annotations

import pytest

from psedcheck.engine import figures


def kinds_of(text: str) -> list[tuple[str, str]]:
    return [(kind, text[start:end]) for kind, start, end in figures.number_spans(text)]


@pytest.mark.parametrize("text, expected", [
    ("Население 8 892 человека, из них женщин 4 512.", [("count", "8 892"), ("count", "4 512")]),
    ("Женщины составляют 50,7 % населения.", [("count", "50,7 %")]),
    ("Увеличить долю с 15 до 25 %.", [("count", "15"), ("count", "25 %")]),
    ("Айыл аймагы район борборунан 42 км аралыкта жайгашкан.", [("measure", "42")]),
    ("Жалпы аянты 36 450 гектарды түзөт, анын ичинде 3 120 га айдоо жер.", [("measure", "36 450"), ("measure", "3 120")]),
    ("Протяжённость водопровода 24 км, из них 15 км требуют замены.", [("measure", "24"), ("measure", "15")]),
    ("Курсы для женщин в возрасте 18–35 лет.", []),
    ("18–35 жаштагы аялдар үчүн курстар.", []),
    ("Программа рассчитана на 5 лет, см. стр. 12 и п. 3.", []),
    ("Решение № 14 от 12.03.2024 г.", []),
    ("В 2023 году открыто 2 детских сада.", [("count", "2")]),
    ("1.3-милдет: аялдардын ишкердигин колдоо.", []),
    ("Мектептин 5-классында 42 окуучу бар.", [("count", "42")]),
])
def test_what_a_number_is(text, expected):
    assert kinds_of(text) == expected


@pytest.mark.parametrize("text, amounts", [
    ("Стоимость — 12 500 тыс. сом, из них 4 000 из местного бюджета.", ["12 500"]),
    ("Наркы 950 миң сом.", ["950"]),
    ("The cost is 1,200 thousand soms for 40 women.", ["1,200"]),
])
def test_an_amount_is_a_number_with_its_money_word(text, amounts):
    assert [text[s:e] for s, e in figures.amount_spans(text)] == amounts


@pytest.mark.parametrize("text", [
    "Приложение к решению маслихата города Астаны от «14» декабря 2023 года № 114/15-VIII",
    "утверждена постановлением айылного кенеша от 14 марта 2024 года № 12-3",
    "айылдык кеңешинин 2025-жылдын 7-апрелиндеги № 19-токтому менен бекитилди",
])
def test_a_decision_date_or_number_is_a_decision_figure(text):
    assert "decision" in figures.kinds(text)


@pytest.mark.parametrize("text, number, whole", [
    ("В айылном кенеше из 17 депутатов женщин немного.", "17", "депутатов"),
    ("Из 1 350 трудовых мигрантов 420 — женщины.", "1 350", "трудовых мигрантов"),
    ("Из 1 350 трудовых мигрантов 420 — женщины.", "420", None),
    ("Айылдык кеңештин 17 депутатынын ичинен аялдар аз.", "17", "депутатынын"),
    ("Out of 17 deputies, few are women.", "17", "deputies"),
    ("Население 8 892 человека, из них женщин 4 512.", "4 512", None),
    ("Население 8 892 человека, из них женщин 4 512.", "8 892", None),
])
def test_a_number_that_names_a_whole_counts_its_own_noun(text, number, whole):
    """«из 17 депутатов женщин немного»: 17 counts the deputies, not the women named after them."""
    start = text.index(number)
    found = figures.whole_of(text, start, start + len(number))
    assert (text[found[0]:found[1]] if found else None) == whole
