"""The evaluation layer alone (engine/evaluate.py): hand-made units with their concepts and figures
already found go in, a finding's facts come out. No document is read and no text is tokenized, so a
failure here points at the evaluation, not at the readers or the matcher."""
from __future__ import annotations

import pytest

from psedcheck.engine.evaluate import evaluate_rule
from psedcheck.engine.units import Analysis, Cell, Unit
from psedcheck.model.document import Document, Section
from psedcheck.model.findings import Status


def section(canonical: str, heading: str = "Раздел") -> Section:
    return Section(heading, 1, canonical=canonical, covers=frozenset({canonical}), language="ru")


def sentence(text: str, where: Section, concepts=(), figures=(), **facts) -> Unit:
    """A sentence whose concepts hold the whole text (no places: every figure is beside its subject)."""
    return Unit(text, "sentence", where, None, frozenset(concepts), frozenset(figures), **facts)


def analysis(*units: Unit) -> Analysis:
    sections = list({id(u.section): u.section for u in units}.values())
    return Analysis(Document("hand-made.md", "md", sections), list(units))


def rule(rulebook, rule_id):
    return rulebook.rules_by_id[rule_id]


def test_women_compared_with_men_in_two_indicators_pass(rulebook):
    where = section("situation-analysis")
    found = evaluate_rule(rule(rulebook, "gender-disaggregated-data"), analysis(
        sentence("Население 8 892 человека: женщин 4 512, мужчин 4 380.", where, {"women", "male"}, {"count"}, numbers=3),
        sentence("Безработных 236: женщин 141, мужчин 95.", where, {"women", "male"}, {"count"}, numbers=3)))
    assert found.status is Status.PASS
    assert [a.met for a in found.aspects] == [True, True]
    assert found.aspects[0].evidence[0].text.startswith("Население 8 892")


def test_the_population_alone_split_by_sex_is_weak(rulebook):
    """The catalog's weak: "numbers for women only in one place", men counted beside them or not."""
    where = section("situation-analysis")
    found = evaluate_rule(rule(rulebook, "gender-disaggregated-data"), analysis(
        sentence("Население 8 892 человека: женщин 4 512, мужчин 4 380.", where, {"women", "male"}, {"count"}, numbers=3)))
    assert found.status is Status.WEAK
    assert {a.id: a.met for a in found.aspects} == {"women-counted": True, "breakdown": False}


def test_women_counted_once_is_weak_and_says_what_is_lacking(rulebook):
    where = section("situation-analysis")
    found = evaluate_rule(rule(rulebook, "gender-disaggregated-data"), analysis(
        sentence("Женщин в аймаке 4 512.", where, {"women"}, {"count"}, numbers=1)))
    assert found.status is Status.WEAK
    assert {a.id: a.met for a in found.aspects} == {"women-counted": True, "breakdown": False}


@pytest.mark.parametrize("facts", [{"declarative": True}, {"label": True}, {"placeholder": True}])
def test_a_declaration_a_label_or_a_placeholder_meets_nothing(rulebook, facts):
    where = section("situation-analysis")
    found = evaluate_rule(rule(rulebook, "gender-disaggregated-data"), analysis(
        sentence("Женщин 4 512, мужчин 4 380.", where, {"women", "male"}, {"count"}, numbers=2, **facts)))
    assert not any(a.met for a in found.aspects)
    assert found.status is Status.WEAK  # women are still mentioned


def test_a_denial_is_an_admission_quoted_as_such(rulebook):
    where = section("situation-analysis")
    found = evaluate_rule(rule(rulebook, "gender-disaggregated-data"), analysis(
        sentence("Данные в разрезе пола отсутствуют.", where, {"by-sex", "_negation"}, negated=True)))
    assert found.status is Status.WEAK and not any(a.met for a in found.aspects)
    assert found.admitted == "Данные в разрезе пола отсутствуют."


def test_content_outside_the_rules_scope_meets_nothing(rulebook):
    elsewhere = section("vision")
    found = evaluate_rule(rule(rulebook, "gender-disaggregated-data"), analysis(
        sentence("Женщин 4 512, мужчин 4 380.", elsewhere, {"women", "male"}, {"count"}, numbers=2)))
    assert not any(a.met for a in found.aspects)


def test_nothing_at_all_is_missing(rulebook):
    found = evaluate_rule(rule(rulebook, "structure-risks"), analysis(
        sentence("Программа направлена на развитие аймака.", section("introduction"))))
    assert found.status is Status.MISSING and found.evidence == ()


def test_a_section_heading_alone_makes_a_section_rule_weak(rulebook):
    risks = section("risks", "Риски")
    heading = Unit("Риски", "heading", risks, None, frozenset({"risk"}), frozenset())
    found = evaluate_rule(rule(rulebook, "structure-risks"), analysis(heading))
    assert found.status is Status.WEAK and not any(a.met for a in found.aspects)


