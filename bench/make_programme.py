"""Builds a long synthetic programme (DOCX with python-docx, PDF with LibreOffice) for benchmarks.

`python bench/make_programme.py --pages 60 --out bench/out` writes programme-60.docx and .pdf. The
text is realistic Russian PSED prose with varied figures, sex-disaggregated tables, an action plan
that runs across pages and a Kyrgyz annex; about 330 words a page once converted.
"""
from __future__ import annotations

import argparse
import random
import subprocess
import tempfile
from pathlib import Path

import docx

SENTENCES = [
    "Население айылного аймака на 1 января {y} года составило {n} человек, из них женщин {w} и мужчин {m}.",
    "В аймаке действуют {k} общеобразовательных школ, в которых обучаются {n} учеников, в том числе {w} девочек.",
    "Протяженность внутренних дорог составляет {k} км, из них в неудовлетворительном состоянии {p} %.",
    "Доходы местного бюджета в {y} году составили {n} тыс. сом, расходы – {m} тыс. сом.",
    "За рубежом, в основном в России и Казахстане, работают {n} жителей, из них {w} женщин.",
    "Денежные переводы трудовых мигрантов составляют около {p} % доходов домохозяйств.",
    "Обеспеченность питьевой водой составляет {p} %, износ водопроводных сетей превышает {k} %.",
    "Уровень регистрируемой безработицы составляет {p} %, среди женщин – {k} %.",
    "Поголовье крупного рогатого скота составляет {n} голов, овец и коз – {m} голов.",
    "Детскими садами охвачено лишь {p} % детей в возрасте от 3 до 6 лет.",
    "Фельдшерско-акушерские пункты обслуживают {n} человек, на одного медработника приходится {k} жителей.",
    "В {y} году вернулись из-за рубежа {k} трудовых мигрантов, которым требуется помощь в трудоустройстве.",
    "Рабочая группа провела {k} сходов граждан, в которых участвовали {n} человек, из них {w} женщин.",
    "Площадь орошаемой пашни составляет {n} га, пастбищ – {m} га.",
]
KY_SENTENCES = [
    "Айыл аймагынын калкы {n} адам, анын ичинде аялдар {w}, эркектер {m}.",
    "Эмгек мигранттарынын саны {k}, алардын көпчүлүгү Орусияда жана Казакстанда иштейт.",
    "Акча которуулар үй-чарбаларынын кирешесинин {p} пайызын түзөт.",
]
CHAPTERS = ["Введение", "Анализ текущей ситуации", "SWOT-анализ", "Видение", "Стратегические цели и приоритеты",
            "План мероприятий", "Индикаторы", "Ресурсное обеспечение", "Мониторинг и оценка", "Риски"]
SUBSECTIONS = ["Население и демография", "Экономика и занятость", "Трудовая миграция", "Образование",
               "Здравоохранение", "Инфраструктура", "Местный бюджет", "Положение женщин"]


def sentence(rng: random.Random, pool) -> str:
    n = rng.randint(1200, 24000)
    return rng.choice(pool).format(y=rng.randint(2019, 2023), n=f"{n:,}".replace(",", " "), w=n // 2 + rng.randint(0, 300),
                                   m=n // 2 - rng.randint(0, 300), k=rng.randint(2, 60), p=rng.randint(5, 85))


def paragraph(rng, pool=SENTENCES) -> str:
    return " ".join(sentence(rng, pool) for _ in range(rng.randint(4, 7)))


def build(pages: int, out: Path, seed: int = 7) -> tuple[Path, Path]:
    rng = random.Random(seed)
    d = docx.Document()
    d.add_paragraph("Программа социально-экономического развития Ак-Суйского айылного аймака на 2024-2028 годы")
    d.add_paragraph("Утверждена постановлением айылного кенеша № 19 от 7 апреля 2024 года")
    paragraphs_per_page = 4.6  # measured: LibreOffice sets about this many of these paragraphs a page
    budget = int(pages * paragraphs_per_page)
    per_chapter = max(2, budget // (len(CHAPTERS) + len(SUBSECTIONS)))
    for number, chapter in enumerate(CHAPTERS, 1):
        d.add_heading(f"{number}. {chapter}", 1)
        if chapter == "Анализ текущей ситуации":
            for sub_number, sub in enumerate(SUBSECTIONS, 1):
                d.add_heading(f"{number}.{sub_number}. {sub}", 2)
                for _ in range(per_chapter):
                    d.add_paragraph(paragraph(rng))
                table = d.add_table(rows=6, cols=4)
                table.style = "Table Grid"
                for c, text in enumerate(["Показатель", "Всего", "Мужчины", "Женщины"]):
                    table.cell(0, c).text = text
                for r in range(1, 6):
                    total = rng.randint(100, 9000)
                    for c, text in enumerate([f"Показатель {r}", str(total), str(total // 2), str(total - total // 2)]):
                        table.cell(r, c).text = text
        elif chapter == "План мероприятий":
            rows = max(20, pages // 2)
            table = d.add_table(rows=rows + 1, cols=7)
            table.style = "Table Grid"
            header = ["№", "Мероприятие", "Срок", "Ответственный", "Стоимость, тыс. сом", "Источник финансирования",
                      "Индикатор"]
            for c, text in enumerate(header):
                table.cell(0, c).text = text
            for r in range(1, rows + 1):
                cells = [str(r), f"Ремонт водопровода в селе № {r} и обучение {rng.randint(10, 60)} женщин",
                         str(rng.randint(2024, 2028)), "Айыл окмоту", f"{rng.randint(50, 5000)},0",
                         rng.choice(["местный бюджет", "республиканский бюджет", "МОМ", "АРИС"]),
                         f"{rng.randint(20, 900)} человек получили услугу"]
                for c, text in enumerate(cells):
                    table.cell(r, c).text = text
        else:
            for _ in range(per_chapter):
                d.add_paragraph(paragraph(rng))
    d.add_heading("Тиркеме. Кыскача маалымат", 1)
    for _ in range(max(2, pages // 10)):
        d.add_paragraph(paragraph(rng, KY_SENTENCES))
    out.mkdir(parents=True, exist_ok=True)
    source = out / f"programme-{pages}.docx"
    d.save(source)
    with tempfile.TemporaryDirectory() as profile:
        subprocess.run(["soffice", f"-env:UserInstallation=file://{profile}", "--headless", "--convert-to", "pdf",
                        "--outdir", str(out), str(source)], check=True, capture_output=True, timeout=600)
    return source, out / f"programme-{pages}.pdf"


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--pages", type=int, default=60)
    parser.add_argument("--out", type=Path, default=Path(__file__).parent / "out")
    args = parser.parse_args()
    docx_path, pdf_path = build(args.pages, args.out)
    import pypdfium2

    print(f"{pdf_path}: {len(pypdfium2.PdfDocument(str(pdf_path)))} pages")
