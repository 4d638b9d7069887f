"""``report``: the evening laid out as a document, for the organisers (with
table scores, ratings, the clashes seated and private notes) or for the attendees (the
tables, the questions and the shared contacts; no scores, no ratings, nothing
private). Written as Markdown or one HTML page by ``blocks``."""

from __future__ import annotations

from enum import StrEnum

from matchmaker.render.blocks import Block, Grid, Heading, Items, Paragraph, to_html, to_markdown
from matchmaker.render.report import EventReport, RoundSummary


class Audience(StrEnum):
    ORGANISERS = "organisers"
    ATTENDEES = "attendees"


def report_text(report: EventReport, audience: Audience, form: str = "markdown") -> str:
    blocks = report_blocks(report, audience)
    if form == "html":
        return to_html(blocks, f"{report.name}: the evening")
    return to_markdown(blocks)


def report_blocks(report: EventReport, audience: Audience) -> list[Block]:
    private = audience is Audience.ORGANISERS
    blocks: list[Block] = [Heading(f"{report.name}: the evening", 1)]
    if private:
        blocks.append(
            Paragraph(
                f"{report.signed_up} signed up, {report.present} checked in and here, "
                f"{report.gone} left."
            )
        )
    blocks.append(Heading("Who came"))
    if report.came:
        blocks.append(Paragraph(f"{_people(len(report.came))}: {', '.join(report.came)}."))
    else:
        blocks.append(Paragraph("Nobody has been checked in or seated yet."))
    if private and report.rounds:
        blocks += [Heading("Rounds"), _rounds_grid(report)]
    for summary in report.rounds:
        blocks += _round_blocks(summary, private)
    if private:
        blocks += [*_ratings_blocks(report), *_clash_blocks(report)]
    blocks += _market_blocks(report)
    blocks.append(Heading("Contacts"))
    if report.contacts:
        blocks.append(Paragraph("Of those who came and agreed to share them:"))
        blocks.append(Grid(("Name", "Contact"), tuple(report.contacts)))
    else:
        blocks.append(Paragraph("Nobody who came agreed to share a contact."))
    if private and report.notes:
        blocks += [
            Heading("Notes (for the organisers only)"),
            Grid(("Name", "Note"), tuple(report.notes)),
        ]
    return blocks


def _people(count: int) -> str:
    return f"{count} {'person' if count == 1 else 'people'}"


def _rounds_grid(report: EventReport) -> Grid:
    rows = []
    for r in report.rounds:
        rating = f"{r.mean_rating:.1f}" if r.mean_rating is not None else "—"
        lowest = "—" if r.lowest is None else str(r.lowest)
        rows.append(
            (
                str(r.number),
                str(len(r.tables)),
                str(r.people),
                f"{r.mean_score:.0f}",
                lowest,
                str(len(r.ratings)),
                rating,
            )
        )
    header = ("Round", "Tables", "People", "Mean table score", "Lowest", "Ratings", "Mean rating")
    return Grid(header, tuple(rows), frozenset(range(len(header))))


def _round_blocks(summary: RoundSummary, private: bool) -> list[Block]:
    header: tuple[str, ...] = ("Table", "People")
    rows = []
    for t in summary.tables:
        row: tuple[str, ...] = (str(t.number), ", ".join(t.names))
        if private:
            rated = ", ".join(f"{r}/5" for r in t.ratings) or "—"
            row += (str(t.score), rated)
        rows.append(row)
    if private:
        header += ("Score", "Rated")
    blocks: list[Block] = [
        Heading(f"Round {summary.number}"),
        Grid(header, tuple(rows), frozenset({0, 2} if private else {0})),
    ]
    questions = tuple(
        f"Table {t.number}, {who}: {question}"
        for t in summary.tables
        for who, question in t.questions
    )
    if questions:
        blocks += [Heading("Questions to ask", 3), Items(questions)]
    return blocks


def _ratings_blocks(report: EventReport) -> list[Block]:
    blocks: list[Block] = [Heading("Ratings")]
    ratings = [r for summary in report.rounds for r in summary.ratings]
    if not ratings:
        return [*blocks, Paragraph("No pair has rated their time together yet.")]
    counts = ", ".join(f"{ratings.count(n)} × {n}/5" for n in range(5, 0, -1) if n in ratings)
    low = sum(r <= 2 for r in ratings)
    blocks.append(Paragraph(f"{len(ratings)} ratings: {counts}."))
    if low:
        blocks.append(Paragraph(f"{low} pair(s) rated 1-2 will never be seated together again."))
    return blocks


def _clash_blocks(report: EventReport) -> list[Block]:
    blocks: list[Block] = [Heading("Clashes seated")]
    if not report.clashes:
        return [*blocks, Paragraph("None.")]
    lines = []
    for c in report.clashes:
        how = f"rated {c.rating}/5" if c.rating is not None else "not rated"
        lines.append(
            f"Round {c.round}, table {c.table}: {c.headline} ({' & '.join(c.between)}); {how}"
        )
    return [*blocks, Items(tuple(lines))]


def _market_blocks(report: EventReport) -> list[Block]:
    blocks: list[Block] = [Heading("Skills market")]
    if report.market:
        rows = tuple((t.topic, str(t.want_to_learn), str(t.can_teach)) for t in report.market)
        blocks.append(Grid(("Topic", "Want to learn", "Can teach"), rows, frozenset({1, 2})))
    blocks.append(Paragraph(report.unmet))
    return blocks
