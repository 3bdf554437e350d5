"""How text becomes units (engine/units.py): sentences, labels and item numbers."""
from __future__ import annotations

import pytest

from psedcheck.engine.units import is_label, sentences


def test_an_abbreviation_before_a_name_does_not_end_the_sentence():
    text = ("Слушания прошли 14 марта 2024 года в Доме культуры с. Кок-Жар, присутствовали 86 жителей. "
            "Офис находится в г. Кара-Балта на ул. Ленина. Задача 1.1. Построить школу.")
    assert sentences(text) == [
        "Слушания прошли 14 марта 2024 года в Доме культуры с. Кок-Жар, присутствовали 86 жителей.",
        "Офис находится в г. Кара-Балта на ул. Ленина.", "Задача 1.1.", "Построить школу."]


@pytest.mark.parametrize("text, label", [
    ("Задача 1.1.", True), ("Goal 2:", True), ("1-артыкчылык.", True), ("3.1.", True), ("12", True),
    ("2023–2026", False), ("Построить школу в селе Ак-Суу.", False), ("Приоритет 1. Развитие экономики", False),
])
def test_what_is_a_bare_label(text, label):
    assert is_label(text) is label
