"""Charts drawn on the server as SVG: they need no script, and screen readers get a title,
a description and (on the page) a table of the same numbers.

Every piece of text that comes from documents or the register goes through `markupsafe.escape`;
the result is `Markup` so that the templates insert it as it is and escape nothing twice.
"""

from __future__ import annotations

import datetime
import functools
import math
from collections import Counter
from collections.abc import Callable, Iterable

import networkx
from markupsafe import Markup, escape

from testimonia.correspondence import Correspondence, Network

_LANE_LABEL_WIDTH = 150

# The charts carry their own look, so they read the same on every page and in a saved file.
# Direction is told by lane and by shape as well as colour (held: filled; missing: hollow, dashed).
_STYLE = (
    "<style>"
    "text{font:12px system-ui,sans-serif;fill:#222}"
    ".axis,.lane,.tick{stroke:#777;stroke-width:1}"
    ".bar{fill:#3b6ea5}.bar:hover{fill:#1d4f86}"
    ".gap{fill:#f2e6c9}"
    ".reply{stroke:#999;stroke-width:1.2}"
    ".letter{stroke:#222;stroke-width:1}.letter-a_to_b{fill:#3b6ea5}.letter-b_to_a{fill:#b5562a}"
    ".letter-link:focus .letter,.letter-link:hover .letter{stroke-width:3}"
    ".letter-missing{fill:#fff;stroke:#b00020;stroke-width:2;stroke-dasharray:3 2}"
    ".missing-span{stroke:#b00020;stroke-width:1;stroke-dasharray:4 3}"
    ".edge-letter{stroke:#3b6ea5;opacity:.8}.arrow{fill:#3b6ea5}"
    ".edge-mention{stroke:#888;stroke-dasharray:5 4;opacity:.7}"
    ".node-correspondent{fill:#b5562a;stroke:#222}.node-person{fill:#e8d9a8;stroke:#555}"
    ".node-link:focus circle,.node-link:hover circle{stroke-width:3}"
    ".node-label{font-size:11px}"
    "</style>"
)


def _svg(element_id: str, width: int, height: int, title: str, desc: str, body: Iterable[str]) -> Markup:
    return Markup(
        f'<svg id="{element_id}" class="chart" role="img" aria-labelledby="{element_id}-title '
        f'{element_id}-desc" viewBox="0 0 {width} {height}" width="100%" preserveAspectRatio="xMinYMin meet"'
        f' xmlns="http://www.w3.org/2000/svg">'
        f'<title id="{element_id}-title">{escape(title)}</title>'
        f'<desc id="{element_id}-desc">{escape(desc)}</desc>{_STYLE}' + "".join(body) + "</svg>")


# -- mentions by year ----------------------------------------------------------------------


def mention_timeline(years: list[tuple[int | None, int]], name: str) -> Markup:
    """Bars of mentions per year, every year of the span shown (empty years too)."""
    dated = {year: count for year, count in years if year is not None}
    undated = sum(count for year, count in years if year is None)
    width, height, left, bottom, top = 640, 180, 40, 30, 12
    title = f"Mentions of {name} by year"
    if not dated:
        desc = f"No dated mentions; {undated} in undated documents."
        return _svg("mention-timeline", width, 60, title, desc,
                    [f'<text x="10" y="35" class="chart-note">{escape(desc)}</text>'])
    first, last = min(dated), max(dated)
    span = last - first + 1
    most = max(dated.values())
    # A short span keeps bars of a reading width rather than one bar across the whole chart.
    slot = min((width - left - 10) / span, 48.0)
    bar = max(slot * 0.8, 1.0)
    base = height - bottom
    body = [f'<line class="axis" x1="{left}" y1="{base}" x2="{width - 10}" y2="{base}"/>',
            f'<text class="axis-label" x="{left - 6}" y="{top + 8}" text-anchor="end">{most}</text>']
    step = max(1, math.ceil(span / 12))
    for index, year in enumerate(range(first, last + 1)):
        x = left + index * slot
        count = dated.get(year, 0)
        if count:
            h = (height - bottom - top) * count / most
            body.append(f'<rect class="bar" x="{x:.1f}" y="{height - bottom - h:.1f}" width="{bar:.1f}"'
                        f' height="{h:.1f}"><title>{year}: {count} mention{"s" * (count != 1)}'
                        '</title></rect>')
        if index % step == 0 or year == last:
            body.append(f'<text class="axis-label" x="{x + bar / 2:.1f}" y="{height - bottom + 16}"'
                        f' text-anchor="middle">{year}</text>')
    desc = (f"{sum(dated.values())} dated mentions from {first} to {last}, most in "
            f"{max(dated, key=lambda y: (dated[y], -y))} ({most})"
            + (f"; {undated} more in undated documents." if undated else "."))
    return _svg("mention-timeline", width, height, title, desc, body)


