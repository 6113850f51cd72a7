"""The flowable story of each receipt kind, for a given layout."""

from __future__ import annotations

from collections.abc import Sequence
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Paragraph, Spacer, Table, TableStyle

from desk_app.common.formatting import date_long, date_time_long, rupiah
from desk_app.counter import receipt_layouts
from desk_app.counter.receipts.flowables import BigText, CopyBanner, Rule
from desk_app.counter.receipts.layouts import LayoutSpec, Styles
from desk_app.counter.receipts.model import ReceiptData
from desk_app.counter.receipts.qr import QrFlowable
from desk_app.counter.receipts.strings import text

CHECKED = "☑"
UNCHECKED = "☐"
GRID = colors.Color(0.55, 0.55, 0.55)

NIK_VISIBLE_DIGITS = 4

Field = tuple[str, str, bool]  # label, plain value, bold


def format_fee(fee_idr: int | None, lang: str) -> str:
    """The official fee line: free, a fixed amount, or a levy computed by formula."""
    if fee_idr is None:
        return text("fee_levy", lang)
    if fee_idr == 0:
        return text("fee_free", lang)
    return rupiah(fee_idr, lang)


def mask_nik(nik: str) -> str:
    """The NIK with all but its last four characters replaced by '*'."""
    nik = nik.strip()
    if not nik:
        return "-"
    if len(nik) <= NIK_VISIBLE_DIGITS:
        return "*" * len(nik)
    hidden = len(nik) - NIK_VISIBLE_DIGITS
    return "*" * hidden + nik[hidden:]


def esc(value: str) -> str:
    """Paragraph markup for plain user text; newlines become line breaks."""
    return escape(value.strip()).replace("\n", "<br/>") or "-"