def test_risks_with_two_mitigation_sentences_pass(rulebook):
    risks = section("risks", "Риски")
    found = evaluate_rule(rule(rulebook, "structure-risks"), analysis(
        sentence("Риск засухи снизит урожай.", risks, {"risk"}),
        sentence("Меры по снижению: строительство арыков.", risks, {"risk-mitigation", "risk-action"}),
        sentence("Для снижения риска паводков укрепить дамбу.", risks, {"risk", "risk-mitigation"})))
    assert found.status is Status.PASS


def action_plan_rows(filled_costs: int, rows: int = 4):
    plan = section("action-plan", "План мероприятий")
    header = Unit("Мероприятие | Срок | Ответственный | Стоимость", "header", plan, None,
                  frozenset({"plan-deadline", "responsible", "cost"}), frozenset(), table_id=1)
    made = [header]
    for i in range(rows):
        cost = "1 200" if i < filled_costs else ""
        cells = (Cell("Ремонт школы", frozenset(), frozenset({"plan-measure"}), frozenset()),
                 Cell("2025", frozenset({"plan-deadline"}), frozenset(), frozenset({"year"})),
                 Cell("Айыл өкмөтү", frozenset({"responsible"}), frozenset(), frozenset()),
                 Cell(cost, frozenset({"cost"}), frozenset(), frozenset({"amount"}) if cost else frozenset()))
        made.append(Unit(" | ".join(c.text for c in cells), "row", plan, None, frozenset({"plan-measure"}),
                         frozenset(), cells=cells, table_id=1))
    return made


def test_a_thin_column_is_a_fact_with_its_count(rulebook):
    found = evaluate_rule(rule(rulebook, "structure-action-plan"), analysis(*action_plan_rows(filled_costs=1)))
    details = {a.id: a.detail for a in found.aspects}
    assert details["cost"] == "1/4"  # one of four rows gives a cost: below the rule's min_fill
    assert details["funding-source"] == "absent" and details["deadline"] is None
    assert found.status is Status.WEAK
    # a column is met by a filled row, never by the header that names it
    assert all(a.evidence[0].text.startswith("Ремонт школы") for a in found.aspects if a.met)


def test_a_well_filled_column_is_met_by_a_row(rulebook):
    found = evaluate_rule(rule(rulebook, "structure-action-plan"), analysis(*action_plan_rows(filled_costs=3)))
    cost = next(a for a in found.aspects if a.id == "cost")
    assert cost.met and cost.evidence[0].text.startswith("Ремонт школы")


def test_a_number_under_a_cost_column_is_money_not_a_count(rulebook, checker, tmp_path):
    """«450,000» under «Cost, KGS» is no value of the row's indicator: a migration measure whose
    indicator cell says «to be set» names an indicator without a value (weak)."""
    path = tmp_path / "plan.md"
    path.write_text(
        "## Action plan\n\n"
        "| # | Measure | Timeline | Responsible | Cost, KGS | Source | Expected result / indicator |\n"
        "|---|---|---|---|---|---|---|\n"
        "| 6 | Home visits and psychosocial groups for families and children of migrants | 2025–2027 | "
        "Ayil okmotu social worker | 450,000 | IOM; local budget | Families of migrants reached: to be set "
        "after the baseline survey |\n", encoding="utf-8")
    found = next(f for f in checker.check(path).findings if f.rule == "migration-indicators")
    assert {a.id: a.met for a in found.aspects} == {"named": True, "values": False}
    assert found.status is Status.WEAK


def test_grandmothers_raising_migrants_children_are_no_gender_issue(checker, tmp_path):
    """«чоң эне» (a grandmother) is no «эне» of the women's terms, as «бабушка» is none in Russian."""
    path = tmp_path / "талдоо.md"
    path.write_text("## Кырдаалды талдоо\n\n"
                    "Мигранттардын балдарынын көбү чоң ата, чоң энелеринин колунда тарбияланып жатат.\n",
                    encoding="utf-8")
    found = next(f for f in checker.check(path).findings if f.rule == "gender-analysis")
    assert found.status is Status.MISSING


def test_girls_counted_among_pupils_are_data_not_a_gender_issue(checker, tmp_path):
    path = tmp_path / "талдоо.md"
    path.write_text("## Кырдаалды талдоо\n\n"
                    "Айыл аймагында 3 мектеп иштейт, аларда 1 252 окуучу билим алат, анын ичинен кыздар – 618, "
                    "балдар – 634.\n", encoding="utf-8")
    found = next(f for f in checker.check(path).findings if f.rule == "gender-analysis")
    assert found.status is Status.WEAK and not any(a.met for a in found.aspects)


def test_women_counted_among_migrants_are_data_not_a_gender_issue(checker, tmp_path):
    path = tmp_path / "analysis.md"
    path.write_text("## Анализ текущей ситуации\n\nСреди трудовых мигрантов мужчин – 3 480, женщин – 1 390.\n",
                    encoding="utf-8")
    found = next(f for f in checker.check(path).findings if f.rule == "gender-analysis")
    assert found.status is Status.WEAK
