"""Receipt PDFs: content, wrapping inside the printable width, QR payload, reprints, English."""

from __future__ import annotations

import io
import re
from collections.abc import Callable
from datetime import datetime, timedelta, timezone
from typing import Any

import pytest
from pypdf import PdfReader
from qrcode.base import rs_blocks
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas

from desk_app.common.formatting import date_time_long
from desk_app.counter.receipts import LAYOUTS, DocumentLine, ReceiptData, render_receipt
from desk_app.counter.receipts.content import format_fee, mask_nik
from desk_app.counter.receipts.fonts import BOLD, REGULAR, ensure_fonts, has_glyph
from desk_app.counter.receipts.layouts import SPECS
from desk_app.counter.receipts.qr import MARK_TAG, build_qr
from desk_app.counter.receipts.strings import STRINGS
from tests.receipt_data import DOCS, NIK, TRACKING, receipt

KINDS = ("intake", "handover", "rejection")
STATEMENT = (
    "Layanan ini tidak dipungut biaya selain yang tercantum. "
    "Petugas dilarang menerima imbalan dalam bentuk apa pun."
)
LONG_NAME = "Ni Made Dwi Ayu Sulistyaningsih Saraswati Kusumawardhani Putri"
LONG_WORD = "Kartuidentitasanakyangdilegalisirolehdinaskependudukandanpencatatansipil" * 2
LONG_SERVICE = (
    "Surat Keterangan Pindah Datang Warga Negara Indonesia Antar Kabupaten/Kota atau "
    "Antar Provinsi untuk Keperluan Pendidikan, Pekerjaan, dan Penyatuan Keluarga"
)


def compact(value: str) -> str:
    """Text without any whitespace, to compare phrases that wrap over lines."""
    return re.sub(r"\s+", "", value)


def pdf_text(pdf: bytes) -> str:
    """All extracted text of all pages."""
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)


def assert_has(text: str, *phrases: str) -> None:
    """Every phrase appears in the text (line breaks ignored)."""
    flat = compact(text)
    for phrase in phrases:
        assert compact(phrase) in flat, f"missing {phrase!r}"


def render(data: ReceiptData, layout: str) -> tuple[bytes, str]:
    """PDF bytes and extracted text."""
    pdf = render_receipt(data, layout=layout)
    assert pdf.startswith(b"%PDF-")
    return pdf, pdf_text(pdf)


# --- text geometry -----------------------------------------------------------------------

Box = tuple[int, str, float, float, float, float]  # page, text, x0, y0, x1, y1


def _font_name(font_dict: Any) -> str:
    """Our registered font for an embedded subset name such as /AAAAAA+DejaVuSans-Bold."""
    base = str(font_dict["/BaseFont"]).split("+")[-1]
    return {"DejaVuSans": REGULAR, "DejaVuSans-Bold": BOLD}[base]


def text_boxes(pdf: bytes) -> list[Box]:
    """Every drawn text fragment with the page coordinates of its baseline start and end."""
    ensure_fonts()
    boxes: list[Box] = []
    for index, page in enumerate(PdfReader(io.BytesIO(pdf)).pages):

        def visit(
            text: str, cm: Any, tm: Any, font: Any, size: float, page_no: int = index
        ) -> None:
            content = text.strip()
            if not content:
                return
            a, b, _, _, e, f = (float(v) for v in tm)
            ca, cb, cc, cd, ce, cf = (float(v) for v in cm)
            # text space -> device: tm x cm
            ma, mb = a * ca + b * cc, a * cb + b * cd
            x0, y0 = e * ca + f * cc + ce, e * cb + f * cd + cf
            width = stringWidth(content, _font_name(font), size)
            boxes.append((page_no, content, x0, y0, x0 + ma * width, y0 + mb * width))

        page.extract_text(visitor_text=visit)
    return boxes


def outside_frame(pdf: bytes, left: float, right: float, bottom: float, top: float) -> list[Box]:
    """Fragments whose baseline leaves the rectangle (0.5 pt tolerance)."""
    tol = 0.5
    return [
        box
        for box in text_boxes(pdf)
        if min(box[2], box[4]) < left - tol
        or max(box[2], box[4]) > right + tol
        or min(box[3], box[5]) < bottom - tol
        or max(box[3], box[5]) > top + tol
    ]


