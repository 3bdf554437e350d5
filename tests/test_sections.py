"""Canonical section ids from headings (engine/sections.py), through the production path."""
from __future__ import annotations


def test_kyrgyz_headings_over_a_russian_body_are_recognised(tmp_path, checker):
    """A Kyrgyz template filled in Russian: the sections are Russian by their text, their headings
    Kyrgyz, and each heading is read in its own language."""
    path = tmp_path / "шаблон.md"
    path.write_text(
        "# I БӨЛҮМ. КИРИШҮҮ\n\nЦель Программы – повышение уровня и качества жизни населения айылного аймака.\n\n"
        "# II БӨЛҮМ. АЙМАКТЫН ЖАЛПЫ МҮНӨЗДӨМӨСҮ\n\nНаселение айылного аймака составляет 6 930 человек.\n\n"
        "# VI БӨЛҮМ. ИШ-ЧАРАЛАРДЫН ПЛАНЫ\n\nВ 2025 году будет отремонтирован водопровод в селе Сары-Булак.\n",
        encoding="utf-8")
    report = checker.check(path)
    assert [(s.title, s.id, s.language) for s in report.sections] == [
        ("I БӨЛҮМ. КИРИШҮҮ", "introduction", "ru"),
        ("II БӨЛҮМ. АЙМАКТЫН ЖАЛПЫ МҮНӨЗДӨМӨСҮ", "situation-analysis", "ru"),
        ("VI БӨЛҮМ. ИШ-ЧАРАЛАРДЫН ПЛАНЫ", "action-plan", "ru")]


def test_a_chapter_on_drafting_discussion_and_approval_is_the_process(tmp_path, checker):
    path = tmp_path / "программа.md"
    path.write_text("# 11. Разработка, обсуждение и утверждение\n\n"
                    "Рабочая группа из 17 человек провела собрания жителей в 6 кварталах.\n", encoding="utf-8")
    assert [s.id for s in checker.check(path).sections] == ["process"]


def test_the_future_picture_of_the_aimak_is_its_vision(tmp_path, checker):
    """«Келечектеги көрүнүш» (the picture of the future) names the vision as «көз караш» does; the
    present picture («азыркы көрүнүшү») does not."""
    path = tmp_path / "программа.md"
    path.write_text("# 2-БӨЛҮМ. АЙМАКТЫН АЗЫРКЫ КӨРҮНҮШҮ\n\nАйыл аймагында 6 215 адам жашайт.\n\n"
                    "# 3-БӨЛҮМ. АЙЫЛ АЙМАГЫНЫН КЕЛЕЧЕКТЕГИ КӨРҮНҮШҮ\n\n"
                    "2029-жылы Ак-Суу – таза суусу жана жакшы жолдору бар гүлдөгөн айыл аймагы.\n", encoding="utf-8")
    assert [s.id for s in checker.check(path).sections][-1] == "vision"
    assert [s.id for s in checker.check(path).sections][0] != "vision"
