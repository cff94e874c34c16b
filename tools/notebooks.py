"""The example notebooks of ``docs/examples/``, written from the cells below (``make notebooks``).

The notebooks are kept without outputs; the test suite executes each of them
(``tests/test_notebooks.py``), so they cannot rot. Edit the cells here and run this script.
"""

from __future__ import annotations

from pathlib import Path

import nbformat

ROOT = Path(__file__).resolve().parents[1]
FOLDER = ROOT / "docs" / "examples"

SETUP = """\
from pathlib import Path

import ntmcriteria as ntm

# the bundled example observations (run from the repository, or point EXAMPLES elsewhere)
EXAMPLES = next(
    p / "examples" / "observations"
    for p in (Path.cwd(), *Path.cwd().parents)
    if (p / "examples" / "observations").is_dir()
)"""

NOTEBOOKS: dict[str, list[tuple[str, str]]] = {
    "01-assess-one-commune.ipynb": [
        (
            "markdown",
            "# Đánh giá một xã — assess one commune\n\nXã Kỳ Châu (Hà Tĩnh), the values "
            "its 2022 report states, against the Hà Tĩnh commune set.",
        ),
        ("code", SETUP),
        (
            "code",
            '[ky_chau] = ntm.read_observations(EXAMPLES / "ky-chau-2022.yaml")\n'
            'result = ntm.evaluate("hatinh/xa-ntm/2022-2025", ky_chau)\nresult',
        ),
        ("code", 'print(repr(result))\nresult.show("en")'),
        ("markdown", "One row per indicator, with the gap in its unit:"),
        ("code", 'frame = result.to_frame()\nframe[frame["status"] != "no_data"]'),
        ("markdown", "Every tier in force for the commune, and what the next one lacks:"),
        ("code", "ladder = ntm.assess(ky_chau)\nladder"),
        ("code", "print(ladder.to_text())"),
    ],
    "02-province-from-csv.ipynb": [
        (
            "markdown",
            "# Một tỉnh từ tệp CSV — a province from a CSV\n\nSynthetic communes "
            "(one a row, as `ntm template … -o mau.csv` lays them out), evaluated all at once.",
        ),
        ("code", SETUP + "\nimport numpy as np\nimport pandas as pd"),
        (
            "code",
            "rng = np.random.default_rng(2026)\nsize = 200\nprovince = pd.DataFrame({\n"
            '    "unit": [f"Xã {i}" for i in range(size)],\n    "year": 2024,\n'
            '    "income_per_capita [triệu đồng/người/năm]":\n'
            "        rng.uniform(35, 70, size).round(2),\n"
            '    "multidimensional_poverty_rate [%]": rng.uniform(0, 10, size).round(2),\n'
            '    "households_hygienic_facilities_rate [%]":\n'
            "        rng.uniform(70, 100, size).round(2),\n"
            "})\n"
            'path = Path("province.csv")\nprovince.to_csv(path, index=False)\n'
            "province.head()",
        ),
        (
            "code",
            'table = pd.read_csv(path)\nresults = ntm.evaluate_frame("example/xa-ntm-trich/'
            '2022-2025", table)\nresults[["unit", "status", "criterion:10", "criterion:11", '
            '"indicator:17.8"]].head()',
        ),
        ("code", 'results["indicator:17.8"].value_counts()'),
        (
            "code",
            'import matplotlib\nmatplotlib.use("Agg")\n'
            'ax = results["criterion:10"].value_counts().plot.bar(title="Tiêu chí 10 — '
            'thu nhập")\nax.figure.savefig("province.png")\npath.unlink()',
        ),
    ],
    "03-what-if.ipynb": [
        ("markdown", "# Nếu … thì sao? — what-if, a threshold change, the path to a tier"),
        ("code", SETUP),
        (
            "code",
            '[doc_binh_kieu] = ntm.read_observations(EXAMPLES / "doc-binh-kieu-2024.yaml")\n'
            'result = ntm.evaluate("dongthap/xa-ntm-kieu-mau/2021-2025", doc_binh_kieu)\n'
            "print(repr(result))",
        ),
        ("markdown", "If income rose by 11 million đồng and 549 more hectares were certified:"),
        (
            "code",
            'scenario = result.what_if({\n    "K2": ntm.increase("11 triệu đồng/người/năm"),\n'
            '    "SX5.1": ntm.increase("549 ha"),\n})\nscenario.diff',
        ),
        ("code", "scenario.diff.to_frame()"),
        ("markdown", "A stricter threshold, on the Hà Tĩnh set, for 300 communes:"),
        (
            "code",
            "import numpy as np\nimport pandas as pd\n\nrng = np.random.default_rng(1)\n"
            'communes = pd.DataFrame({"unit": [f"Xã {i}" for i in range(300)], "year": 2024,\n'
            '                         "households_hygienic_facilities_rate [%]": '
            "rng.uniform(75, 100, 300).round(1)})\n"
            'hatinh = ntm.registry().get("hatinh/xa-ntm/2022-2025")\n'
            'stricter = hatinh.with_requirements({"17.8": "≥ 90 %"})\n'
            "print(stricter.id)\n"
            'ntm.evaluate_frame(stricter, communes)["indicator:17.8"].value_counts()',
        ),
        (
            "code",
            'sweep = ntm.sweep(hatinh, communes, requirement="17.8",\n'
            "                  thresholds=range(80, 101, 2))\n"
            'sweep[sweep["id"] == "17.8"][["value", "achieved", "not_achieved"]]',
        ),
        ("code", 'import matplotlib\nmatplotlib.use("Agg")\nax = sweep.plot(parts=["17.8"])'),
        ("markdown", "What xã Đốc Bình Kiều lacks for the model tier, smallest change first:"),
        ("code", 'path = ntm.path_to(doc_binh_kieu, "kieu-mau")\nprint(path.to_text())'),
        ("code", "path.to_frame().head(10)"),
    ],
    "04-monte-carlo.ipynb": [
        (
            "markdown",
            "# Độ tin cậy — how sure is the verdict?\n\nThe survey figures are "
            "estimates: draw them 10,000 times.",
        ),
        ("code", SETUP),
        (
            "code",
            '[ky_chau] = ntm.read_observations(EXAMPLES / "ky-chau-2022.yaml")\n'
            'table = ntm.monte_carlo(\n    ky_chau, "hatinh/xa-ntm/2022-2025",\n'
            '    errors={"income_per_capita": "± 8 triệu đồng/người/năm",\n'
            '            "multidimensional_poverty_rate": {"relative": 0.5},\n'
            '            "health_insurance_rate": "± 3 %"},\n'
            "    draws=10_000, seed=1)\n"
            'table[table["id"].isin(["10", "11", "15.1"])]',
        ),
        ("code", "ntm.monte_carlo(ky_chau, draws=1_000, seed=1).query('level == \"set\"')"),
    ],
}


def build() -> list[Path]:
    FOLDER.mkdir(parents=True, exist_ok=True)
    written = []
    for name, cells in NOTEBOOKS.items():
        notebook = nbformat.v4.new_notebook()
        notebook.metadata["kernelspec"] = {
            "name": "python3",
            "display_name": "Python 3",
            "language": "python",
        }
        notebook.cells = [
            nbformat.v4.new_markdown_cell(text)
            if kind == "markdown"
            else nbformat.v4.new_code_cell(text)
            for kind, text in cells
        ]
        for index, cell in enumerate(notebook.cells):
            cell["id"] = f"{Path(name).stem}-{index}"
        path = FOLDER / name
        nbformat.write(notebook, path)
        written.append(path)
    return written


if __name__ == "__main__":
    for path in build():
        print(f"wrote {path.relative_to(ROOT)}")