def page_sizes(pdf: bytes) -> list[tuple[float, float]]:
    """(width, height) of every page."""
    reader = PdfReader(io.BytesIO(pdf))
    return [(float(p.mediabox.width), float(p.mediabox.height)) for p in reader.pages]


def overflowing(pdf: bytes, layout: str) -> list[Box]:
    """Fragments outside the layout's printable frame on any page."""
    spec = SPECS[layout]
    width, height = page_sizes(pdf)[0]
    return outside_frame(
        pdf, spec.margin_x, width - spec.margin_x, spec.margin_y * 0.4, height - spec.margin_y
    )


# --- QR decoding from the PDF content stream ----------------------------------------------

MASKS: dict[int, Callable[[int, int], bool]] = {
    0: lambda i, j: (i + j) % 2 == 0,
    1: lambda i, j: i % 2 == 0,
    2: lambda i, j: j % 3 == 0,
    3: lambda i, j: (i + j) % 3 == 0,
    4: lambda i, j: (i // 2 + j // 3) % 2 == 0,
    5: lambda i, j: (i * j) % 2 + (i * j) % 3 == 0,
    6: lambda i, j: ((i * j) % 2 + (i * j) % 3) % 2 == 0,
    7: lambda i, j: ((i + j) % 2 + (i * j) % 3) % 2 == 0,
}
ALNUM = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ $%*+-./:"


def qr_modules_from_pdf(pdf: bytes) -> list[list[bool]]:
    """Rebuild the module grid from the rectangles drawn inside the QR marked content."""
    content = PdfReader(io.BytesIO(pdf)).pages[0].get_contents()
    assert content is not None
    stream = content.get_data().decode("latin-1")
    match = re.search(rf"/{MARK_TAG} BMC(.*?)EMC", stream, re.S)
    assert match, "QR marked content not found"
    number = r"(-?[\d.]+)"
    rects = [
        tuple(float(v) for v in m)
        for m in re.findall(rf"{number} {number} {number} {number} re", match.group(1))
    ]
    unit = rects[0][3]
    x0 = min(r[0] for r in rects)
    top = max(r[1] + r[3] for r in rects)
    size = round((max(r[0] + r[2] for r in rects) - x0) / unit)
    grid = [[False] * size for _ in range(size)]
    for x, y, w, h in rects:
        assert h == pytest.approx(unit)
        row = round((top - y - h) / unit)
        first = round((x - x0) / unit)
        for col in range(first, first + round(w / unit)):
            grid[row][col] = True
    return grid


def _format_code(data5: int) -> int:
    """BCH(15,5) format information, masked as in ISO/IEC 18004."""
    value = data5 << 10
    for bit in range(14, 9, -1):
        if value & (1 << bit):
            value ^= 0b10100110111 << (bit - 10)
    return ((data5 << 10) | value) ^ 0b101010000010010


def _reserved(n: int, version: int) -> list[list[bool]]:
    """Function-pattern modules (finders, separators, format, timing, alignment)."""
    grid = [[False] * n for _ in range(n)]
    for r in range(n):
        for c in range(n):
            if (r < 9 and c < 9) or (r < 9 and c >= n - 8) or (r >= n - 8 and c < 9):
                grid[r][c] = True
            if r == 6 or c == 6:
                grid[r][c] = True
            if version >= 2 and abs(r - (n - 7)) <= 2 and abs(c - (n - 7)) <= 2:
                grid[r][c] = True
    return grid


def decode_qr(grid: list[list[bool]]) -> str:
    """Decode a version 1-6 QR symbol (numeric, alphanumeric and byte segments)."""
    n = len(grid)
    version = (n - 17) // 4
    assert n == 17 + 4 * version and 1 <= version <= 6
    raw = 0
    for i in range(15):
        row = i if i < 6 else i + 1 if i < 8 else n - 15 + i
        raw |= int(grid[row][8]) << i
    data5 = min(range(32), key=lambda d: bin(_format_code(d) ^ raw).count("1"))
    assert _format_code(data5) == raw, "format information damaged"
    level, mask = data5 >> 3, data5 & 7
    reserved = _reserved(n, version)
    bits: list[int] = []
    col, upward = n - 1, True
    while col > 0:
        if col == 6:
            col -= 1
        for r in range(n - 1, -1, -1) if upward else range(n):
            for c in (col, col - 1):
                if not reserved[r][c]:
                    bits.append(int(grid[r][c] ^ MASKS[mask](r, c)))
        upward = not upward
        col -= 2
    codewords = [int("".join(map(str, bits[i : i + 8])), 2) for i in range(0, len(bits) - 7, 8)]
    blocks = rs_blocks(version, level)
    data: list[list[int]] = [[] for _ in blocks]
    it = iter(codewords)
    for i in range(max(b.data_count for b in blocks)):
        for k, block in enumerate(blocks):
            if i < block.data_count:
                data[k].append(next(it))
    stream = "".join(f"{cw:08b}" for block_data in data for cw in block_data)
    pos = 0

    def take(count: int) -> int:
        nonlocal pos
        pos += count
        return int(stream[pos - count : pos], 2)

    out = ""
    while pos + 4 <= len(stream):
        mode = take(4)
        if mode == 0:
            break
        if mode == 1:
            count = take(10)
            for _ in range(count // 3):
                out += f"{take(10):03d}"
            if count % 3 == 1:
                out += str(take(4))
            elif count % 3 == 2:
                out += f"{take(7):02d}"
        elif mode == 2:
            count = take(9)
            for _ in range(count // 2):
                pair = take(11)
                out += ALNUM[pair // 45] + ALNUM[pair % 45]
            if count % 2:
                out += ALNUM[take(6)]
        elif mode == 4:
            out += bytes(take(8) for _ in range(take(8))).decode("utf-8")
        else:
            raise AssertionError(f"unexpected QR mode {mode}")
    return out


# --- tests ---------------------------------------------------------------------------------


def test_layout_names() -> None:
    assert LAYOUTS == ("thermal80", "thermal58", "a5", "a4")


@pytest.mark.parametrize("layout", LAYOUTS)
def test_intake_receipt_shows_every_field(layout: str) -> None:
    pdf, text = render(receipt(), layout)
    assert_has(
        text,
        "TANDA TERIMA BERKAS",
        "PTSP Kelurahan Pengadegan",
        "Jl. Raya Pengadegan Timur No. 1, Pancoran, Jakarta Selatan 12770",
        "31.74.08.1005",
        TRACKING,
        "SKTM",
        "Surat Keterangan Tidak Mampu",
        "Siti Nurhaliza Ramadhani",
        "************1234",
        "4 dari 5 diterima",
        *(doc.name for doc in DOCS),
        "Perkiraan selesai",
        "Senin, 30 November 2026",
        "GRATIS",
        "Budi Santoso, S.Kom.",
        "198705122010011003",
        "27 November 2026 14:05 WIB",
        STATEMENT,
        "SP4N-LAPOR!",
        "www.lapor.go.id",
        "SMS 1708",
    )
    assert text.count("☑") == 4
    assert text.count("☐") == 1
    assert NIK not in compact(text) and NIK[:12] not in compact(text)
    assert "SALINAN" not in text
    assert len(page_sizes(pdf)) == 1


@pytest.mark.parametrize("layout", LAYOUTS)
def test_tracking_number_in_large_type(layout: str) -> None:
    pdf, _ = render(receipt(), layout)
    parts = [box for box in text_boxes(pdf) if len(box[1]) >= 7 and box[1] in TRACKING]
    assert "".join(box[1] for box in parts) == TRACKING  # one line, or two on 58 mm
    for _, part, x0, _, x1, _ in parts:
        font_size = (x1 - x0) / stringWidth(part, BOLD, 1)
        assert font_size > SPECS[layout].body * 1.2


@pytest.mark.parametrize(
    ("fee", "lang", "expected"),
    [
        (150_000, "id", "Rp 150.000"),
        (1_250_000, "id", "Rp 1.250.000"),
        (0, "id", "GRATIS"),
        (None, "id", "Retribusi sesuai ketentuan (dihitung)"),
        (150_000, "en", "Rp 150,000"),
        (0, "en", "FREE"),
        (None, "en", "Levy as regulated (calculated)"),
    ],
)
def test_fee_line(fee: int | None, lang: str, expected: str) -> None:
    for kind in ("intake", "handover"):
        _, text = render(receipt(kind=kind, fee_idr=fee, language=lang), "thermal80")
        assert_has(text, expected)
    if fee:
        assert "GRATIS" not in text and "FREE" not in text


def test_idr_and_nik_formatting() -> None:
    assert format_fee(150_000, "id") == "Rp 150.000"
    assert format_fee(999, "id") == "Rp 999"
    assert format_fee(12_345_678, "en") == "Rp 12,345,678"
    assert mask_nik(NIK) == "************1234"
    assert mask_nik(" 3174 ") == "****"
    assert mask_nik("") == "-"


def test_time_is_printed_in_jakarta_time() -> None:
    moment = datetime(2026, 12, 31, 20, 30, tzinfo=timezone(timedelta(hours=-5)))
    assert date_time_long(moment, "id") == "1 Januari 2027 08:30 WIB"
    assert date_time_long(moment, "en") == "1 January 2027 08:30 WIB"
    with pytest.raises(ValueError):
        render_receipt(receipt(issued_at=datetime(2026, 11, 27, 14, 5)), layout="a4")


def test_due_date_unknown_and_lainnya_description() -> None:
    data = receipt(
        service_code="LAINNYA",
        service_name="Layanan lainnya",
        description="Legalisir surat keterangan usaha mikro untuk pengajuan KUR",
        due_date=None,
    )
    for layout in LAYOUTS:
        _, text = render(data, layout)
        assert_has(text, "LAINNYA", "Keterangan", data.description, "Akan diinformasikan")


@pytest.mark.parametrize("layout", LAYOUTS)
def test_intake_without_required_documents(layout: str) -> None:
    _, text = render(receipt(documents=()), layout)
    assert_has(text, "0 dari 0 diterima", "Tidak ada berkas persyaratan.")
    assert "☑" not in text and "☐" not in text


@pytest.mark.parametrize("layout", LAYOUTS)
def test_handover_receipt(layout: str) -> None:
    _, text = render(receipt(kind="handover", fee_idr=150_000), layout)
    assert_has(
        text,
        "TANDA SERAH TERIMA",
        TRACKING,
        "Surat Keterangan Tidak Mampu",
        "Siti Nurhaliza Ramadhani",
        "************1234",
        "Diterima oleh",
        "Ahmad Fauzi (kuasa)",
        "Budi Santoso, S.Kom.",
        "27 November 2026 14:05 WIB",
        "Rp 150.000",
        "SP4N-LAPOR!",
    )
    assert NIK not in compact(text)


def test_handover_recipient_defaults_to_applicant() -> None:
    _, text = render(receipt(kind="handover", recipient_name=""), "thermal80")
    assert compact(text).count("SitiNurhalizaRamadhani") >= 2


@pytest.mark.parametrize("layout", LAYOUTS)
def test_rejection_notice(layout: str) -> None:
    data = receipt(kind="rejection")
    _, text = render(data, layout)
    assert_has(
        text,
        "PEMBERITAHUAN PENOLAKAN / PENGEMBALIAN BERKAS",
        TRACKING,
        "Alasan",
        data.reason,
        "Dokumen yang perlu dilengkapi",
        *data.missing_documents,
        "Langkah selanjutnya",
        "ajukan kembali permohonan",
        "************1234",
        "SP4N-LAPOR!",
        "www.lapor.go.id",
        "SMS 1708",
    )
    assert text.count("☐") == len(data.missing_documents)
    assert NIK not in compact(text)


@pytest.mark.parametrize("layout", LAYOUTS)
@pytest.mark.parametrize("kind", KINDS)
def test_reprint_is_marked_as_copy(layout: str, kind: str) -> None:
    _, text = render(receipt(kind=kind, copy_no=3), layout)
    assert "SALINAN" in text
    assert_has(text, "Salinan ke-3")
    _, original = render(receipt(kind=kind, copy_no=0), layout)
    assert "SALINAN" not in original and "Salinan ke-" not in original


@pytest.mark.parametrize("layout", LAYOUTS)
@pytest.mark.parametrize("kind", KINDS)
def test_english_labels(layout: str, kind: str) -> None:
    _, text = render(receipt(kind=kind, language="en", copy_no=2), layout)
    titles = {
        "intake": "APPLICATION RECEIPT",
        "handover": "HANDOVER RECEIPT",
        "rejection": "NOTICE OF REJECTION / RETURN OF APPLICATION",
    }
    assert_has(
        text,
        titles[kind],
        "Tracking number",
        "Service",
        "Applicant",
        "Officer",
        "Complaints: SP4N-LAPOR!",
        "COPY",
        "Copy no. 2",
        "27 November 2026 14:05 WIB",
    )
    if kind == "intake":
        assert_has(text, "Estimated completion", "Monday, 30 November 2026", "FREE")
        assert_has(text, "Officers are forbidden to accept any reward")
    if kind == "rejection":
        assert_has(text, "Reason", "Documents to complete", "What to do next")
    for indonesian in ("Pemohon", "Petugas", "Layanan", "Pengaduan", "SALINAN", "GRATIS"):
        assert indonesian not in text


def test_string_table_is_complete() -> None:
    for key, variants in STRINGS.items():
        assert set(variants) == {"id", "en"}, key
        assert all(v.strip() for v in variants.values()), key
        fields = [set(re.findall(r"{(\w+)}", v)) for v in variants.values()]
        assert fields[0] == fields[1], key


def test_checkbox_glyphs_exist_in_the_font() -> None:
    assert has_glyph("☑") and has_glyph("☐") and has_glyph("—") and has_glyph("–")
    assert not has_glyph("中")  # sanity: the check can fail (DejaVu has no CJK)


@pytest.mark.parametrize("layout", LAYOUTS)
@pytest.mark.parametrize("kind", KINDS)
def test_qr_code_in_pdf_decodes_to_tracking_number(layout: str, kind: str) -> None:
    pdf, _ = render(receipt(kind=kind), layout)
    assert decode_qr(qr_modules_from_pdf(pdf)) == TRACKING


@pytest.mark.parametrize(
    "payload", [TRACKING, "3174081005261127010042", "loket/ptsp?no=42&x=Ä", "A" * 60]
)
def test_qr_matrix_round_trip(payload: str) -> None:
    matrix = build_qr(payload)
    assert matrix.payload == payload
    assert decode_qr([list(row) for row in matrix.modules]) == payload


def test_qr_decoder_rejects_a_different_number() -> None:
    grid = [list(row) for row in build_qr(TRACKING).modules]
    assert decode_qr(grid) == TRACKING
    other = [list(row) for row in build_qr(TRACKING[:-1] + "3").modules]
    assert decode_qr(other) != TRACKING


def stress_receipt(kind: str, lang: str = "id") -> ReceiptData:
    """Long names, long service, unbreakable words and 20 documents."""
    docs = tuple(
        DocumentLine(
            f"Dokumen persyaratan nomor {i} yang wajib dilampirkan {LONG_NAME}", i % 3 != 0
        )
        for i in range(1, 19)
    )
    return receipt(
        kind=kind,
        language=lang,
        office_name="PTSP Kelurahan Kelapa Gading Barat Kecamatan Kelapa Gading Jakarta Utara",
        office_address="Jl. Boulevard Raya Blok QJ No. 1, RT 001/RW 012, " + LONG_WORD,
        service_code="LAINNYA",
        service_name=LONG_SERVICE,
        description=LONG_WORD + " untuk keperluan lain",
        applicant_name=LONG_NAME,
        documents=(*docs, DocumentLine(LONG_WORD, True), DocumentLine("Ñuñez Çağlar Zoë", False)),
        fee_idr=12_500_000,
        officer_name="Raden Roro Kusumaningtyas Wulandari Prameswari Hadiningrat, S.Sos., M.Si.",
        copy_no=12,
        reason=f"{LONG_WORD} — berkas tidak sesuai ketentuan " * 2,
        missing_documents=(LONG_WORD, "Surat keterangan domisili " * 6),
        recipient_name=LONG_NAME + " (kuasa)",
    )


@pytest.mark.parametrize("layout", LAYOUTS)
@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("lang", ["id", "en"])
def test_long_content_stays_inside_the_printable_width(layout: str, kind: str, lang: str) -> None:
    data = stress_receipt(kind, lang)
    pdf, text = render(data, layout)
    assert overflowing(pdf, layout) == []
    assert_has(text, LONG_NAME, LONG_WORD, LONG_SERVICE)
    if kind == "intake":
        assert_has(text, *(doc.name for doc in data.documents))
    if SPECS[layout].thermal:
        assert len(page_sizes(pdf)) == 1  # one continuous page, never cut


@pytest.mark.parametrize("layout", LAYOUTS)
def test_normal_receipts_stay_inside_the_printable_width(layout: str) -> None:
    for kind in KINDS:
        pdf, _ = render(receipt(kind=kind, copy_no=1), layout)
        assert overflowing(pdf, layout) == []


def test_overflow_check_catches_text_past_the_edge() -> None:
    ensure_fonts()
    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=(SPECS["thermal58"].page_width, 200))
    canvas.setFont(REGULAR, 8)
    canvas.drawString(SPECS["thermal58"].margin_x, 100, LONG_NAME)  # far wider than 48 mm
    canvas.showPage()
    canvas.save()
    caught = overflowing(buffer.getvalue(), "thermal58")
    assert [box[1] for box in caught] == [LONG_NAME]


@pytest.mark.parametrize("layout", ["thermal80", "thermal58"])
def test_thermal_page_grows_with_content(layout: str) -> None:
    short_pdf, _ = render(receipt(documents=DOCS[:1]), layout)
    long_pdf, _ = render(receipt(documents=DOCS * 6), layout)
    (w1, h1), (w2, h2) = page_sizes(short_pdf)[0], page_sizes(long_pdf)[0]
    assert w1 == w2 == pytest.approx(SPECS[layout].page_width)
    assert h2 > h1 + 25 * 8  # 25 more checklist lines
    assert overflowing(long_pdf, layout) == []


def test_paper_layouts_paginate_long_checklists() -> None:
    pdf, text = render(receipt(documents=DOCS * 12), "a5")
    assert len(page_sizes(pdf)) >= 2
    assert text.count("☑") == 48
    assert text.count("☐") == 12
    assert overflowing(pdf, "a5") == []


@pytest.mark.parametrize("layout", ["a5", "a4"])
def test_paper_layouts_split_huge_free_text_over_pages(layout: str) -> None:
    essay = "Permohonan legalisir dokumen kependudukan untuk keperluan usaha. " * 120
    for kind in KINDS:
        pdf, text = render(receipt(kind=kind, description=essay, reason=essay), layout)
        assert len(page_sizes(pdf)) >= 3
        shown = 2 if kind == "rejection" else 1  # the reason is printed on rejections only
        assert text.count("legalisir") == text.count("usaha.") == 120 * shown
        assert overflowing(pdf, layout) == []


def test_diacritics_and_markup_characters_print_as_typed() -> None:
    name = "Zoë Ñuñez Çağlar & <Putri> Đặng"
    for layout in LAYOUTS:
        pdf, text = render(receipt(applicant_name=name), layout)
        assert_has(text, name)
        assert b"/FontFile2" in pdf or b"FontFile2" in pdf


def test_font_subset_cache_keeps_output_identical() -> None:
    plain = receipt()
    first = render_receipt(plain, layout="thermal80")
    render_receipt(receipt(applicant_name="Zoë Ñuñez Çağlar"), layout="thermal80")
    assert render_receipt(plain, layout="thermal80") == first


@pytest.mark.parametrize(
    "change",
    [
        {"kind": "refund"},
        {"language": "fr"},
        {"tracking_no": " "},
        {"copy_no": -1},
        {"fee_idr": -5},
    ],
)
def test_invalid_input_is_rejected(change: dict[str, Any]) -> None:
    with pytest.raises(ValueError):
        render_receipt(receipt(**change), layout="a4")


def test_unknown_layout_is_rejected() -> None:
    with pytest.raises(ValueError, match="layout"):
        render_receipt(receipt(), layout="letter")


def test_personal_number_not_in_metadata() -> None:
    reader = PdfReader(io.BytesIO(render_receipt(receipt(), layout="a4")))
    meta = reader.metadata
    assert meta is not None
    assert TRACKING in str(meta.title)
    assert all(NIK not in str(value) for value in meta.values())