# -- the letters between two people --------------------------------------------------------


def correspondence_timeline(c: Correspondence) -> Markup:
    """Two lanes, one per direction: a mark per letter, reply lines, gap bands, missing letters."""
    width, height = 900, 230
    lanes = {"a_to_b": 70, "b_to_a": 160}
    middle = (lanes["a_to_b"] + lanes["b_to_a"]) / 2
    title = f"Letters between {c.a.name} and {c.b.name}"
    days = _all_days(c)
    if not days:
        desc = "No dated letters between them."
        return _svg("correspondence-timeline", width, 60, title, desc,
                    [f'<text x="10" y="35" class="chart-note">{escape(desc)}</text>'])
    low, high = min(days), max(days)
    if high - low < 30:
        low, high = low - 15, high + 15
    left, right = _LANE_LABEL_WIDTH + 10, width - 20

    def x(iso: str) -> float:
        return left + (right - left) * (_ordinal(iso) - low) / (high - low)

    body: list[str] = []
    for gap in c.gaps:
        body.append(f'<rect class="gap" x="{x(gap.start):.1f}" y="30" width="{x(gap.end) - x(gap.start):.1f}"'
                    f' height="{height - 70}"><title>{gap.days} days without a letter, {escape(gap.start)}'
                    f' to {escape(gap.end)}</title></rect>')
    for direction, y in lanes.items():
        sender, addressee = (c.a, c.b) if direction == "a_to_b" else (c.b, c.a)
        body.append(f'<line class="lane" x1="{left}" y1="{y}" x2="{right}" y2="{y}"/>'
                    f'<text class="lane-label" x="{left - 10}" y="{y + 4}" text-anchor="end">'
                    f'{escape(_short(sender.name))} → {escape(_short(addressee.name))}</text>')
    positions = {letter.document_id: letter for letter in c.letters if letter.date}
    for letter in c.letters:
        answer = positions.get(letter.reply_to or "")
        if letter.date and answer and answer.date:
            body.append(f'<line class="reply" x1="{x(letter.date):.1f}" y1="{lanes[letter.direction]}"'
                        f' x2="{x(answer.date):.1f}" y2="{lanes[answer.direction]}">'
                        f'<title>answered after {letter.reply_days} days</title></line>')
    for letter in c.letters:
        if not letter.date:
            continue
        label = f"{letter.date_text or letter.date}" + (f", {letter.place}" if letter.place else "")
        body.append(f'<a href="/documents/{escape(letter.document_id)}" class="letter-link">'
                    f'<circle class="letter letter-{letter.direction}" cx="{x(letter.date):.1f}"'
                    f' cy="{lanes[letter.direction]}" r="7"><title>{escape(label)}</title></circle></a>')
    # undated missing letters cited together ("your two letters") share a window: spread them over it
    windows = Counter((m.direction, m.after, m.before) for m in c.missing if m.date is None)
    placed: Counter[tuple[str | None, str | None, str | None]] = Counter()
    for missing in c.missing:
        y = lanes[missing.direction] if missing.direction else middle
        window = (missing.direction, missing.after, missing.before)
        if missing.date is None:
            placed[window] += 1
        day = missing.date or _within(missing.after, missing.before, placed[window], windows[window])
        if day is None:
            continue
        tip = f"missing letter, cited in a letter of {missing.before or 'unknown date'}: “{missing.quote}”"
        if missing.date is None:
            start = missing.after or missing.before or day
            body.append(f'<line class="missing-span" x1="{x(start):.1f}" y1="{y}"'
                        f' x2="{x(missing.before or day):.1f}" y2="{y}"/>')
        body.append(f'<circle class="letter-missing" cx="{x(day):.1f}" cy="{y}" r="7">'
                    f'<title>{escape(tip)}</title></circle>')
    body.extend(_year_ticks(low, high, x, height - 25))
    from_a = sum(1 for letter in c.letters if letter.direction == "a_to_b")
    desc = (f"{len(c.letters)} letters: {from_a} from {c.a.name}, {len(c.letters) - from_a} from {c.b.name}; "
            f"{len(c.gaps)} long silences; {len(c.missing)} letters referred to but missing.")
    return _svg("correspondence-timeline", width, height, title, desc, body)