class StoryBuilder:
    """Builds the list of flowables of one receipt."""

    def __init__(self, data: ReceiptData, spec: LayoutSpec, st: Styles) -> None:
        self.data = data
        self.spec = spec
        self.st = st
        self.lang = data.language
        self.story: list[Flowable] = []

    def t(self, key: str, **values: object) -> str:
        """A translated label."""
        return text(key, self.lang, **values)

    def add(self, *items: Flowable) -> None:
        """Append flowables."""
        self.story.extend(items)

    def para(self, markup: str, style_name: str = "body") -> Paragraph:
        """A paragraph in one of the layout's styles."""
        return Paragraph(markup, getattr(self.st, style_name))

    def rule(self, *, strong: bool = False) -> None:
        """A separator: dashed on thermal rolls; on paper only the strong header rule."""
        if self.spec.thermal:
            self.add(Rule(1.2 if strong else 0.6, dashed=not strong, pad=2.5))
        elif strong:
            self.add(Rule(1.6, pad=4))
        else:
            self.add(Spacer(1, 5))

    # --- blocks -------------------------------------------------------------------------

    def header(self) -> None:
        """Province line, office name, address and area code."""
        d = self.data
        self.add(self.para(esc(self.t("gov_header")), "gov"))
        self.add(self.para(esc(d.office_name), "office"))
        area = self.t("area_code", code=d.office_code)
        if self.spec.thermal:
            if d.office_address.strip():
                self.add(self.para(esc(d.office_address), "small_center"))
            self.add(self.para(esc(area), "small_center"))
        else:
            address = f"{d.office_address.strip()} · {area}" if d.office_address.strip() else area
            self.add(self.para(esc(address), "small"))
        self.rule(strong=True)

    def title(self) -> None:
        """Document title and, on reprints, the copy banner."""
        self.add(self.para(esc(self.t(f"title_{self.data.kind}")), "title"))
        self.copy_banner(space_before=4)
        self.add(Spacer(1, 4))

    def copy_banner(self, *, space_before: float) -> None:
        """The "SALINAN / Salinan ke-N" mark when this is a reprint."""
        if self.data.copy_no <= 0:
            return
        self.add(Spacer(1, space_before))
        self.add(
            CopyBanner(
                self.t("copy_mark"),
                self.t("copy_no", n=self.data.copy_no),
                self.spec.title * (2 if self.spec.thermal else 1.6),
                inverse=self.spec.thermal,
            )
        )

    def tracking(self) -> None:
        """Tracking number in large type plus its QR code."""
        spec, d = self.spec, self.data
        small = "small_center" if spec.thermal else "small"
        label = self.para(esc(self.t("tracking_no")), small)
        hint_key = "qr_hint_status" if d.status_url else f"qr_hint_{d.kind}"
        hint = self.para(esc(self.t(hint_key)), small)
        # The check code opens the city's status page; typed by hand when there is no QR URL.
        code = [self.para(f"<b>{esc(self.t('check_code', code=d.check_code))}</b>", small)]
        code = code if d.check_code else []
        if spec.thermal:
            number = BigText(d.tracking_no, spec.tracking_max, spec.tracking_min)
            self.add(label, number, *code, QrFlowable(d.qr_payload, spec.qr_size), hint)
            return
        number = BigText(d.tracking_no, spec.tracking_max, spec.tracking_min, align="LEFT")
        left = [label, Spacer(1, 3), number, Spacer(1, 3), *code, hint]
        qr_col = spec.qr_size + 2 * mm
        table = Table(
            [[left, QrFlowable(d.qr_payload, spec.qr_size)]],
            colWidths=[spec.frame_width - qr_col, qr_col],
        )
        table.setStyle(
            TableStyle(
                [
                    ("BOX", (0, 0), (-1, -1), 0.8, colors.black),
                    ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                    ("LEFTPADDING", (0, 0), (0, 0), 8),
                    ("RIGHTPADDING", (1, 0), (1, 0), 2 * mm),
                    ("LEFTPADDING", (1, 0), (1, 0), 0),
                    ("TOPPADDING", (0, 0), (-1, -1), 2),
                    ("BOTTOMPADDING", (0, 0), (-1, -1), 2),
                ]
            )
        )
        self.add(table, Spacer(1, 6))

    def fields(self, rows: Sequence[Field]) -> None:
        """Label/value pairs: a two-column table, or stacked lines on narrow rolls."""
        spec = self.spec
        if spec.label_width is None:
            for i, (label, value, bold) in enumerate(rows):
                if i:
                    self.add(Spacer(1, 2))
                self.add(self.para(esc(label), "label"))
                self.add(self.para(esc(value), "body_bold" if bold else "body"))
            return
        cells = [
            [
                self.para(esc(label), "label"),
                self.para(esc(value), "body_bold" if bold else "body"),
            ]
            for label, value, bold in rows
        ]
        widths = [spec.label_width, spec.frame_width - spec.label_width]
        table = Table(cells, colWidths=widths, splitInRow=1)  # huge free text may span pages
        pad = 1.0 if spec.thermal else 2.0
        commands: list[tuple[object, ...]] = [
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ("LEFTPADDING", (0, 0), (-1, -1), 0 if spec.thermal else 4),
            ("RIGHTPADDING", (0, 0), (-1, -1), 3),
            ("TOPPADDING", (0, 0), (-1, -1), pad),
            # labels may be set smaller: push them down onto the value's first baseline
            ("TOPPADDING", (0, 0), (0, -1), pad + spec.body - self.st.label.fontSize),
            ("BOTTOMPADDING", (0, 0), (-1, -1), pad + 0.5 * (not spec.thermal)),
        ]
        if not spec.thermal:
            commands.append(("LINEBELOW", (0, 0), (-1, -1), 0.4, GRID))
        table.setStyle(TableStyle(commands))
        self.add(table)

    def applicant_fields(self) -> list[Field]:
        """Service, description (LAINNYA), applicant and masked NIK."""
        d = self.data
        service = f"{d.service_code} – {d.service_name}" if d.service_code else d.service_name
        rows: list[Field] = [(self.t("service"), service, False)]
        if d.description.strip():
            rows.append((self.t("description"), d.description, False))
        rows.append((self.t("applicant"), d.applicant_name, True))
        rows.append((self.t("nik"), mask_nik(d.applicant_nik), False))
        return rows

    def officer_fields(self) -> list[Field]:
        """Officer (with NIP) and time."""
        d = self.data
        officer = d.officer_name.strip()
        if d.officer_nip.strip():
            officer += f"\n{self.t('nip')} {d.officer_nip.strip()}"
        return [
            (self.t("officer"), officer, False),
            (self.t("time"), date_time_long(d.issued_at, self.lang), False),
        ]

    def fee_field(self) -> Field:
        """The official fee."""
        return (self.t("fee"), format_fee(self.data.fee_idr, self.lang), True)

    def checklist(self) -> None:
        """The required documents with their ticks."""
        docs = self.data.documents
        received = sum(1 for doc in docs if doc.received)
        heading = self.t("documents_received", received=received, total=len(docs))
        self.add(self.para(esc(heading), "heading"))
        if not docs:
            self.add(self.para(esc(self.t("no_documents"))))
            return
        if self.spec.thermal:
            for doc in docs:
                bullet = CHECKED if doc.received else UNCHECKED
                self.add(Paragraph(esc(doc.name), self.st.check, bulletText=bullet))
            return
        self.add(self.document_table())

    def document_table(self) -> Table:
        """Numbered checklist table for paper layouts."""
        st = self.st
        status_width = 27 * mm if self.spec.name == receipt_layouts.A4 else 24 * mm
        no_width = 11 * mm
        rows: list[list[object]] = [
            [
                Paragraph(esc(self.t("col_no")), st.body_bold),
                Paragraph(esc(self.t("col_document")), st.body_bold),
                Paragraph(esc(self.t("col_status")), st.body_bold),
            ]
        ]
        for i, doc in enumerate(self.data.documents, start=1):
            status = (
                f"{CHECKED} {self.t('doc_received')}"
                if doc.received
                else f"{UNCHECKED} {self.t('doc_missing')}"
            )
            rows.append(
                [
                    Paragraph(str(i), st.body),
                    Paragraph(esc(doc.name), st.body),
                    Paragraph(esc(status), st.body_bold if doc.received else st.body),
                ]
            )
        widths = [no_width, self.spec.frame_width - no_width - status_width, status_width]
        table = Table(rows, colWidths=widths, repeatRows=1, splitInRow=1)
        table.setStyle(
            TableStyle(
                [
                    ("GRID", (0, 0), (-1, -1), 0.4, GRID),
                    ("BACKGROUND", (0, 0), (-1, 0), colors.Color(0.92, 0.92, 0.92)),
                    ("VALIGN", (0, 0), (-1, -1), "TOP"),
                    ("LEFTPADDING", (0, 0), (-1, -1), 4),
                    ("RIGHTPADDING", (0, 0), (-1, -1), 4),
                    ("TOPPADDING", (0, 0), (-1, -1), 1.5),
                    ("BOTTOMPADDING", (0, 0), (-1, -1), 2.5),
                ]
            )
        )
        return table

    def bullet_list(self, heading: str, items: Sequence[str]) -> None:
        """A heading and a list of unticked boxes."""
        self.add(self.para(esc(heading), "heading"))
        for item in items:
            self.add(Paragraph(esc(item), self.st.check, bulletText=UNCHECKED))

    def statement(self) -> None:
        """The boxed no-other-payment statement."""
        box = Table(
            [[self.para(esc(self.t("no_other_payment")), "notice")]],
            colWidths=[self.spec.frame_width],
        )
        box.setStyle(
            TableStyle(
                [
                    ("BOX", (0, 0), (-1, -1), 1.0, colors.black),
                    ("TOPPADDING", (0, 0), (-1, -1), 3),
                    ("BOTTOMPADDING", (0, 0), (-1, -1), 4),
                    ("LEFTPADDING", (0, 0), (-1, -1), 4),
                    ("RIGHTPADDING", (0, 0), (-1, -1), 4),
                ]
            )
        )
        self.add(Spacer(1, 6), box)

    def complaint(self) -> None:
        """The SP4N-LAPOR! complaint channel."""
        self.add(Spacer(1, 4), self.para(esc(self.t("complaint")), "notice"))

    def signatures(self, columns: Sequence[tuple[str, str, str]]) -> None:
        """Signature spaces: (role, name, sub-line) per column."""
        st = self.st
        gap = {receipt_layouts.A4: 16 * mm, receipt_layouts.A5: 11 * mm}.get(
            self.spec.name, 12 * mm
        )
        cells = [
            [
                Paragraph(esc(role), st.small_center),
                Spacer(1, gap),
                Paragraph(esc(f"( {name.strip() or ' ' * 20} )"), st.small_center),
                *([Paragraph(esc(sub), st.small_center)] if sub else []),
            ]
            for role, name, sub in columns
        ]
        width = self.spec.frame_width / len(columns)
        table = Table([cells], colWidths=[width] * len(columns))
        table.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP")]))
        self.add(Spacer(1, 8), table)


