"""The room at a glance: the skills market, process vs result and the clashes
it implies, motivations by source text, and how the pairing went. Every
chart can turn into plain sentences (``t``) for a screen reader."""

from __future__ import annotations

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.widget import Widget
from textual.widgets import Footer, Header, Label, Static
from textual.worker import Worker, WorkerState

from matchmaker.core.errors import UserError
from matchmaker.core.overview import SIDE_WORDS, RoomOverview, people
from matchmaker.pairing.round_review import RoundReview, tables
from matchmaker.pairing.seating import Seating
from matchmaker.render.markdown import overview_markdown
from matchmaker.service.session import export
from matchmaker.ui.base import AppScreen, user_error
from matchmaker.ui.board import slug
from matchmaker.widgets.bar_chart import Bar, BarChart, Chart
from matchmaker.widgets.market_chart import MarketChart

MARKET_ROWS = 12  # the most wanted topics charted until ``a`` shows them all
WIDE = 110  # columns from which the room's charts sit side by side


def heading(text: str) -> Label:
    return Label(Content(text), classes="heading")


def line(text: str, classes: str = "hint") -> Static:
    return Static(Content(text), classes=classes)


class OverviewScreen(AppScreen[None]):
    BINDINGS = [
        Binding("t", "text_only", "Text / charts"),
        Binding("a", "all_topics", "All topics"),
        Binding("e", "export", "Export md"),
        Binding("escape", "back", "Back"),
    ]

    def __init__(self, plan: Seating | None = None, round_on_show: int | None = None) -> None:
        """``plan``: rounds planned on the board and not saved yet (reviewed
        with the saved ones); ``round_on_show``: the round to review in detail."""
        super().__init__()
        self.plan = plan
        self.round_on_show = round_on_show
        self.text_only = False
        self.all_topics = False  # every wanted topic in the skills market, not only the top
        self.overview: RoomOverview | None = None

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static("Counting …", id="overview-summary")
        yield VerticalScroll(id="overview")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#overview", VerticalScroll).focus()
        self.count()

    def on_resize(self) -> None:
        self.set_class(self.size.width >= WIDE, "-wide")

    @work(thread=True, exclusive=True, exit_on_error=False, group="overview")
    def count(self) -> tuple[RoomOverview, list[RoundReview], list[str]]:
        session = self.mm.session
        planned = self.plan.rounds if self.plan is not None else ()
        seated = next((r for r in planned if r.number == self.round_on_show), None)
        counted = session.what_counted(seated or (planned[0] if planned else None))
        return session.overview(), session.round_reviews(self.plan), counted

    @on(Worker.StateChanged)
    async def counted(self, message: Worker.StateChanged) -> None:
        if message.worker.group != "overview":
            return
        if message.state is WorkerState.SUCCESS:
            overview, reviews, counted = message.worker.result  # type: ignore[misc]
            await self.show(overview, reviews, counted)
        elif message.state is WorkerState.ERROR:
            error = user_error(message.worker)
            self.mm.report(error)
            self.query_one("#overview-summary", Static).update(Content(str(error)))

    async def show(
        self, overview: RoomOverview, reviews: list[RoundReview], counted: list[str]
    ) -> None:
        self.overview = overview
        self.query_one("#overview-summary", Static).update(Content(overview.summary()))
        box = self.query_one("#overview", VerticalScroll)
        await box.remove_children()
        room = Horizontal(
            Vertical(*self.market(overview), *self.orientation(overview), classes="column"),
            Vertical(*self.motivations(overview), classes="column"),
            id="room",
        )
        tonight = [heading("Tonight"), *(line(note) for note in counted)] if counted else []
        await box.mount_all([room, Vertical(*tonight, *self.pairing(reviews), id="pairing")])
        for chart in self.query(Chart):
            chart.text_only = self.text_only

    # --- the sections --------------------------------------------------------------

    def market(self, overview: RoomOverview) -> list[Widget]:
        wanted = overview.wanted
        parts: list[Widget] = [
            heading("Skills market: the most wanted topics"),
            line("Want to learn vs can teach · ▲ nobody here can teach it", "hint legend"),
            MarketChart(wanted if self.all_topics else wanted[:MARKET_ROWS], id="market"),
        ]
        if len(wanted) > MARKET_ROWS and not self.all_topics:
            more = len(wanted) - MARKET_ROWS
            parts.append(line(f"… and {more} more wanted topics (a shows them all).", "hint more"))
        if wanted:  # (else the chart says nobody wants to learn anything yet)
            parts.append(
                line(overview.unmet_sentence(), "hint unmet" if overview.unmet else "hint")
            )
        return parts

    def orientation(self, overview: RoomOverview) -> list[Widget]:
        spread = overview.orientation
        bars = [
            Bar(
                SIDE_WORDS[side],
                count,
                f"{SIDE_WORDS[side]}: {people(count)}"
                + (f", {100 * count / overview.people:.0f} %." if overview.people else "."),
                note=f"{100 * count / overview.people:3.0f} %" if overview.people else "",
                muted=side == "unknown",
            )
            for side, count in spread.counts().items()
        ]
        return [
            heading("Process or result"),
            BarChart(bars, id="orientation", empty="Nobody here yet.", labels=0.5),
            line(spread.clash_sentence()),
        ]

    def motivations(self, overview: RoomOverview) -> list[Widget]:
        parts: list[Widget] = [heading("Motivations, by source text")]
        every = [m for group in overview.motivations for m in group.counts]
        top = max((m.count for m in every), default=0) or 1  # one scale for every group
        widest = max((Content(m.label).cell_length for m in every), default=0)
        for group in overview.motivations:
            bars = [
                Bar(m.label, m.count, m.sentence(), muted=not m.count, shown=str(m.count))
                for m in group.counts
            ]
            parts += [
                line(group.citation, "subheading"),
                BarChart(
                    bars,
                    id=f"motivations-{group.source}",
                    maximum=top,
                    labels=0.6,
                    label_cells=widest,
                ),
            ]
        parts += [line(note) for note in overview.motivation_notes()]
        return parts

    def pairing(self, reviews: list[RoundReview]) -> list[Widget]:
        parts: list[Widget] = [heading("After pairing")]
        if not reviews:
            parts.append(
                line(
                    "No rounds yet: pair on the board (p on the people list); its plan and "
                    "every saved round are reviewed here."
                )
            )
            return parts
        review = self.detailed(reviews)
        bands = [
            Bar(band, count, review.band_sentence(band, count), muted=not count)
            for band, count in review.bands()
        ]
        parts += [
            line(review.title(), "subheading"),
            line(review.summary(), "summary"),
            line("Table scores", "subheading"),
            BarChart(bands, maximum=max(1, review.tables), id="scores"),
            line("Lowest tables", "subheading"),
            *(line(table.sentence(), "listing") for table in review.lowest),
            line("Warnings seated, by kind", "subheading"),
            BarChart(
                [
                    Bar(w.kind.label, w.count, w.sentence(), note=w.severities(), muted=not w.count)
                    for w in review.warnings
                ],
                maximum=max(1, review.warning_total),
                id="warnings",
            ),
        ]
        if len(reviews) > 1:
            parts += [line("Across rounds: the average table score", "subheading")]
            parts.append(BarChart([self.round_bar(r) for r in reviews], maximum=100, id="rounds"))
        rated = [r for r in reviews if r.rating is not None]
        if rated:  # feedback exists: the average rating per round
            parts += [
                line("Average feedback per round (1-5)", "subheading"),
                BarChart(
                    [
                        Bar(
                            f"Round {r.number}",
                            r.rating or 0,
                            f"Round {r.number}: feedback {r.rating:.1f} of 5 "
                            f"from {len(r.ratings)} ratings.",
                            shown=f"{r.rating:.1f}",
                        )
                        for r in rated
                    ],
                    maximum=5,
                    id="ratings",
                ),
            ]
        return parts

    def detailed(self, reviews: list[RoundReview]) -> RoundReview:
        """The round on show on the board, else the first planned one, else the last saved."""
        for review in reviews:
            if review.number == self.round_on_show:
                return review
        planned = [r for r in reviews if not r.saved]
        return planned[0] if planned else reviews[-1]

    @staticmethod
    def round_bar(review: RoundReview) -> Bar:
        average = review.average or 0
        state = "saved" if review.saved else "planned"
        return Bar(
            f"Round {review.number} ({state})",
            average,
            f"{review.title()}: {review.summary()}",
            shown=f"{average:.0f}",
            note=f"lowest {min(review.scores, default=0)} · {tables(review.tables)}",
        )

    # --- actions ---------------------------------------------------------------------

    def action_text_only(self) -> None:
        self.text_only = not self.text_only
        self.set_class(self.text_only, "-text-only")
        for chart in self.query(Chart):
            chart.text_only = self.text_only

    def action_all_topics(self) -> None:
        if self.overview is None:
            return
        self.all_topics = not self.all_topics
        wanted = self.overview.wanted
        self.query_one("#market", MarketChart).show(
            wanted if self.all_topics else wanted[:MARKET_ROWS]
        )
        for more in self.query(".more"):
            more.display = not self.all_topics

    def action_export(self) -> None:
        if self.overview is None:
            return
        name = self.mm.session.name
        text = overview_markdown(self.overview, f"Overview of {name}")
        try:
            path = export(self.mm.export_dir, f"{slug(name)}-overview", ".md", text)
        except UserError as error:
            self.mm.report(error)
            return
        self.notify(f"Overview exported to {path}", title="Exported", markup=False)

    def action_back(self) -> None:
        self.app.pop_screen()