def _all_days(c: Correspondence) -> list[int]:
    days = [letter.date for letter in c.letters if letter.date]
    days += [d for m in c.missing for d in (m.date, m.after, m.before) if d]
    return [_ordinal(day) for day in days]


def _year_ticks(low: int, high: int, x: Callable[[str], float], y: int) -> list[str]:
    """Ticks at the turn of each year; within two years, at the turn of each month or few."""
    opens, closes = datetime.date.fromordinal(low), datetime.date.fromordinal(high)
    if (high - low) > 2 * 366:
        marks = [(f"{year}-01-01", str(year)) for year in range(opens.year + 1, closes.year + 1)]
    else:
        marks = []
        year, month = opens.year, opens.month
        while (year, month) <= (closes.year, closes.month):
            if datetime.date(year, month, 1) > opens:
                marks.append((f"{year}-{month:02d}-01", f"{year}-{month:02d}"))
            year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    step = max(1, math.ceil(len(marks) / 10))
    ticks = []
    for day, label in marks[::step]:
        position = x(day)
        ticks.append(f'<line class="tick" x1="{position:.1f}" y1="{y - 6}" x2="{position:.1f}" y2="{y}"/>'
                     f'<text class="axis-label" x="{position:.1f}" y="{y + 14}"'
                     f' text-anchor="middle">{label}</text>')
    return ticks


