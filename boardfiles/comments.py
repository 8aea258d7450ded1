"""What young people wrote in a survey, from its spreadsheet (CSV, XLSX or a DOCX table): the
column of written answers, one a row. Each answer is screened as it comes into Pledge
(pledge/voice), so the reader only finds them; it judges nothing."""

from __future__ import annotations

from dataclasses import dataclass

from boardfiles.problems import FileError
from boardfiles.tables import Row, Table, read_tables

# Headings survey tools give a free-text question, by the words in them.
HINTS = (
    "comment", "anything else", "tell us", "your words", "free text", "what would", "why",
    "what could", "what do you", "how could", "other", "suggestion", "say",
)  # fmt: skip
# A column whose answers average fewer words than this holds choices (yes, no, 4), not writing.
FEWEST_WORDS = 2.5
LONGEST_ANSWER = 3000  # as the "Have your say" form


@dataclass(frozen=True)
class Column:
    index: int
    heading: str
    answers: int  # rows with something written in this column
    words: float  # words an answer, on average


@dataclass(frozen=True)
class Answer:
    row: int  # the spreadsheet's row, to find it again
    text: str


@dataclass(frozen=True)
class Survey:
    columns: list[Column]  # the columns of written answers, the likeliest first
    rows: list[Row]

    def answers(self, column: int) -> list[Answer]:
        """What was written in a column, blanks left out."""
        return [
            Answer(row.number, text)
            for row in self.rows
            if column < len(row.cells) and (text := _printable(row.cells[column].text))
        ]


def _printable(text: str) -> str:
    """The answer less control characters (a cell holding only one is blank)."""
    return "".join(c for c in text if c.isprintable() or c in "\n\t").strip()


def read_survey(filename: str, data: bytes) -> Survey:
    """The survey's columns of written answers. Raises FileError for a file with none, or with
    an answer too long to keep, saying where."""
    for table in read_tables(filename, data):
        if survey := _survey(table):
            for column in survey.columns:
                for answer in survey.answers(column.index):
                    if len(answer.text) > LONGEST_ANSWER:
                        raise FileError(
                            f"Row {answer.row} of {filename} has an answer of "
                            f"{len(answer.text):,} characters under “{column.heading}”. Pledge "
                            f"keeps answers of up to {LONGEST_ANSWER:,}: split it over two rows."
                        )
            return survey
    raise FileError(
        f"{filename} has no column of written answers. Choose the survey's export with one row "
        "for each young person and their answers in words, with the questions as headings."
    )


def _survey(table: Table) -> Survey | None:
    rows = [row for row in table.rows if not row.is_blank]
    if len(rows) < 2:
        return None
    header, answers = rows[0], rows[1:]
    columns = []
    for index, heading in enumerate(header.texts()):
        written = [
            row.cells[index].text.split()
            for row in answers
            if index < len(row.cells) and row.cells[index].text.strip()
        ]
        words = sum(map(len, written)) / len(written) if written else 0.0
        if words >= FEWEST_WORDS:
            columns.append(
                Column(index, heading.strip() or f"Column {index + 1}", len(written), words)
            )
    if not columns:
        return None

    def likelihood(column: Column) -> tuple[bool, float]:
        hinted = any(hint in column.heading.lower() for hint in HINTS)
        return (hinted, column.words)

    return Survey(sorted(columns, key=likelihood, reverse=True), answers)