def build_story(data: ReceiptData, spec: LayoutSpec, st: Styles) -> list[Flowable]:
    """All flowables of the receipt described by `data`, top to bottom."""
    b = StoryBuilder(data, spec, st)
    b.header()
    b.title()
    b.tracking()
    b.rule()
    nip = f"NIP {data.officer_nip}" if data.officer_nip.strip() else ""
    officer_sign = (b.t("sign_officer"), data.officer_name, nip)
    signs: list[tuple[str, str, str]] = []
    if data.kind == "intake":
        b.fields(b.applicant_fields())
        b.checklist()
        b.rule()
        due = (
            date_long(data.due_date, b.lang, weekday=True) if data.due_date else b.t("due_unknown")
        )
        if data.pending_documents:  # the SLA counts from the day the file is complete
            b.bullet_list(b.t("missing_documents"), data.pending_documents)
            due = b.t("due_when_complete")
        b.fields([(b.t("due_date"), due, True), b.fee_field(), *b.officer_fields()])
        b.statement()
        if not spec.thermal:
            signs = [(b.t("sign_applicant"), data.applicant_name, ""), officer_sign]
    elif data.kind == "handover":
        recipient = data.recipient_name.strip() or data.applicant_name
        rows = [*b.applicant_fields(), (b.t("recipient"), recipient, True)]
        b.fields([*rows, b.fee_field(), *b.officer_fields()])
        b.statement()
        signs = [(b.t("sign_recipient"), recipient, ""), officer_sign]
    else:
        b.fields([*b.applicant_fields(), *b.officer_fields()])
        b.add(b.para(esc(b.t("reason")), "heading"), b.para(esc(data.reason)))
        if data.missing_documents:
            b.bullet_list(b.t("missing_documents"), data.missing_documents)
        b.add(b.para(esc(b.t("next_steps_title")), "heading"), b.para(esc(b.t("next_steps"))))
        b.rule()
        if not spec.thermal:
            signs = [officer_sign]
    b.complaint()
    if signs:
        b.signatures(signs)
    if spec.thermal:
        b.copy_banner(space_before=6)
    return b.story
