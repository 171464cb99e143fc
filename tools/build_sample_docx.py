#!/usr/bin/env python3
"""Build the DOCX sample of testimonia's bundled corpus.

    python tools/build_sample_docx.py            # writes src/testimonia/samples/<name>.docx
    python tools/build_sample_docx.py --check    # exit 1 if the committed file is stale
    python tools/build_sample_docx.py -o out.docx

The letters are invented (see src/testimonia/samples/README.md); the gold for them is in
src/testimonia/samples/MANIFEST.json, which must be edited with the text below.

python-docx cannot author footnotes, so the script adds them itself: a `word/footnotes.xml`
part related to the main document (python-docx writes the relationship and the content-type
override for it) and a `<w:footnoteReference>` run at each marker.

The output is byte-for-byte reproducible: the core properties are fixed, and the package is
rewritten with fixed zip timestamps and permissions (python-docx stamps the current time).
"""

from __future__ import annotations

import argparse
import datetime as dt
import io
import sys
import zipfile
from pathlib import Path

from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.opc.constants import CONTENT_TYPE as CT
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.packuri import PackURI
from docx.opc.part import Part
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Pt
from docx.text.paragraph import Paragraph

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT / "src" / "testimonia" / "samples"
OUTPUT = SAMPLES / "en_kostrov_karaganda_letters_1953-54.docx"

# Fixed metadata, so that every build gives the same bytes.
FIXED_TIME = dt.datetime(2024, 1, 1, 0, 0, 0, tzinfo=dt.UTC)
ZIP_TIME = (1980, 1, 1, 0, 0, 0)

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"

TITLE = "Letters from Karaganda, 1953–1954"
PROVENANCE = "From the Kostrov family archive."
CREDIT = "Translated from the Russian by Margaret Ellory."

# A body paragraph is a list of segments: plain text, ("i", text) for italics, or
# ("fn", id) for a footnote marker.
Segment = str | tuple[str, str]

LETTERS: list[dict[str, object]] = [
    {
        "heading": "Matvei Kostrov to Anna Kostrova",
        "dateline": "Karaganda, November 15, ’53",
        "salutation": "My dearest Anya,",
        "body": [
            [
                "Your parcel came on the 10th, and everything in it was whole, even the jar of "
                "cherry jam, which travelled four thousand kilometres wrapped in Nina’s old "
                "school scarf and arrived without a crack. I eat one spoonful a day and make it "
                "last like a good book. On alternate Mondays I still report to the komendatura; "
                "the lieutenant there has begun to nod to me, which in these parts counts as an "
                "event."
            ],
            [
                "Since the spring everyone here has been waiting, and nobody says for what. The "
                "older men, those who were taken in the late thirties as I was, count on their "
                "fingers in the evenings and write petitions in pencil, so that they can rub out "
                "the adjectives. I have written mine too.",
                ("fn", "1"),
                " Semyon says that a petition is like a message in a bottle: you throw it into "
                "the sea and try not to stand on the shore watching.",
            ],
            [
                "The settlement library receives the autumn numbers of ",
                ("i", "Novy Mir"),
                " only two months late, and a battered ",
                ("i", "Dead Souls"),
                " goes from hand to hand until the pages fall out. Gogol is the only writer who "
                "could have described our komendatura; he would not have needed to invent a "
                "thing.",
            ],
            [
                "Tell Nina that I have read her letter about the wedding four times, and that I "
                "approve of her Kolya on the strength of one sentence: that he argued with her "
                "about a dam and lost politely. An engineer who can lose an argument politely "
                "will go far. Tell her too that I shall be there, one way or another, if only as "
                "a letter read aloud at the table."
            ],
        ],
        "closing": "I kiss you both,",
        "signature": "Your Motya",
    },
    {
        "heading": "Anna Kostrova to Matvei Kostrov",
        "dateline": "Moscow, 30 January 1954",
        "salutation": "Motya, my dear,",
        "body": [
            [
                "On Thursday I took your petition and mine to the Procurator’s office on "
                "Pushkinskaya",
                ("fn", "2"),
                " and sat for three hours in a corridor painted the colour of weak tea. There "
                "were perhaps forty of us, mostly women, mostly my age, all holding the same kind "
                "of folder against our chests as if someone might snatch it away. A young "
                "assistant procurator, polite and very tired, took the papers, wrote a number in "
                "the corner and said the words “under review.” I have not heard those words in "
                "sixteen years. I walked all the way home in the snow and did not feel the cold.",
            ],
            [
                "Nina’s wedding is fixed for the 12th of June. She teaches at an evening school "
                "now and has just given her first lesson on ",
                ("i", "A Hero of Our Time"),
                ", and she says, with your stubbornness, that she will not choose a dress "
                "until she knows whether you will be allowed to come. Kolya says nothing and "
                "carries everything, which I begin to think is a rare gift.",
            ],
            [
                "Mother has been ill with her chest since the New Year, but she is better, and "
                "scolds me again, which is how I know. She sends you a pair of socks she knitted "
                "lying in bed, one a little longer than the other. Wear them both anyway."
            ],
            [
                "Do not hope too much, Motya. And do not stop hoping. I am learning to do both "
                "at once; it can be done."
            ],
        ],
        "closing": "Always yours,",
        "signature": "Anya",
    },
]

