"""Municipality and period for report headers, in the nominative whatever case the title uses."""
from __future__ import annotations

import pytest


@pytest.mark.parametrize("title, municipality, period", [
    ("Программа социально-экономического развития Таш-Булакского айылного аймака на 2024-2028 годы",
     "Таш-Булакский айылный аймак", "2024–2028"),
    ("НАРЫН ОБЛУСУНУН КОЧКОР РАЙОНУНДАГЫ ЧОҢ-ТАЛАА АЙЫЛ АЙМАГЫН 2024-2027-ЖЫЛДАРГА СОЦИАЛДЫК-ЭКОНОМИКАЛЫК "
     "ӨНҮКТҮРҮҮ ПРОГРАММАСЫ", "Чоң-Талаа айыл аймагы", "2024–2027"),
    ("Программа социально-экономического развития города Кара-Балта на 2023-2026 годы", "город Кара-Балта",
     "2023–2026"),
    ("Socio-Economic Development Programme of Jany-Aryk Ayil Aimak for 2025-2029", "Jany-Aryk Ayil Aimak",
     "2025–2029"),
])
def test_title_metadata(title, municipality, period, checker, tmp_path):
    path = tmp_path / "title.md"
    path.write_text(f"{title}\n\n## Введение\nПрограмма определяет цели развития.\n", encoding="utf-8")
    report = checker.check(path)
    assert (report.municipality, report.period) == (municipality, period)