def _within(after: str | None, before: str | None, number: int, of: int) -> str | None:
    """The `number`-th of `of` days spread evenly between `after` and `before`."""
    if after and before:
        low, high = _ordinal(after), _ordinal(before)
        return datetime.date.fromordinal(low + (high - low) * number // (of + 1)).isoformat()
    return before or after


def _ordinal(iso: str) -> int:
    return datetime.date.fromisoformat(iso[:10]).toordinal()


def _short(name: str, size: int = 22) -> str:
    return name if len(name) <= size else name[: size - 1] + "…"


# -- the network -----------------------------------------------------------------------------


def network_graph(network: Network) -> Markup:
    """Correspondents and people as nodes; letters as arrows, mentions together as dashed lines.

    The spring layout is seeded, so the same archive always gives the same picture.
    """
    width, margin = 900, 50
    title = "Who wrote to whom, and who is mentioned with whom"
    if not network.nodes:
        desc = "No letters and no mentions of people yet."
        return _svg("network", width, 60, title, desc,
                    [f'<text x="10" y="35" class="chart-note">{escape(desc)}</text>'])
    edges = {(edge.sender.key, edge.addressee.key): 2.0 + edge.letters for edge in network.letters}
    for mention in network.mentioned_with:
        if (mention.a, mention.b) not in edges and (mention.b, mention.a) not in edges:
            edges[(mention.a, mention.b)] = 0.5 + mention.documents / 4
    placed, height = _layout(tuple(node.key for node in network.nodes),
                             tuple((a, b, weight) for (a, b), weight in edges.items()), width, margin)
    positions = dict(placed)

    def point(key: str) -> tuple[float, float]:
        return positions[key]

    names = {node.key: node.name for node in network.nodes}
    sizes = {node.key: 5 + 2.5 * math.sqrt(node.sent + node.received + node.mentions)
             for node in network.nodes}
    body = ['<defs><marker id="arrow" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="7"'
            ' markerHeight="7" orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" class="arrow"/>'
            '</marker></defs>']
    for mention in network.mentioned_with:
        (x1, y1), (x2, y2) = point(mention.a), point(mention.b)
        first, second = names.get(mention.a, mention.a), names.get(mention.b, mention.b)
        body.append(f'<line class="edge-mention" x1="{x1:.1f}" y1="{y1:.1f}" x2="{x2:.1f}" y2="{y2:.1f}"'
                    f' stroke-width="{min(1 + mention.documents / 2, 5):.1f}"><title>'
                    f'{escape(first)} and {escape(second)}:'
                    f' mentioned together in {mention.documents} documents</title></line>')
    for edge in network.letters:
        (x1, y1), (x2, y2) = point(edge.sender.key), point(edge.addressee.key)
        length = math.hypot(x2 - x1, y2 - y1) or 1.0
        trim = sizes.get(edge.addressee.key, 6) + 2
        x2, y2 = x2 - (x2 - x1) * trim / length, y2 - (y2 - y1) * trim / length
        body.append(f'<line class="edge-letter" x1="{x1:.1f}" y1="{y1:.1f}" x2="{x2:.1f}" y2="{y2:.1f}"'
                    f' stroke-width="{min(1.5 + edge.letters, 8):.1f}" marker-end="url(#arrow)"><title>'
                    f'{escape(edge.sender.name)} to {escape(edge.addressee.name)}: {edge.letters}'
                    f' letter{"s" * (edge.letters != 1)}</title></line>')
    for node in network.nodes:
        cx, cy = point(node.key)
        kind = "correspondent" if node.sent or node.received else "person"
        shape = (f'<circle class="node node-{kind}" cx="{cx:.1f}" cy="{cy:.1f}" r="{sizes[node.key]:.1f}">'
                 f'<title>{escape(node.name)}: {node.sent} letters sent, {node.received} received,'
                 f' {node.mentions} mentions</title></circle>'
                 f'<text class="node-label" x="{cx:.1f}" y="{cy - sizes[node.key] - 4:.1f}"'
                 f' text-anchor="middle">{escape(_short(node.name, 28))}</text>')
        if node.entity_id:
            shape = f'<a href="/entities/{escape(node.entity_id)}" class="node-link">{shape}</a>'
        body.append(shape)
    desc = (f"{len(network.nodes)} people; {len(network.letters)} directions of letters (arrows, thicker"
            f" for more letters); {len(network.mentioned_with)} pairs mentioned in the same documents"
            " (dashed lines).")
    return _svg("network", width, height, title, desc, body)


@functools.lru_cache(maxsize=16)
def _layout(nodes: tuple[str, ...], edges: tuple[tuple[str, str, float], ...], width: int,
            margin: int) -> tuple[tuple[tuple[str, tuple[float, float]], ...], int]:
    """The seeded layout of one graph, kept: the same archive asks for the same picture again."""
    graph = networkx.Graph()
    graph.add_nodes_from(nodes)
    graph.add_weighted_edges_from(edges)
    positions, height = _pack_components(graph, width, margin)
    return tuple(positions.items()), height


def _pack_components(graph: networkx.Graph, width: int,
                     margin: int) -> tuple[dict[str, tuple[float, float]], int]:
    """Pixel positions for every node, and the height they need.

    One spring layout over the whole graph throws unconnected groups to the edges and
    crowds each group into a corner; so each connected group gets its own seeded layout in a
    square cell sized by its number of people, and the cells are laid in rows.
    """
    groups = sorted((sorted(group) for group in networkx.connected_components(graph)),
                    key=lambda group: (-len(group), group[0]))
    sides = [math.sqrt(len(group)) for group in groups]
    row_width = max(max(sides), math.sqrt(sum(len(group) for group in groups)) * 1.4)
    cells: list[tuple[float, float, float]] = []  # left, top, side, in units
    left = top = row_height = 0.0
    for side in sides:
        if left + side > row_width + 1e-9:
            left, top, row_height = 0.0, top + row_height, 0.0
        cells.append((left, top, side))
        left += side
        row_height = max(row_height, side)
    unit = (width - 2 * margin) / row_width
    positions: dict[str, tuple[float, float]] = {}
    for group, (cell_left, cell_top, side) in zip(groups, cells, strict=True):
        inner = side * unit * 0.8  # a tenth of the cell each side keeps groups apart
        x0, y0 = margin + (cell_left + side * 0.1) * unit, margin + (cell_top + side * 0.1) * unit
        if len(group) <= 2:  # one or two people need no layout: side by side across the cell
            for index, key in enumerate(group):
                positions[key] = (x0 + inner * (index + 1) / (len(group) + 1), y0 + inner / 2)
            continue
        layout = networkx.spring_layout(graph.subgraph(group), seed=7, k=1.2 / math.sqrt(len(group)))
        xs, ys = [p[0] for p in layout.values()], [p[1] for p in layout.values()]
        span_x, span_y = (max(xs) - min(xs)) or 1.0, (max(ys) - min(ys)) or 1.0
        for key, (px, py) in layout.items():
            positions[key] = (x0 + inner * (px - min(xs)) / span_x, y0 + inner * (py - min(ys)) / span_y)
    height = int(2 * margin + (top + row_height) * unit)
    return positions, max(height, 160)