FOOTNOTES: dict[str, str] = {
    "1": "Matvei Kostrov’s petition for a review of his case, dated 2 November 1953, survives "
    "in the family archive. It was answered only in 1956.",
    "2": "The USSR Procurator’s Office, which received petitions for the review of political "
    "cases, stood at 15a Pushkinskaya Street (now Bolshaya Dmitrovka).",
}


def _footnotes_xml(notes: dict[str, str]) -> bytes:
    """The footnotes part: Word's two separator notes, then one note per entry."""

    def esc(text: str) -> str:
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")

    spacing = '<w:pPr><w:spacing w:after="0" w:line="240" w:lineRule="auto"/></w:pPr>'
    parts = [
        "<?xml version='1.0' encoding='UTF-8' standalone='yes'?>\n",
        f'<w:footnotes xmlns:w="{W_NS}">',
        f'<w:footnote w:type="separator" w:id="-1"><w:p>{spacing}'
        "<w:r><w:separator/></w:r></w:p></w:footnote>",
        f'<w:footnote w:type="continuationSeparator" w:id="0"><w:p>{spacing}'
        "<w:r><w:continuationSeparator/></w:r></w:p></w:footnote>",
    ]
    for note_id, text in notes.items():
        parts.append(
            f'<w:footnote w:id="{note_id}"><w:p>'
            '<w:r><w:rPr><w:vertAlign w:val="superscript"/><w:sz w:val="20"/></w:rPr>'
            "<w:footnoteRef/></w:r>"
            '<w:r><w:rPr><w:sz w:val="20"/></w:rPr>'
            f'<w:t xml:space="preserve"> {esc(text)}</w:t></w:r>'
            "</w:p></w:footnote>"
        )
    parts.append("</w:footnotes>")
    return "".join(parts).encode("utf-8")


def _add_footnote_reference(paragraph: Paragraph, note_id: str) -> None:
    run = paragraph.add_run()
    r_pr = run._r.get_or_add_rPr()
    vert = OxmlElement("w:vertAlign")
    vert.set(qn("w:val"), "superscript")
    r_pr.append(vert)
    ref = OxmlElement("w:footnoteReference")
    ref.set(qn("w:id"), note_id)
    run._r.append(ref)


def build() -> bytes:
    """The DOCX package as bytes."""
    doc = Document()
    normal = doc.styles["Normal"]
    normal.font.name = "Times New Roman"
    normal.font.size = Pt(12)

    props = doc.core_properties
    props.title = TITLE
    props.author = ""  # the letters' writers are in the text; the file has no author
    props.last_modified_by = ""
    props.comments = "Invented sample letters for testimonia. CC0 1.0."
    props.subject = "Sample corpus"
    props.language = "en-GB"
    props.keywords = "testimonia; sample; letters; invented"
    props.revision = 1
    props.created = FIXED_TIME
    props.modified = FIXED_TIME

    doc.add_heading(TITLE, level=1)
    doc.add_paragraph(PROVENANCE)
    doc.add_paragraph(CREDIT)

    for letter in LETTERS:
        doc.add_heading(str(letter["heading"]), level=2)
        dateline = doc.add_paragraph(str(letter["dateline"]))
        dateline.alignment = WD_ALIGN_PARAGRAPH.RIGHT
        doc.add_paragraph(str(letter["salutation"]))
        body: list[list[Segment]] = letter["body"]  # type: ignore[assignment]
        for segments in body:
            paragraph = doc.add_paragraph()
            for segment in segments:
                if isinstance(segment, str):
                    paragraph.add_run(segment)
                elif segment[0] == "i":
                    paragraph.add_run(segment[1]).italic = True
                elif segment[0] == "fn":
                    _add_footnote_reference(paragraph, segment[1])
                else:
                    raise ValueError(f"unknown segment {segment!r}")
        doc.add_paragraph(str(letter["closing"]))
        doc.add_paragraph(str(letter["signature"]))

    footnotes = Part(
        PackURI("/word/footnotes.xml"),
        CT.WML_FOOTNOTES,
        _footnotes_xml(FOOTNOTES),
        doc.part.package,
    )
    doc.part.relate_to(footnotes, RT.FOOTNOTES)

    raw = io.BytesIO()
    doc.save(raw)
    return _normalise_zip(raw.getvalue())


def _normalise_zip(data: bytes) -> bytes:
    """Rewrite the package with fixed timestamps and attributes, members in their order."""
    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(data)) as src,
        zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as dst,
    ):
        for info in src.infolist():
            member = zipfile.ZipInfo(info.filename, date_time=ZIP_TIME)
            member.compress_type = zipfile.ZIP_DEFLATED
            member.create_system = 0
            member.external_attr = 0o600 << 16
            dst.writestr(member, src.read(info.filename), compresslevel=9)
    return out.getvalue()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-o", "--output", type=Path, default=OUTPUT)
    parser.add_argument(
        "--check", action="store_true", help="compare with the file on disk instead of writing"
    )
    args = parser.parse_args(argv)
    data = build()
    if args.check:
        current = args.output.read_bytes() if args.output.exists() else b""
        if current != data:
            print(f"{args.output} is stale: run tools/build_sample_docx.py", file=sys.stderr)
            return 1
        print(f"{args.output} is up to date")
        return 0
    args.output.write_bytes(data)
    print(f"wrote {args.output} ({len(data)} bytes)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
