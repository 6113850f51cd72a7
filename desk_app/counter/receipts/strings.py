"""User-facing receipt texts in Indonesian and English."""

from __future__ import annotations

STRINGS: dict[str, dict[str, str]] = {
    "gov_header": {
        "id": "PEMERINTAH PROVINSI DKI JAKARTA",
        "en": "PROVINCIAL GOVERNMENT OF DKI JAKARTA",
    },
    "area_code": {"id": "Kode wilayah {code}", "en": "Area code {code}"},
    "title_intake": {"id": "TANDA TERIMA BERKAS", "en": "APPLICATION RECEIPT"},
    "title_handover": {"id": "TANDA SERAH TERIMA", "en": "HANDOVER RECEIPT"},
    "title_rejection": {
        "id": "PEMBERITAHUAN PENOLAKAN / PENGEMBALIAN BERKAS",
        "en": "NOTICE OF REJECTION / RETURN OF APPLICATION",
    },
    "copy_mark": {"id": "SALINAN", "en": "COPY"},
    "copy_no": {"id": "Salinan ke-{n}", "en": "Copy no. {n}"},
    "tracking_no": {"id": "No. Registrasi", "en": "Tracking number"},
    "qr_hint_intake": {
        "id": "Tunjukkan kode ini saat mengambil hasil layanan.",
        "en": "Show this code when you collect the result.",
    },
    "qr_hint_handover": {
        "id": "Simpan sebagai bukti pengambilan.",
        "en": "Keep this as proof of collection.",
    },
    "qr_hint_rejection": {
        "id": "Tunjukkan kode ini saat mengajukan kembali.",
        "en": "Show this code when you apply again.",
    },
    "qr_hint_status": {
        "id": "Pindai untuk melihat status permohonan; simpan tanda terima ini.",
        "en": "Scan to see the status of your request; keep this receipt.",
    },
    "check_code": {"id": "Kode cek: {code}", "en": "Check code: {code}"},
    "service": {"id": "Layanan", "en": "Service"},
    "description": {"id": "Keterangan", "en": "Description"},
    "applicant": {"id": "Pemohon", "en": "Applicant"},
    "nik": {"id": "NIK", "en": "NIK (ID no.)"},
    "documents_received": {
        "id": "Berkas persyaratan ({received} dari {total} diterima)",
        "en": "Required documents ({received} of {total} received)",
    },
    "no_documents": {"id": "Tidak ada berkas persyaratan.", "en": "No documents required."},
    "doc_received": {"id": "Diterima", "en": "Received"},
    "doc_missing": {"id": "Belum", "en": "Missing"},
    "col_no": {"id": "No.", "en": "No."},
    "col_document": {"id": "Dokumen", "en": "Document"},
    "col_status": {"id": "Status", "en": "Status"},
    "due_date": {"id": "Perkiraan selesai", "en": "Estimated completion"},
    "due_unknown": {"id": "Akan diinformasikan", "en": "To be announced"},
    "due_when_complete": {
        "id": "Ditetapkan setelah berkas lengkap",
        "en": "Set once the documents are complete",
    },
    "fee": {"id": "Biaya resmi", "en": "Official fee"},
    "fee_free": {"id": "GRATIS", "en": "FREE"},
    "fee_levy": {
        "id": "Retribusi sesuai ketentuan (dihitung)",
        "en": "Levy as regulated (calculated)",
    },
    "officer": {"id": "Petugas", "en": "Officer"},
    "nip": {"id": "NIP", "en": "NIP"},
    "time": {"id": "Waktu", "en": "Time"},
    "recipient": {"id": "Diterima oleh", "en": "Collected by"},
    "no_other_payment": {
        "id": (
            "Layanan ini tidak dipungut biaya selain yang tercantum. "
            "Petugas dilarang menerima imbalan dalam bentuk apa pun."
        ),
        "en": (
            "No charge other than the one stated here may be requested for this service. "
            "Officers are forbidden to accept any reward in any form."
        ),
    },
    "complaint": {
        "id": "Pengaduan: SP4N-LAPOR! — www.lapor.go.id, SMS 1708",
        "en": "Complaints: SP4N-LAPOR! — www.lapor.go.id, SMS 1708",
    },
    "reason": {"id": "Alasan", "en": "Reason"},
    "missing_documents": {"id": "Dokumen yang perlu dilengkapi", "en": "Documents to complete"},
    "next_steps_title": {"id": "Langkah selanjutnya", "en": "What to do next"},
    "next_steps": {
        "id": (
            "Lengkapi dokumen di atas, lalu ajukan kembali permohonan di loket PTSP dengan "
            "membawa pemberitahuan ini. Pengajuan ulang tidak dipungut biaya tambahan."
        ),
        "en": (
            "Complete the documents listed above, then apply again at the PTSP counter "
            "bringing this notice. Applying again costs nothing extra."
        ),
    },
    "sign_officer": {"id": "Petugas", "en": "Officer"},
    "sign_applicant": {"id": "Pemohon", "en": "Applicant"},
    "sign_recipient": {"id": "Penerima", "en": "Recipient"},
    "page": {"id": "Halaman {n}", "en": "Page {n}"},
}


def text(key: str, lang: str, **values: object) -> str:
    """The `key` text in `lang` ("id" or "en"), with `{placeholders}` filled from `values`."""
    template = STRINGS[key][lang]
    return template.format(**values) if values else template
