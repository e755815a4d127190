"""The Word ledger of a period's records (纪实): a cover page, a table of contents
(a TOC field Word fills in when the document is opened or the field updated),
then per activity its summary, figures and up to four of its photos, each on its
own page."""

import io
from collections.abc import Callable

from django.utils import formats, timezone
from django.utils.translation import gettext as _
from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt

from activities import ledger_selectors as activity_ledger

from .ledgers import Period, Scope

PHOTO_WIDTH = Cm(7.5)


def _toc(document) -> None:
    """A TOC field over the headings, with a line to show until it is updated."""
    paragraph = document.add_paragraph()
    run = paragraph.add_run()
    begin = OxmlElement("w:fldChar")
    begin.set(qn("w:fldCharType"), "begin")
    begin.set(qn("w:dirty"), "true")
    instruction = OxmlElement("w:instrText")
    instruction.set(qn("xml:space"), "preserve")
    instruction.text = 'TOC \\o "1-2" \\h \\z \\u'
    separate = OxmlElement("w:fldChar")
    separate.set(qn("w:fldCharType"), "separate")
    placeholder = OxmlElement("w:t")
    placeholder.text = _("Update the field (F9) to show the table of contents.")
    end = OxmlElement("w:fldChar")
    end.set(qn("w:fldCharType"), "end")
    for element in (begin, instruction, separate, placeholder, end):
        run._r.append(element)
    # Ask Word to update the fields when it opens the document.
    settings = document.settings.element
    update = OxmlElement("w:updateFields")
    update.set(qn("w:val"), "true")
    settings.append(update)


def _cover(document, *, period: Period, scope: Scope) -> None:
    for _blank in range(6):
        document.add_paragraph()
    title = document.add_paragraph(_("Records of the activities"), style="Title")
    title.alignment = WD_ALIGN_PARAGRAPH.CENTER
    for line in (
        period.label,
        scope.label,
        formats.date_format(timezone.localdate(), "DATE_FORMAT"),
    ):
        paragraph = document.add_paragraph(line)
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
        paragraph.runs[0].font.size = Pt(16)
    document.add_page_break()


def _figures(entry) -> str:
    rating = (
        _("%(average).1f from %(count)s ratings")
        % {"average": entry.rating_average, "count": entry.rating_count}
        if entry.rating_average is not None
        else _("no ratings")
    )
    return _(
        "Registered: %(registered)s · Attended: %(attended)s · Rating: %(rating)s"
    ) % {
        "registered": entry.registered,
        "attended": entry.attended,
        "rating": rating,
    }


def _photos(document, photos) -> int:
    """Add the photos two to a line; return how many were added (a missing file
    is left out)."""
    added, paragraph = 0, None
    for photo in photos:
        try:
            with photo.image.storage.open(photo.image.name, "rb") as file:
                data = io.BytesIO(file.read())
        except OSError:
            continue
        if added % 2 == 0:
            paragraph = document.add_paragraph()
        paragraph.add_run().add_picture(data, width=PHOTO_WIDTH)
        paragraph.add_run(" ")
        added += 1
    return added


def ledger_document(
    *, period: Period, scope: Scope, progress: Callable[[int], None] | None = None
) -> bytes:
    """The Word document of the published records of ``period`` in ``scope``;
    ``progress`` hears the percentage done after each record."""
    entries = list(
        activity_ledger.record_ledger(
            start=period.start, end=period.end, **scope.filters()
        )
    )
    document = Document()
    _cover(document, period=period, scope=scope)
    document.add_heading(_("Contents"), level=1)
    _toc(document)
    document.add_page_break()
    if not entries:
        document.add_paragraph(_("No activity of this period has a published record."))
    for number, entry in enumerate(entries, start=1):
        activity = entry.record.activity
        document.add_heading(activity.title, level=1)
        when = timezone.localtime(activity.starts_at)
        place = activity.venue.name if activity.venue_id else activity.location
        document.add_paragraph(
            " · ".join(
                part
                for part in (
                    formats.date_format(when, "DATETIME_FORMAT"),
                    place,
                    activity.team.name if activity.team_id else "",
                )
                if part
            )
        )
        document.add_paragraph(_figures(entry))
        document.add_paragraph(entry.record.summary)
        _photos(document, entry.photos)
        if number < len(entries):
            document.paragraphs[-1].add_run().add_break(WD_BREAK.PAGE)
        if progress is not None:
            progress(number * 100 // len(entries))
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()
