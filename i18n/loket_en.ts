<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en" sourcelanguage="id">
<context>
    <name>AdminPage</name>
    <message>
        <source>Admin pertama</source>
        <translation>First administrator</translation>
    </message>
    <message>
        <source>Admin menambah petugas lain. PIN 6-12 digit, jangan yang mudah ditebak.</source>
        <translation>The administrator adds the other officers. PIN of 6-12 digits, nothing easy to guess.</translation>
    </message>
    <message>
        <source>18 digit</source>
        <translation>18 digits</translation>
    </message>
    <message>
        <source>NIP</source>
        <translation>NIP</translation>
    </message>
    <message>
        <source>Nama</source>
        <translation>Name</translation>
    </message>
    <message>
        <source>PIN</source>
        <translation>PIN</translation>
    </message>
    <message>
        <source>Ulangi PIN</source>
        <translation>Repeat PIN</translation>
    </message>
</context>
<context>
    <name>AgencyChart</name>
    <message>
        <source>Terbuka</source>
        <translation>Open</translation>
    </message>
    <message>
        <source>Terlambat</source>
        <translation>Overdue</translation>
    </message>
</context>
<context>
    <name>ArrivalsChart</name>
    <message>
        <source>Hari ini</source>
        <translation>Today</translation>
    </message>
    <message>
        <source>Kedatangan per jam hari ini</source>
        <translation>Arrivals per hour today</translation>
    </message>
    <message>
        <source>Rata-rata %1 %2 sebelumnya</source>
        <translation>Average of the previous %1 %2s</translation>
    </message>
</context>
<context>
    <name>BusyPage</name>
    <message>
        <source>Memuat…</source>
        <translation>Loading…</translation>
    </message>
</context>
<context>
    <name>CallPanel</name>
    <message>
        <source>Nomor…</source>
        <translation>Ticket…</translation>
    </message>
    <message>
        <source>Panggil ulang, tidak hadir, alihkan, selesai; prioritas</source>
        <translation>Recall, no-show, transfer, finish; priority</translation>
    </message>
    <message numerus="yes">
        <source>(didahulukan dari %n nomor)</source>
        <translation><numerusform>(called ahead of %n number)</numerusform><numerusform>(called ahead of %n numbers)</numerusform></translation>
    </message>
    <message>
        <source>Alihkan ke loket lain</source>
        <translation>Transfer to another counter</translation>
    </message>
    <message>
        <source>Alihkan…</source>
        <translation>Transfer…</translation>
    </message>
    <message>
        <source>Dahulukan prioritas</source>
        <translation>Priority first</translation>
    </message>
    <message>
        <source>Lansia, penyandang disabilitas dan ibu hamil dipanggil lebih dulu</source>
        <translation>The elderly, the disabled and pregnant women are called first</translation>
    </message>
    <message>
        <source>Loket %1 melayani &lt;b&gt;%2&lt;/b&gt;</source>
        <translation>Counter %1 serves &lt;b&gt;%2&lt;/b&gt;</translation>
    </message>
    <message>
        <source>Loket %1: tidak ada nomor</source>
        <translation>Counter %1: no number</translation>
    </message>
    <message>
        <source>Memanggil…</source>
        <translation>Calling…</translation>
    </message>
    <message>
        <source>Menyimpan…</source>
        <translation>Saving…</translation>
    </message>
    <message>
        <source>Nomor loket tujuan:</source>
        <translation>Counter number:</translation>
    </message>
    <message>
        <source>Panggil berikutnya (F5)</source>
        <translation>Call next (F5)</translation>
    </message>
    <message>
        <source>Panggil ulang</source>
        <translation>Call again</translation>
    </message>
    <message>
        <source>Selesai</source>
        <translation>Done</translation>
    </message>
    <message>
        <source>Selesai tanpa berkas (mis. hanya bertanya)</source>
        <translation>Done without a request (e.g. a question only)</translation>
    </message>
    <message>
        <source>Tidak ada antrean menunggu.</source>
        <translation>Nobody is waiting.</translation>
    </message>
    <message>
        <source>Tidak hadir</source>
        <translation>No-show</translation>
    </message>
    <message>
        <source>prioritas: %1</source>
        <translation>priority: %1</translation>
    </message>
</context>
<context>
    <name>CancelDialog</name>
    <message>
        <source>Berkas %1 akan dibatalkan dan ditutup; tidak bisa dilanjutkan lagi.</source>
        <translation>File %1 will be cancelled and closed; it cannot be continued.</translation>
    </message>
    <message>
        <source>Batalkan permohonan</source>
        <translation>Cancel the request</translation>
    </message>
    <message>
        <source>Alasan</source>
        <translation>Reason</translation>
    </message>
    <message>
        <source>minimal %1 huruf</source>
        <translation>at least %1 letters</translation>
    </message>
</context>
<context>
    <name>ChecksPage</name>
    <message>
        <source>2. Yang belum beres</source>
        <translation>2. Still open</translation>
    </message>
    <message>
        <source>Selesaikan dengan tombol di bawah, atau centang yang dibiarkan dan tulis alasannya. Berkas yang masih terbuka dibawa ke hari berikutnya.</source>
        <translation>Settle them with the buttons below, or tick what stays as it is and give the reason. Files still open are carried over to the next day.</translation>
    </message>
    <message>
        <source>Spasi mencentang: dibiarkan, lanjut dengan alasan</source>
        <translation>Space ticks: left as it is, continue with a reason</translation>
    </message>
    <message>
        <source>&amp;Cetak ulang tanda terima</source>
        <translation>&amp;Reprint receipt</translation>
    </message>
    <message>
        <source>Absen &amp;pulangkan…</source>
        <translation>Clock &amp;out…</translation>
    </message>
    <message>
        <source>&amp;Buka berkas</source>
        <translation>O&amp;pen file</translation>
    </message>
    <message>
        <source>Buka berkas di jendela utama; lalu Periksa ulang</source>
        <translation>Open the file in the main window; then Check again</translation>
    </message>
    <message>
        <source>Biarkan se&amp;mua</source>
        <translation>Leave a&amp;ll</translation>
    </message>
    <message>
        <source>Periksa &amp;ulang</source>
        <translation>Check a&amp;gain</translation>
    </message>
    <message>
        <source>wajib bila ada yang dibiarkan, minimal %1 huruf</source>
        <translation>required when anything is left, at least %1 letters</translation>
    </message>
    <message>
        <source>&amp;Alasan</source>
        <translation>Rea&amp;son</translation>
    </message>
    <message>
        <source>Nomor</source>
        <translation>Number</translation>
    </message>
    <message>
        <source>Layanan</source>
        <translation>Service</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>Di dinas</source>
        <translation>At agency</translation>
    </message>
    <message>
        <source>Tenggat</source>
        <translation>Due</translation>
    </message>
    <message>
        <source>Tanda terima belum dicetak (%1)</source>
        <translation>Receipts not printed (%1)</translation>
    </message>
    <message>
        <source>Petugas masih absen masuk (%1)</source>
        <translation>Officers still clocked in (%1)</translation>
    </message>
    <message>
        <source>Berkas hari itu belum diproses (%1)</source>
        <translation>Files of that day not started (%1)</translation>
    </message>
    <message>
        <source>Semua beres: tidak ada yang tertunda.</source>
        <translation>All settled: nothing outstanding.</translation>
    </message>
    <message>
        <source>Belum beres: %1.</source>
        <translation>Still open: %1.</translation>
    </message>
    <message>
        <source>%1 masih absen masuk sejak %2</source>
        <translation>%1 clocked in since %2</translation>
    </message>
    <message>
        <source>Tanda terima %1 belum dicetak</source>
        <translation>Receipt %1 not printed</translation>
    </message>
    <message>
        <source>Berkas %1 belum diproses</source>
        <translation>File %1 not started</translation>
    </message>
    <message>
        <source>Dibawa ke hari berikutnya (masih terbuka): %1</source>
        <translation>Carried over to the next day (still open): %1</translation>
    </message>
    <message>
        <source>%1 absen pulang %2.</source>
        <translation>%1 clocked out %2.</translation>
    </message>
</context>
<context>
    <name>ChooseDayPage</name>
    <message>
        <source>1. Pilih hari</source>
        <translation>1. Choose the day</translation>
    </message>
    <message>
        <source>Hari yang ditutup disegel: sesudahnya tidak ada perubahan bertanggal hari itu.</source>
        <translation>A closed day is sealed: after that no change can be dated on it.</translation>
    </message>
    <message>
        <source>&amp;Hari</source>
        <translation>&amp;Day</translation>
    </message>
    <message>
        <source>Hari itu sudah ditutup oleh %1 pada %2. Pilih hari lain.</source>
        <translation>That day was closed by %1 on %2. Choose another day.</translation>
    </message>
    <message>
        <source>Berkas diterima pada hari itu: %1.</source>
        <translation>Files received that day: %1.</translation>
    </message>
    <message>
        <source>Hari itu baru dapat ditutup mulai %1, sesudah jam tutup kantor.</source>
        <translation>That day can be closed from %1, after the office&apos;s closing time.</translation>
    </message>
    <message>
        <source>&amp;Lengkapi laporan dan cadangan</source>
        <translation>&amp;Complete the reports and the backup</translation>
    </message>
    <message>
        <source>Penutupannya terhenti: laporan atau cadangannya belum lengkap.</source>
        <translation>Its close stopped half-way: the reports or the backup are missing.</translation>
    </message>
    <message>
        <source>Laporan dan cadangan hari itu sudah dilengkapi. Pilih hari lain.</source>
        <translation>That day&apos;s reports and backup are now complete. Choose another day.</translation>
    </message>
    <message>
        <source>Penutupan belum dapat dilengkapi: %1</source>
        <translation>The close could not be completed: %1</translation>
    </message>
</context>
<context>
    <name>ClockOutDialog</name>
    <message>
        <source>Absen pulangkan petugas</source>
        <translation>Clock an officer out</translation>
    </message>
    <message>
        <source>%1 masih absen masuk sejak %2.</source>
        <translation>%1 has been clocked in since %2.</translation>
    </message>
    <message>
        <source>Jam &amp;pulang</source>
        <translation>Clock-&amp;out time</translation>
    </message>
    <message>
        <source>Absen pulangkan</source>
        <translation>Clock out</translation>
    </message>
</context>
<context>
    <name>CorrectSessionDialog</name>
    <message>
        <source>Koreksi sesi absensi</source>
        <translation>Correct an attendance session</translation>
    </message>
    <message>
        <source>Masih masuk (belum absen pulang)</source>
        <translation>Still in (not clocked out yet)</translation>
    </message>
    <message>
        <source>mis. lupa absen pulang, pulang pukul 16:30</source>
        <translation>e.g. forgot to clock out, left at 16:30</translation>
    </message>
    <message>
        <source>&amp;Masuk</source>
        <translation>&amp;In</translation>
    </message>
    <message>
        <source>&amp;Pulang</source>
        <translation>&amp;Out</translation>
    </message>
    <message>
        <source>&amp;Alasan</source>
        <translation>Rea&amp;son</translation>
    </message>
    <message>
        <source>Simpan koreksi</source>
        <translation>Save correction</translation>
    </message>
</context>
<context>
    <name>CityFiguresDialog</name>
    <message>
        <source>Tutup</source>
        <translation>Close</translation>
    </message>
    <message>
        <source>Angka kota %1 s.d. %2, dari data yang sudah disinkronkan.</source>
        <translation>City figures %1 to %2, from the data synced so far.</translation>
    </message>
    <message>
        <source>Angka kota untuk kantor ini</source>
        <translation>City figures for this office</translation>
    </message>
    <message>
        <source>Dinas paling lambat</source>
        <translation>Slowest agencies</translation>
    </message>
    <message>
        <source>Jam buka terbuang per minggu</source>
        <translation>Wasted opening hours per week</translation>
    </message>
    <message>
        <source>Jam buka yang disarankan</source>
        <translation>Recommended opening hours</translation>
    </message>
    <message>
        <source>Jam kurang petugas per minggu</source>
        <translation>Under-staffed hours per week</translation>
    </message>
    <message>
        <source>Jam petugas</source>
        <translation>Officer-hours</translation>
    </message>
    <message>
        <source>Kantor ini termasuk calon penggabungan (sedikit warga per jam petugas); tetangga: %1.</source>
        <translation>This office is a merge candidate (few citizens per officer-hour); neighbour: %1.</translation>
    </message>
    <message>
        <source>Kantor ini tidak termasuk calon penggabungan.</source>
        <translation>This office is not a merge candidate.</translation>
    </message>
    <message>
        <source>Kedatangan</source>
        <translation>Arrivals</translation>
    </message>
    <message>
        <source>Kekurangan dan kelebihan petugas</source>
        <translation>Officers short and over</translation>
    </message>
    <message>
        <source>Kurang petugas (jam-petugas per minggu)</source>
        <translation>Officers short (officer-hours per week)</translation>
    </message>
    <message>
        <source>Lebih petugas (jam-petugas per minggu)</source>
        <translation>Officers over (officer-hours per week)</translation>
    </message>
    <message>
        <source>Memuat…</source>
        <translation>Loading…</translation>
    </message>
    <message>
        <source>Muat ulang</source>
        <translation>Reload</translation>
    </message>
    <message>
        <source>Penggabungan kantor</source>
        <translation>Office merging</translation>
    </message>
    <message>
        <source>Rata-rata tunggu (menit)</source>
        <translation>Average wait (minutes)</translation>
    </message>
    <message>
        <source>Ringkasan</source>
        <translation>At a glance</translation>
    </message>
    <message>
        <source>Selesai</source>
        <translation>Completed</translation>
    </message>
    <message>
        <source>Selesai per jam petugas</source>
        <translation>Completed per officer-hour</translation>
    </message>
    <message>
        <source>Target: %1 warga dilayani dalam %2 menit.</source>
        <translation>Target: %1 of citizens served within %2 minutes.</translation>
    </message>
    <message>
        <source>median %1 hari</source>
        <translation>median %1 days</translation>
    </message>
    <message>
        <source>tutup</source>
        <translation>closed</translation>
    </message>
</context>
<context>
    <name>DashboardPage</name>
    <message>
        <source>Antrean: %1 nomor, tunggu median %2, tidak hadir %3</source>
        <translation>Queue: %1 numbers, median wait %2, no-shows %3</translation>
    </message>
    <message>
        <source>IKM bulan ini: %1 (%2, %3 responden)</source>
        <translation>Satisfaction index (IKM) this month: %1 (%2, %3 respondents)</translation>
    </message>
    <message>
        <source>Muat ulang</source>
        <translation>Reload</translation>
    </message>
    <message>
        <source>Muat ulang angka dasbor (Ctrl+R)</source>
        <translation>Reload the dashboard figures (Ctrl+R)</translation>
    </message>
    <message>
        <source>#</source>
        <translation>#</translation>
    </message>
    <message>
        <source>Petugas</source>
        <translation>Officer</translation>
    </message>
    <message>
        <source>NIP</source>
        <translation>NIP</translation>
    </message>
    <message>
        <source>Poin</source>
        <translation>Points</translation>
    </message>
    <message>
        <source>Papan peringkat poin bulan ini</source>
        <translation>Points leaderboard this month</translation>
    </message>
    <message>
        <source>Memuat…</source>
        <translation>Loading…</translation>
    </message>
    <message>
        <source>Diperbarui %1</source>
        <translation>Updated %1</translation>
    </message>
    <message>
        <source>Terbuka: %1</source>
        <translation>Open: %1</translation>
    </message>
    <message>
        <source>Terlambat: %1</source>
        <translation>Overdue: %1</translation>
    </message>
    <message>
        <source>Datang hari ini: %1 (biasanya %2)</source>
        <translation>Arrived today: %1 (usually %2)</translation>
    </message>
    <message>
        <source>Jam tersibuk: %1</source>
        <translation>Busiest hour: %1</translation>
    </message>
    <message>
        <source>Berkas terbuka di dinas</source>
        <translation>Open files at agencies</translation>
    </message>
    <message>
        <source>di kantor: %1 (terlambat %2)</source>
        <translation>in the office: %1 (overdue %2)</translation>
    </message>
</context>
<context>
    <name>DayCloseWizard</name>
    <message>
        <source>Tutup hari</source>
        <translation>Close the day</translation>
    </message>
    <message>
        <source>&amp;Lanjut &gt;</source>
        <translation>&amp;Next &gt;</translation>
    </message>
    <message>
        <source>&lt; &amp;Kembali</source>
        <translation>&lt; &amp;Back</translation>
    </message>
    <message>
        <source>&amp;Selesai</source>
        <translation>&amp;Finish</translation>
    </message>
    <message>
        <source>Batal</source>
        <translation>Cancel</translation>
    </message>
</context>
<context>
    <name>DisplayBoard</name>
    <message>
        <source>%1 → loket %2</source>
        <translation>%1 → counter %2</translation>
    </message>
    <message>
        <source>Loket %1</source>
        <translation>Counter %1</translation>
    </message>
    <message>
        <source>Loket — papan antrean</source>
        <translation>Loket — queue board</translation>
    </message>
    <message>
        <source>Menunggu:</source>
        <translation>Waiting:</translation>
    </message>
    <message>
        <source>Panggilan terakhir</source>
        <translation>Last calls</translation>
    </message>
    <message>
        <source>Sedang dilayani</source>
        <translation>Now serving</translation>
    </message>
</context>
<context>
    <name>DocumentChecklist</name>
    <message>
        <source>Tidak ada dokumen wajib.</source>
        <translation>No required documents.</translation>
    </message>
</context>
<context>
    <name>Format</name>
    <message>
        <source>Disimpan sebagai PDF (belum dicetak): %1</source>
        <translation>Saved as a PDF (not printed): %1</translation>
    </message>
    <message>
        <source>Data pemohon berubah sejak berkas sebelumnya (nama/telepon)</source>
        <translation>Applicant details changed since an earlier file (name/phone)</translation>
    </message>
    <message>
        <source>Diterima</source>
        <translation>Received</translation>
    </message>
    <message>
        <source>Diproses</source>
        <translation>In process</translation>
    </message>
    <message>
        <source>Di dinas</source>
        <translation>At agency</translation>
    </message>
    <message>
        <source>Siap diambil</source>
        <translation>Ready for pick-up</translation>
    </message>
    <message>
        <source>Selesai</source>
        <translation>Completed</translation>
    </message>
    <message>
        <source>Ditolak</source>
        <translation>Rejected</translation>
    </message>
    <message>
        <source>Dibatalkan</source>
        <translation>Cancelled</translation>
    </message>
    <message>
        <source>Petugas</source>
        <translation>Officer</translation>
    </message>
    <message>
        <source>Koordinator</source>
        <translation>Shift lead</translation>
    </message>
    <message>
        <source>Admin</source>
        <translation>Administrator</translation>
    </message>
    <message>
        <source>Provinsi</source>
        <translation>Province</translation>
    </message>
    <message>
        <source>Kota</source>
        <translation>City</translation>
    </message>
    <message>
        <source>Kabupaten</source>
        <translation>Regency</translation>
    </message>
    <message>
        <source>Kecamatan</source>
        <translation>District</translation>
    </message>
    <message>
        <source>Kelurahan</source>
        <translation>Kelurahan</translation>
    </message>
    <message>
        <source>Retribusi sesuai ketentuan</source>
        <translation>Levy as regulated</translation>
    </message>
    <message>
        <source>Gratis</source>
        <translation>Free</translation>
    </message>
    <message>
        <source>Selesai hari ini</source>
        <translation>Done today</translation>
    </message>
    <message numerus="yes">
        <source>%n hari kerja</source>
        <translation><numerusform>%n working day</numerusform><numerusform>%n working days</numerusform></translation>
    </message>
    <message>
        <source>Diterima di loket</source>
        <translation>Received at the counter</translation>
    </message>
    <message>
        <source>Mulai diproses</source>
        <translation>Processing started</translation>
    </message>
    <message>
        <source>Diteruskan ke %1</source>
        <translation>Forwarded to %1</translation>
    </message>
    <message>
        <source>Kembali dari %1 dengan masalah</source>
        <translation>Back from %1 with a problem</translation>
    </message>
    <message>
        <source>Kembali dari %1, lengkap</source>
        <translation>Back from %1, complete</translation>
    </message>
    <message>
        <source>Siap diambil pemohon</source>
        <translation>Ready for the applicant to collect</translation>
    </message>
    <message>
        <source>Diserahkan kepada %1</source>
        <translation>Handed over to %1</translation>
    </message>
    <message>
        <source>Diserahkan kepada pemohon</source>
        <translation>Handed over to the applicant</translation>
    </message>
    <message>
        <source>Ditolak: %1</source>
        <translation>Rejected: %1</translation>
    </message>
    <message>
        <source>dokumen kurang: %1</source>
        <translation>missing documents: %1</translation>
    </message>
    <message>
        <source>Dibatalkan: %1</source>
        <translation>Cancelled: %1</translation>
    </message>
    <message>
        <source>tanda terima penerimaan</source>
        <translation>intake receipt</translation>
    </message>
    <message>
        <source>tanda terima penyerahan</source>
        <translation>hand-over receipt</translation>
    </message>
    <message>
        <source>surat penolakan</source>
        <translation>rejection letter</translation>
    </message>
    <message>
        <source>Dicetak: %1</source>
        <translation>Printed: %1</translation>
    </message>
    <message>
        <source>Gagal mencetak %1</source>
        <translation>Printing failed: %1</translation>
    </message>
    <message>
        <source>(salinan ke-%1)</source>
        <translation>(copy %1)</translation>
    </message>
    <message>
        <source>Catatan: %1</source>
        <translation>Note: %1</translation>
    </message>
</context>
<context>
    <name>FormDialog</name>
    <message>
        <source>Simpan</source>
        <translation>Save</translation>
    </message>
    <message>
        <source>Batal</source>
        <translation>Cancel</translation>
    </message>
</context>
<context>
    <name>ForwardDialog</name>
    <message>
        <source>— pilih dinas —</source>
        <translation>— choose an agency —</translation>
    </message>
    <message>
        <source>Pilih dinas tujuan; berkas %1 belum diteruskan.</source>
        <translation>Choose the agency; file %1 has not been forwarded.</translation>
    </message>
    <message>
        <source>Berkas %1 akan diteruskan ke %2 dan berstatus di dinas.</source>
        <translation>File %1 will be forwarded to %2 and be at the agency.</translation>
    </message>
    <message>
        <source>Pilih dinas tujuan.</source>
        <translation>Choose the agency.</translation>
    </message>
    <message>
        <source>Teruskan ke dinas</source>
        <translation>Forward to an agency</translation>
    </message>
    <message>
        <source>Dinas</source>
        <translation>Agency</translation>
    </message>
    <message>
        <source>Catatan</source>
        <translation>Note</translation>
    </message>
    <message>
        <source>opsional</source>
        <translation>optional</translation>
    </message>
</context>
<context>
    <name>HandOverDialog</name>
    <message>
        <source>Hasil berkas %1 akan diserahkan kepada %2; berkas selesai.</source>
        <translation>The result of file %1 will be handed to %2; the file is completed.</translation>
    </message>
    <message>
        <source>Hasil berkas %1 akan diserahkan; tulis nama penerima.</source>
        <translation>The result of file %1 will be handed over; write the recipient&apos;s name.</translation>
    </message>
    <message>
        <source>Serahkan hasil</source>
        <translation>Hand over the result</translation>
    </message>
    <message>
        <source>Nama penerima</source>
        <translation>Recipient&apos;s name</translation>
    </message>
</context>
<context>
    <name>HoursDialog</name>
    <message>
        <source>Jam kerja</source>
        <translation>Working hours</translation>
    </message>
    <message>
        <source>◀ Minggu sebelumnya</source>
        <translation>◀ Previous week</translation>
    </message>
    <message>
        <source>Minggu berikutnya ▶</source>
        <translation>Next week ▶</translation>
    </message>
    <message>
        <source>Minggu ini</source>
        <translation>This week</translation>
    </message>
    <message>
        <source>Hari</source>
        <translation>Day</translation>
    </message>
    <message>
        <source>Jam</source>
        <translation>Hours</translation>
    </message>
    <message>
        <source>Jam saya</source>
        <translation>My hours</translation>
    </message>
    <message>
        <source>Petugas</source>
        <translation>Officer</translation>
    </message>
    <message>
        <source>Masuk</source>
        <translation>In</translation>
    </message>
    <message>
        <source>Pulang</source>
        <translation>Out</translation>
    </message>
    <message>
        <source>&amp;Koreksi sesi…</source>
        <translation>&amp;Correct session…</translation>
    </message>
    <message>
        <source>Ubah jam masuk/pulang sesi terpilih, dengan alasan (Alt+K)</source>
        <translation>Change the selected session&apos;s clock-in/out times, with a reason (Alt+C)</translation>
    </message>
    <message>
        <source>Sesi absensi minggu ini</source>
        <translation>Attendance sessions this week</translation>
    </message>
    <message>
        <source>Total</source>
        <translation>Total</translation>
    </message>
    <message>
        <source>Keterangan</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>Semua petugas</source>
        <translation>All officers</translation>
    </message>
    <message>
        <source>Tutup</source>
        <translation>Close</translation>
    </message>
    <message>
        <source>Sen</source>
        <translation>Mon</translation>
    </message>
    <message>
        <source>Sel</source>
        <translation>Tue</translation>
    </message>
    <message>
        <source>Rab</source>
        <translation>Wed</translation>
    </message>
    <message>
        <source>Kam</source>
        <translation>Thu</translation>
    </message>
    <message>
        <source>Jum</source>
        <translation>Fri</translation>
    </message>
    <message>
        <source>Sab</source>
        <translation>Sat</translation>
    </message>
    <message>
        <source>Min</source>
        <translation>Sun</translation>
    </message>
    <message>
        <source>Total %1 jam dari %2</source>
        <translation>Total %1 h of %2</translation>
    </message>
    <message>
        <source>cukup</source>
        <translation>enough</translation>
    </message>
    <message>
        <source>kurang %1 jam</source>
        <translation>%1 h short</translation>
    </message>
    <message>
        <source>sesuai laju minggu ini</source>
        <translation>on pace for the week</translation>
    </message>
    <message>
        <source>tertinggal %1 jam dari laju minggu ini</source>
        <translation>%1 h behind the week's pace</translation>
    </message>
    <message>
        <source>Semua petugas — wajib %1 jam per minggu</source>
        <translation>All officers — %1 h required per week</translation>
    </message>
    <message>
        <source>sedang masuk</source>
        <translation>clocked in</translation>
    </message>
    <message>
        <source>masih masuk</source>
        <translation>still in</translation>
    </message>
    <message>
        <source>dikoreksi</source>
        <translation>corrected</translation>
    </message>
</context>
<context>
    <name>IntakePage</name>
    <message>
        <source>Belum tersimpan: hari ini sudah ditutup.</source>
        <translation>Not saved: today is already closed.</translation>
    </message>
    <message>
        <source>1. Layanan</source>
        <translation>1. Service</translation>
    </message>
    <message>
        <source>Pilih layanan di sebelah kiri.</source>
        <translation>Pick a service on the left.</translation>
    </message>
    <message>
        <source>Centang semua</source>
        <translation>Tick all</translation>
    </message>
    <message>
        <source>Semua dokumen diterima (Ctrl+D)</source>
        <translation>All documents received (Ctrl+D)</translation>
    </message>
    <message>
        <source>2. Persyaratan</source>
        <translation>2. Requirements</translation>
    </message>
    <message>
        <source>Waktu penyelesaian</source>
        <translation>Completion time</translation>
    </message>
    <message>
        <source>Biaya resmi</source>
        <translation>Official fee</translation>
    </message>
    <message>
        <source>Instansi</source>
        <translation>Agency</translation>
    </message>
    <message>
        <source>Dokumen yang diterima:</source>
        <translation>Documents received:</translation>
    </message>
    <message>
        <source>16 digit</source>
        <translation>16 digits</translation>
    </message>
    <message>
        <source>sesuai KTP</source>
        <translation>as on the ID card</translation>
    </message>
    <message>
        <source>opsional, mis. 0812 3456 7890</source>
        <translation>optional, e.g. 0812 3456 7890</translation>
    </message>
    <message>
        <source>permohonan apa? (wajib untuk Lainnya)</source>
        <translation>what is requested? (required for Other)</translation>
    </message>
    <message>
        <source>3. Pemohon</source>
        <translation>3. Applicant</translation>
    </message>
    <message>
        <source>NIK</source>
        <translation>NIK</translation>
    </message>
    <message>
        <source>Nama</source>
        <translation>Name</translation>
    </message>
    <message>
        <source>Telepon</source>
        <translation>Phone</translation>
    </message>
    <message>
        <source>Keterangan</source>
        <translation>Description</translation>
    </message>
    <message>
        <source>Simpan</source>
        <translation>Save</translation>
    </message>
    <message>
        <source>Simpan dan buat nomor berkas (Ctrl+S)</source>
        <translation>Save and issue a tracking number (Ctrl+S)</translation>
    </message>
    <message>
        <source>Formulir baru</source>
        <translation>New form</translation>
    </message>
    <message>
        <source>Kosongkan formulir (Ctrl+N)</source>
        <translation>Clear the form (Ctrl+N)</translation>
    </message>
    <message>
        <source>Buka berkas</source>
        <translation>Open file</translation>
    </message>
    <message>
        <source>Menyimpan…</source>
        <translation>Saving…</translation>
    </message>
    <message>
        <source>Pilih layanan dulu.</source>
        <translation>Pick a service first.</translation>
    </message>
    <message>
        <source>Data layanan ini masih perkiraan; periksa ketentuan terbaru.</source>
        <translation>This service&apos;s data is an estimate; check the current regulation.</translation>
    </message>
    <message>
        <source>Menyiapkan tanda terima…</source>
        <translation>Preparing the receipt…</translation>
    </message>
    <message>
        <source>Tersimpan. Nomor berkas: %1</source>
        <translation>Saved. Tracking number: %1</translation>
    </message>
    <message>
        <source>Belum tersimpan: periksa isian yang ditandai.</source>
        <translation>Not saved: check the marked fields.</translation>
    </message>
    <message>
        <source>Belum tersimpan: periksa layanan.</source>
        <translation>Not saved: check the service.</translation>
    </message>
    <message>
        <source>Belum tersimpan: periksa dokumen.</source>
        <translation>Not saved: check the documents.</translation>
    </message>
    <message>
        <source>Belum tersimpan. %1 Isian Anda tetap ada; coba simpan lagi.</source>
        <translation>Not saved. %1 What you typed is kept; try saving again.</translation>
    </message>
</context>
<context>
    <name>KioskWindow</name>
    <message>
        <source>Didahulukan (pilih bila sesuai):</source>
        <translation>Priority (choose if it applies):</translation>
    </message>
    <message>
        <source>Loket — ambil nomor antrean</source>
        <translation>Loket — take a queue number</translation>
    </message>
    <message>
        <source>Mencetak nomor…</source>
        <translation>Printing your number…</translation>
    </message>
    <message>
        <source>Nomor Anda %1. Menunggu di depan Anda: %2 orang.</source>
        <translation>Your number is %1. Waiting before you: %2.</translation>
    </message>
    <message>
        <source>Printer tidak tersedia; mohon catat nomor Anda.</source>
        <translation>No printer available; please note your number.</translation>
    </message>
    <message>
        <source>Silakan pilih layanan untuk mengambil nomor antrean</source>
        <translation>Choose a service to take a queue number</translation>
    </message>
</context>
<context>
    <name>Launcher</name>
    <message>
        <source>Membuka database kantor…</source>
        <translation>Opening the office database…</translation>
    </message>
    <message>
        <source>Membuat kantor demo (%1 hari riwayat)…</source>
        <translation>Creating a demo office (%1 days of history)…</translation>
    </message>
</context>
<context>
    <name>LoginPage</name>
    <message>
        <source>Loket PTSP</source>
        <translation>PTSP Counter</translation>
    </message>
    <message>
        <source>Pilih nama Anda (ketik huruf awal untuk melompat)</source>
        <translation>Pick your name (type the first letters to jump)</translation>
    </message>
    <message>
        <source>6-12 digit</source>
        <translation>6-12 digits</translation>
    </message>
    <message>
        <source>Masuk</source>
        <translation>Log in</translation>
    </message>
    <message>
        <source>Masuk (Enter)</source>
        <translation>Log in (Enter)</translation>
    </message>
    <message>
        <source>Kantor demo: PIN semua petugas %1</source>
        <translation>Demo office: every officer&apos;s PIN is %1</translation>
    </message>
    <message>
        <source>Petugas</source>
        <translation>Officer</translation>
    </message>
    <message>
        <source>PIN</source>
        <translation>PIN</translation>
    </message>
    <message>
        <source>Layar terkunci. %1 dapat membuka dengan PIN, atau petugas lain masuk.</source>
        <translation>Screen locked. %1 can unlock with their PIN, or another officer can log in.</translation>
    </message>
    <message>
        <source>Pilih nama petugas dulu.</source>
        <translation>Pick an officer first.</translation>
    </message>
    <message>
        <source>Ketik PIN Anda.</source>
        <translation>Type your PIN.</translation>
    </message>
    <message>
        <source>Memeriksa PIN…</source>
        <translation>Checking the PIN…</translation>
    </message>
    <message>
        <source>Pilih PIN baru dulu untuk mulai bekerja.</source>
        <translation>Choose a new PIN first to start working.</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>Angka kota hanya untuk koordinator atau admin.</source>
        <translation>City figures are for shift leads and admins only.</translation>
    </message>
    <message>
        <source>Angka kota untuk kantor ini…</source>
        <translation>City figures for this office…</translation>
    </message>
    <message>
        <source>Panggil berikutnya</source>
        <translation>Call next</translation>
    </message>
    <message>
        <source>Loket — %1</source>
        <translation>Loket — %1</translation>
    </message>
    <message>
        <source>&amp;Loket</source>
        <translation>&amp;Desk</translation>
    </message>
    <message>
        <source>Penerimaan baru</source>
        <translation>New intake</translation>
    </message>
    <message>
        <source>Antrean kerja</source>
        <translation>Work queue</translation>
    </message>
    <message>
        <source>Poin</source>
        <translation>Points</translation>
    </message>
    <message>
        <source>Cari berkas…</source>
        <translation>Find a file…</translation>
    </message>
    <message>
        <source>Muat ulang</source>
        <translation>Reload</translation>
    </message>
    <message>
        <source>Kunci layar</source>
        <translation>Lock screen</translation>
    </message>
    <message>
        <source>Ganti petugas</source>
        <translation>Switch officer</translation>
    </message>
    <message>
        <source>Pengaturan…</source>
        <translation>Settings…</translation>
    </message>
    <message>
        <source>Keluar</source>
        <translation>Quit</translation>
    </message>
    <message>
        <source>Absen masuk</source>
        <translation>Clock in</translation>
    </message>
    <message>
        <source>Jam kerja…</source>
        <translation>Working hours…</translation>
    </message>
    <message>
        <source>&amp;Penerimaan</source>
        <translation>&amp;Intake</translation>
    </message>
    <message>
        <source>Simpan</source>
        <translation>Save intake</translation>
    </message>
    <message>
        <source>Formulir baru</source>
        <translation>New form</translation>
    </message>
    <message>
        <source>Centang semua dokumen</source>
        <translation>Tick all documents</translation>
    </message>
    <message>
        <source>&amp;Berkas</source>
        <translation>&amp;File</translation>
    </message>
    <message>
        <source>&amp;Koordinator</source>
        <translation>&amp;Lead</translation>
    </message>
    <message>
        <source>Dasbor kantor</source>
        <translation>Office dashboard</translation>
    </message>
    <message>
        <source>Tutup hari…</source>
        <translation>Close the day…</translation>
    </message>
    <message>
        <source>Ba&amp;ntuan</source>
        <translation>&amp;Help</translation>
    </message>
    <message>
        <source>Pintasan keyboard</source>
        <translation>Keyboard shortcuts</translation>
    </message>
    <message>
        <source>Dasbor kantor hanya untuk koordinator atau admin.</source>
        <translation>The office dashboard is for leads and admins only.</translation>
    </message>
    <message>
        <source>Tutup hari hanya untuk koordinator atau admin.</source>
        <translation>Only a lead or an admin can close the day.</translation>
    </message>
    <message>
        <source>Hari ditutup dan disegel.</source>
        <translation>The day is closed and sealed.</translation>
    </message>
    <message>
        <source>Belum masuk</source>
        <translation>Not logged in</translation>
    </message>
    <message>
        <source>Tutup</source>
        <translation>Close</translation>
    </message>
    <message>
        <source>Menunggu penyimpanan selesai…</source>
        <translation>Waiting for saving to finish…</translation>
    </message>
    <message>
        <source>Sinkronkan sekarang</source>
        <translation>Sync now</translation>
    </message>
</context>
<context>
    <name>NoPrinterPrompt</name>
    <message>
        <source>Nanti saja</source>
        <translation>Not now</translation>
    </message>
    <message>
        <source>Simpan PDF</source>
        <translation>Save PDF</translation>
    </message>
    <message>
        <source>Tanda terima belum dicetak. Simpan sebagai PDF sekarang (tercatat sebagai disimpan, bukan dicetak), atau pasang printer di Pengaturan lalu tekan Cetak ulang.</source>
        <translation>The receipt is not printed. Save it as a PDF now (recorded as saved, not printed), or set up a printer in Settings and press Print again.</translation>
    </message>
    <message>
        <source>Tidak ada printer</source>
        <translation>No printer</translation>
    </message>
</context>
<context>
    <name>NoteDialog</name>
    <message>
        <source>Tambah catatan</source>
        <translation>Add a note</translation>
    </message>
    <message>
        <source>Catatan</source>
        <translation>Note</translation>
    </message>
</context>
<context>
    <name>OfficePage</name>
    <message>
        <source>Kantor ini</source>
        <translation>This office</translation>
    </message>
    <message>
        <source>Ketik nama kelurahan, kecamatan atau kota, lalu pilih dari daftar.</source>
        <translation>Type the name of the kelurahan, district or city, then pick it from the list.</translation>
    </message>
    <message>
        <source>mis. Pengadegan</source>
        <translation>e.g. Pengadegan</translation>
    </message>
    <message>
        <source>Dipilih: %1</source>
        <translation>Chosen: %1</translation>
    </message>
</context>
<context>
    <name>PointsPage</name>
    <message>
        <source>Poin saya hari ini</source>
        <translation>My points today</translation>
    </message>
    <message>
        <source>Minggu ini</source>
        <translation>This week</translation>
    </message>
    <message>
        <source>Bulan ini</source>
        <translation>This month</translation>
    </message>
    <message>
        <source>#</source>
        <translation>#</translation>
    </message>
    <message>
        <source>Petugas</source>
        <translation>Officer</translation>
    </message>
    <message>
        <source>Poin</source>
        <translation>Points</translation>
    </message>
    <message>
        <source>Papan peringkat kantor bulan ini</source>
        <translation>Office leaderboard this month</translation>
    </message>
    <message>
        <source>Sampai %1 · aturan poin versi %2</source>
        <translation>Up to %1 · points rules version %2</translation>
    </message>
</context>
<context>
    <name>PrinterSettingsBox</name>
    <message>
        <source>%1 (tidak ditemukan)</source>
        <translation>%1 (not found)</translation>
    </message>
    <message>
        <source>Belum ada printer bawaan di komputer ini. Pilih printer.</source>
        <translation>This computer has no default printer. Choose a printer.</translation>
    </message>
    <message>
        <source>Cetak halaman uji ke printer ini, dengan kertas ini</source>
        <translation>Print a test page on this printer, on this paper</translation>
    </message>
    <message>
        <source>Dokumen</source>
        <translation>Document</translation>
    </message>
    <message>
        <source>Halaman uji diterima oleh printer %1.</source>
        <translation>The printer %1 accepted the test page.</translation>
    </message>
    <message>
        <source>Kertas</source>
        <translation>Paper</translation>
    </message>
    <message>
        <source>Laporan harian</source>
        <translation>Day report</translation>
    </message>
    <message>
        <source>Mengirim halaman uji…</source>
        <translation>Sending the test page…</translation>
    </message>
    <message>
        <source>Printer</source>
        <translation>Printer</translation>
    </message>
    <message>
        <source>Printer %1 tidak ditemukan.</source>
        <translation>Printer %1 not found.</translation>
    </message>
    <message>
        <source>Printer bawaan sistem</source>
        <translation>System default printer</translation>
    </message>
    <message>
        <source>Printer dan kertas</source>
        <translation>Printers and paper</translation>
    </message>
    <message>
        <source>Rol 58 mm</source>
        <translation>58 mm roll</translation>
    </message>
    <message>
        <source>Rol 80 mm</source>
        <translation>80 mm roll</translation>
    </message>
    <message>
        <source>Surat penolakan</source>
        <translation>Rejection notice</translation>
    </message>
    <message>
        <source>Tanda terima penerimaan</source>
        <translation>Intake receipt</translation>
    </message>
    <message>
        <source>Tanda terima penyerahan</source>
        <translation>Hand-over receipt</translation>
    </message>
    <message>
        <source>Uji cetak</source>
        <translation>Test print</translation>
    </message>
    <message>
        <source>Uji cetak gagal pada printer %1: %2</source>
        <translation>Test print failed on printer %1: %2</translation>
    </message>
    <message>
        <source>Uji cetak gagal: %1</source>
        <translation>Test print failed: %1</translation>
    </message>
</context>
<context>
    <name>QueueModel</name>
    <message>
        <source>berkas belum lengkap</source>
        <translation>file incomplete</translation>
    </message>
    <message>
        <source>Dokumen belum lengkap: %1</source>
        <translation>Documents missing: %1</translation>
    </message>
    <message>
        <source>No. berkas</source>
        <translation>Tracking no.</translation>
    </message>
    <message>
        <source>Layanan</source>
        <translation>Service</translation>
    </message>
    <message>
        <source>Pemohon</source>
        <translation>Applicant</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>Diterima</source>
        <translation>Received</translation>
    </message>
    <message>
        <source>Tenggat</source>
        <translation>Due</translation>
    </message>
    <message>
        <source>Dinas</source>
        <translation>Agency</translation>
    </message>
    <message>
        <source>Petugas penerima</source>
        <translation>Received by</translation>
    </message>
    <message>
        <source>Terlambat: tenggat %1</source>
        <translation>Overdue: due %1</translation>
    </message>
    <message>
        <source>Segera jatuh tempo: %1</source>
        <translation>Due soon: %1</translation>
    </message>
</context>
<context>
    <name>QueuePage</name>
    <message>
        <source>Ekspor CSV…</source>
        <translation>Export CSV…</translation>
    </message>
    <message>
        <source>Simpan daftar ini (semua berkas sesuai saringan) sebagai file CSV</source>
        <translation>Save this list (every file the filter selects) as a CSV file</translation>
    </message>
    <message>
        <source>Mengekspor…</source>
        <translation>Exporting…</translation>
    </message>
    <message>
        <source>Ekspor antrean</source>
        <translation>Export the queue</translation>
    </message>
    <message>
        <source>CSV (*.csv)</source>
        <translation>CSV (*.csv)</translation>
    </message>
    <message>
        <source>%1 berkas diekspor ke %2</source>
        <translation>%1 files exported to %2</translation>
    </message>
    <message>
        <source>Ekspor gagal: %1</source>
        <translation>Export failed: %1</translation>
    </message>
    <message>
        <source>terlambat</source>
        <translation>overdue</translation>
    </message>
    <message>
        <source>jatuh tempo ≤ 1 hari</source>
        <translation>due within a day</translation>
    </message>
    <message>
        <source>Masih terbuka</source>
        <translation>Still open</translation>
    </message>
    <message>
        <source>Semua status</source>
        <translation>All statuses</translation>
    </message>
    <message>
        <source>Milik saya</source>
        <translation>Mine</translation>
    </message>
    <message>
        <source>Hanya berkas yang Anda terima</source>
        <translation>Only files you received</translation>
    </message>
    <message>
        <source>Terlambat</source>
        <translation>Overdue</translation>
    </message>
    <message>
        <source>Segera jatuh tempo</source>
        <translation>Due soon</translation>
    </message>
    <message>
        <source>Tenggat hari ini atau besok</source>
        <translation>Due today or tomorrow</translation>
    </message>
    <message>
        <source>Semua dinas</source>
        <translation>All agencies</translation>
    </message>
    <message>
        <source>Semua layanan</source>
        <translation>All services</translation>
    </message>
    <message>
        <source>Diterima dari</source>
        <translation>Received from</translation>
    </message>
    <message>
        <source>Muat ulang</source>
        <translation>Reload</translation>
    </message>
    <message>
        <source>Muat ulang antrean (Ctrl+R)</source>
        <translation>Reload the queue (Ctrl+R)</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>Dinas</source>
        <translation>Agency</translation>
    </message>
    <message>
        <source>Layanan</source>
        <translation>Service</translation>
    </message>
    <message>
        <source>s.d.</source>
        <translation>to</translation>
    </message>
    <message>
        <source>Jumlah per status:</source>
        <translation>Count per status:</translation>
    </message>
    <message>
        <source>Tampilkan hanya status ini</source>
        <translation>Show only this status</translation>
    </message>
    <message>
        <source>Memuat…</source>
        <translation>Loading…</translation>
    </message>
    <message>
        <source>Menampilkan %1 berkas; menghitung jumlah…</source>
        <translation>Showing %1 files; counting…</translation>
    </message>
    <message>
        <source>Menampilkan %1 dari %2 berkas</source>
        <translation>Showing %1 of %2 files</translation>
    </message>
</context>
<context>
    <name>ReceiptPrinter</name>
    <message>
        <source>Belum ada printer yang dipasang di komputer ini untuk %2.</source>
        <translation>No printer is set up on this computer for the %2.</translation>
    </message>
    <message>
        <source>Printer %1 untuk %2 tidak ditemukan di komputer ini.</source>
        <translation>The printer %1 for the %2 is not found on this computer.</translation>
    </message>
    <message>
        <source>Tanda terima disimpan sebagai PDF %1 (belum dicetak di kertas).</source>
        <translation>Receipt saved as the PDF %1 (not printed on paper).</translation>
    </message>
    <message>
        <source>Tanda terima gagal dicetak (belum dicetak): printer %1 tidak menerima pekerjaan cetak. Periksa printer menyala, berkertas, tersambung dan tidak dihentikan, lalu tekan Cetak ulang di halaman berkas (Ctrl+P).</source>
        <translation>The receipt did not print (not printed): printer %1 did not accept the print job. Check that the printer is on, has paper, is connected and not paused, then press Print again on the task page (Ctrl+P).</translation>
    </message>
    <message>
        <source>Tidak ada printer: tanda terima BELUM DICETAK, hanya disimpan sebagai PDF: %1. Cetak berkas itu, atau pasang printer lalu tekan Cetak ulang.</source>
        <translation>No printer: the receipt is NOT PRINTED, only saved as a PDF: %1. Print that file, or set up a printer and press Print again.</translation>
    </message>
    <message>
        <source>Tidak ada printer: tanda terima belum dicetak. Pasang printer di Pengaturan lalu tekan Cetak ulang, atau simpan sebagai PDF.</source>
        <translation>No printer: the receipt is not printed. Set up a printer in Settings and press Print again, or save it as a PDF.</translation>
    </message>
    <message>
        <source>Pratinjau tanda terima %1</source>
        <translation>Receipt preview %1</translation>
    </message>
    <message>
        <source>Simpan tanda terima sebagai PDF</source>
        <translation>Save the receipt as PDF</translation>
    </message>
    <message>
        <source>Dokumen PDF (*.pdf)</source>
        <translation>PDF documents (*.pdf)</translation>
    </message>
    <message>
        <source>Tanda terima disimpan: %1</source>
        <translation>Receipt saved: %1</translation>
    </message>
    <message>
        <source>Tanda terima belum tersimpan. %1</source>
        <translation>The receipt was not saved. %1</translation>
    </message>
    <message>
        <source>Catatan cetak tidak tersimpan: %1</source>
        <translation>The print was not recorded: %1</translation>
    </message>
    <message>
        <source>Tanda terima tidak bisa dibuat. %1</source>
        <translation>The receipt could not be made. %1</translation>
    </message>
    <message>
        <source>Pratinjau ditutup tanpa mencetak; tanda terima belum dicetak.</source>
        <translation>The preview was closed without printing; the receipt is not printed yet.</translation>
    </message>
    <message>
        <source>Penyimpanan PDF dibatalkan.</source>
        <translation>Saving the PDF was cancelled.</translation>
    </message>
    <message>
        <source>Tanda terima dicetak ke %1 (salinan ke-%2).</source>
        <translation>Receipt printed on %1 (copy %2).</translation>
    </message>
    <message>
        <source>Tanda terima dicetak ke %1.</source>
        <translation>Receipt printed on %1.</translation>
    </message>
    <message>
        <source>Tanda terima gagal dicetak: dokumennya tidak terbaca. Tekan Cetak ulang; bila terulang, hubungi admin.</source>
        <translation>The receipt did not print: its document could not be read. Press Reprint; if it happens again, call the administrator.</translation>
    </message>
</context>
<context>
    <name>RejectDialog</name>
    <message>
        <source>Berkas %1 akan ditolak dan ditutup; surat penolakan dicetak.</source>
        <translation>File %1 will be rejected and closed; the rejection letter is printed.</translation>
    </message>
    <message>
        <source>Tolak permohonan</source>
        <translation>Reject the request</translation>
    </message>
    <message>
        <source>Alasan</source>
        <translation>Reason</translation>
    </message>
    <message>
        <source>minimal %1 huruf</source>
        <translation>at least %1 letters</translation>
    </message>
    <message>
        <source>Dokumen kurang</source>
        <translation>Missing documents</translation>
    </message>
</context>
<context>
    <name>ReturnDialog</name>
    <message>
        <source>Kembali dari dinas</source>
        <translation>Back from the agency</translation>
    </message>
    <message>
        <source>Lengkap</source>
        <translation>Complete</translation>
    </message>
    <message>
        <source>Ada masalah</source>
        <translation>With a problem</translation>
    </message>
    <message>
        <source>Hasil</source>
        <translation>Outcome</translation>
    </message>
    <message>
        <source>Catatan</source>
        <translation>Note</translation>
    </message>
    <message>
        <source>wajib bila ada masalah</source>
        <translation>required when there is a problem</translation>
    </message>
</context>
<context>
    <name>SealPage</name>
    <message>
        <source>Saya mengerti: sesudah disegel, tidak ada yang dapat mencatat lagi hari ini</source>
        <translation>I understand: once sealed, nobody can record anything more today</translation>
    </message>
    <message>
        <source>absen Anda (masuk sejak %1) ditutup saat hari disegel.</source>
        <translation>your attendance (clocked in since %1) is clocked out when the day is sealed.</translation>
    </message>
    <message>
        <source>4. Tutup dan segel</source>
        <translation>4. Close and seal</translation>
    </message>
    <message>
        <source>Sekali disegel, hari itu tidak bisa diubah lagi.</source>
        <translation>Once sealed, the day cannot be changed any more.</translation>
    </message>
    <message>
        <source>&amp;Tutup dan segel hari</source>
        <translation>Close and &amp;seal the day</translation>
    </message>
    <message>
        <source>Segel hari, tulis laporan, buat cadangan (Alt+T)</source>
        <translation>Seal the day, write the reports, make a backup (Alt+S)</translation>
    </message>
    <message>
        <source>Buka folder &amp;laporan</source>
        <translation>Open the &amp;report folder</translation>
    </message>
    <message>
        <source>Menutup &lt;b&gt;%1&lt;/b&gt;:</source>
        <translation>Closing &lt;b&gt;%1&lt;/b&gt;:</translation>
    </message>
    <message>
        <source>hari itu disegel: tidak ada lagi perubahan bertanggal hari itu;</source>
        <translation>the day is sealed: no more changes dated on it;</translation>
    </message>
    <message>
        <source>laporan PDF, CSV dan XLSX ditulis ke %1;</source>
        <translation>the PDF, CSV and XLSX reports are written to %1;</translation>
    </message>
    <message>
        <source>cadangan database dibuat di %1.</source>
        <translation>a database backup is made in %1.</translation>
    </message>
    <message>
        <source>Dibiarkan terbuka: %1; alasannya: %2</source>
        <translation>Left open: %1; the reason: %2</translation>
    </message>
    <message>
        <source>Menutup hari, menulis laporan dan membuat cadangan…</source>
        <translation>Closing the day, writing the reports, making the backup…</translation>
    </message>
    <message>
        <source>%1 ditutup dan disegel oleh %2.</source>
        <translation>%1 closed and sealed by %2.</translation>
    </message>
    <message>
        <source>Laporan:</source>
        <translation>Reports:</translation>
    </message>
    <message>
        <source>Cadangan: %1</source>
        <translation>Backup: %1</translation>
    </message>
    <message>
        <source>Laporan gagal ditulis: %1 Hari tetap tersegel; tulis ulang dengan `desk-app close-day --date %2 --report-only`.</source>
        <translation>The reports could not be written: %1 The day stays sealed; write them again with `desk-app close-day --date %2 --report-only`.</translation>
    </message>
    <message>
        <source>Cadangan gagal dibuat: %1 Jalankan `desk-app backup`.</source>
        <translation>The backup failed: %1 Run `desk-app backup`.</translation>
    </message>
    <message>
        <source>%1 belum dapat ditutup: %2. Kembali ke langkah 2, tekan Periksa ulang, lalu selesaikan atau centang yang dibiarkan dan tulis alasannya.</source>
        <translation>%1 cannot be closed yet: %2. Go back to step 2, press Check again, then settle them or tick what stays open and give the reason.</translation>
    </message>
    <message>
        <source>Hari yang tersegel tidak bisa diubah lagi; tutup wizard ini.</source>
        <translation>A sealed day cannot be changed; close this wizard.</translation>
    </message>
    <message>
        <source>Hanya koordinator atau admin yang dapat menutup hari.</source>
        <translation>Only a lead or an admin can close the day.</translation>
    </message>
    <message>
        <source>Pilih hari lain di langkah 1.</source>
        <translation>Choose another day in step 1.</translation>
    </message>
    <message>
        <source>Tulis alasannya di langkah 2.</source>
        <translation>Give the reason in step 2.</translation>
    </message>
    <message>
        <source>tanda terima belum dicetak: %1</source>
        <translation>receipts not printed: %1</translation>
    </message>
    <message>
        <source>petugas masih absen masuk: %1</source>
        <translation>officers still clocked in: %1</translation>
    </message>
    <message>
        <source>berkas belum diproses: %1</source>
        <translation>files not started: %1</translation>
    </message>
</context>
<context>
    <name>SearchDialog</name>
    <message>
        <source>Cari berkas</source>
        <translation>Find a file</translation>
    </message>
    <message>
        <source>Nomor berkas atau 4 digit terakhirnya, NIK, telepon, atau nama pemohon</source>
        <translation>Tracking number or its last 4 digits, NIK, phone, or the applicant&apos;s name</translation>
    </message>
    <message>
        <source>No. berkas</source>
        <translation>Tracking no.</translation>
    </message>
    <message>
        <source>Pemohon</source>
        <translation>Applicant</translation>
    </message>
    <message>
        <source>Layanan</source>
        <translation>Service</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>Tenggat</source>
        <translation>Due</translation>
    </message>
    <message>
        <source>Mencari…</source>
        <translation>Searching…</translation>
    </message>
    <message>
        <source>%1 berkas terbaru; ketik lebih lengkap untuk mempersempit.</source>
        <translation>The %1 newest files; type more to narrow the search.</translation>
    </message>
    <message numerus="yes">
        <source>%n berkas ditemukan; Enter membuka yang dipilih.</source>
        <translation>
            <numerusform>%n file found; Enter opens the selected one.</numerusform>
            <numerusform>%n files found; Enter opens the selected one.</numerusform>
        </translation>
    </message>
    <message>
        <source>Tidak ada berkas yang cocok.</source>
        <translation>No matching file.</translation>
    </message>
</context>
<context>
    <name>ServicePicker</name>
    <message>
        <source>Ketik kode, nama layanan atau kata umum (mis. KTP, nikah, SKCK)…</source>
        <translation>Type a code, a service name or an everyday word (e.g. KTP, marriage, SKCK)…</translation>
    </message>
</context>
<context>
    <name>ServiceText</name>
    <message>
        <source>Lainnya: %1</source>
        <translation>Other: %1</translation>
    </message>
</context>
<context>
    <name>SettingsDialog</name>
    <message>
        <source>Tanpa printer, &apos;Langsung ke printer&apos; bertanya dulu apakah tanda terima disimpan sebagai PDF (tercatat belum dicetak).</source>
        <translation>Without a printer, &apos;Straight to the printer&apos; first asks whether to save the receipt as a PDF (recorded as not printed).</translation>
    </message>
    <message>
        <source>Pengaturan</source>
        <translation>Settings</translation>
    </message>
    <message>
        <source>Bahasa Indonesia</source>
        <translation>Bahasa Indonesia</translation>
    </message>
    <message>
        <source>English</source>
        <translation>English</translation>
    </message>
    <message>
        <source> menit</source>
        <translation> minutes</translation>
    </message>
    <message>
        <source>tidak pernah</source>
        <translation>never</translation>
    </message>
    <message>
        <source>Pratinjau dulu</source>
        <translation>Preview first</translation>
    </message>
    <message>
        <source>Langsung ke printer</source>
        <translation>Straight to the printer</translation>
    </message>
    <message>
        <source>Simpan PDF saja</source>
        <translation>Only save a PDF</translation>
    </message>
    <message>
        <source>Bahasa dan ukuran teks baru berlaku setelah Loket dibuka ulang.</source>
        <translation>A new language or text size applies after Loket is restarted.</translation>
    </message>
    <message>
        <source>Bahasa</source>
        <translation>Language</translation>
    </message>
    <message>
        <source>Ukuran teks</source>
        <translation>Text size</translation>
    </message>
    <message>
        <source>Kunci layar otomatis</source>
        <translation>Automatic screen lock</translation>
    </message>
    <message>
        <source>Setelah menyimpan</source>
        <translation>After saving</translation>
    </message>
    <message>
        <source>Simpan</source>
        <translation>Save</translation>
    </message>
    <message>
        <source>Batal</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <source>Server kota</source>
        <translation>City server</translation>
    </message>
    <message>
        <source>kosong: sertifikat sistem</source>
        <translation>empty: the system&apos;s certificates</translation>
    </message>
    <message>
        <source>Berkas PEM sertifikat CA kota, bila server memakai CA sendiri.</source>
        <translation>The city&apos;s CA certificate as a PEM file, if the server uses its own CA.</translation>
    </message>
    <message>
        <source>Kode sekali pakai dari admin kota (berlaku 72 jam).</source>
        <translation>The one-time code from the city&apos;s administrator (valid for 72 hours).</translation>
    </message>
    <message>
        <source>Daftar ke kota</source>
        <translation>Enrol with the city</translation>
    </message>
    <message>
        <source>Memuat…</source>
        <translation>Loading…</translation>
    </message>
    <message>
        <source>Alamat server</source>
        <translation>Server address</translation>
    </message>
    <message>
        <source>Berkas CA</source>
        <translation>CA file</translation>
    </message>
    <message>
        <source>Kode pendaftaran</source>
        <translation>Enrolment code</translation>
    </message>
    <message>
        <source>Terdaftar di %1. Alamat lain perlu kode baru.</source>
        <translation>Enrolled with %1. Another address needs a new code.</translation>
    </message>
    <message>
        <source>Belum terdaftar. Minta kode pendaftaran kepada admin kota.</source>
        <translation>Not enrolled yet. Ask the city&apos;s administrator for an enrolment code.</translation>
    </message>
    <message>
        <source>Isi alamat server kota.</source>
        <translation>Fill in the city server&apos;s address.</translation>
    </message>
    <message>
        <source>Isi kode pendaftaran dari admin kota.</source>
        <translation>Fill in the enrolment code from the city&apos;s administrator.</translation>
    </message>
    <message>
        <source>Mendaftar ke %1…</source>
        <translation>Enrolling with %1…</translation>
    </message>
    <message>
        <source>Terdaftar di %1. Kejadian meja ini dikirim di latar belakang; lihat baris status.</source>
        <translation>Enrolled with %1. This desk&apos;s events are sent in the background; see the status bar.</translation>
    </message>
</context>
<context>
    <name>SetupWizard</name>
    <message>
        <source>Loket — penyiapan pertama</source>
        <translation>Loket — first set-up</translation>
    </message>
    <message>
        <source>Lanjut &gt;</source>
        <translation>Next &gt;</translation>
    </message>
    <message>
        <source>&lt; Kembali</source>
        <translation>&lt; Back</translation>
    </message>
    <message>
        <source>Selesai</source>
        <translation>Finish</translation>
    </message>
    <message>
        <source>Batal</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <source>Menyiapkan kantor…</source>
        <translation>Setting up the office…</translation>
    </message>
</context>
<context>
    <name>ShiftTracker</name>
    <message>
        <source>Absensi Anda: jam masuk dan jam kerja minggu ini (F8)</source>
        <translation>Your attendance: clock-in time and this week&apos;s hours (F8)</translation>
    </message>
    <message>
        <source>%1 jam minggu ini / %2</source>
        <translation>%1 h this week / %2</translation>
    </message>
    <message>
        <source>Belum absen masuk</source>
        <translation>Not clocked in</translation>
    </message>
    <message>
        <source>Masuk sejak %1</source>
        <translation>In since %1</translation>
    </message>
    <message>
        <source>Absen pulang</source>
        <translation>Clock out</translation>
    </message>
    <message>
        <source>Absen masuk</source>
        <translation>Clock in</translation>
    </message>
    <message>
        <source>Absen masuk tercatat pukul %1.</source>
        <translation>Clocked in at %1.</translation>
    </message>
    <message>
        <source>Absen pulang tercatat pukul %1.</source>
        <translation>Clocked out at %1.</translation>
    </message>
    <message>
        <source>Anda belum absen masuk — absen sekarang?</source>
        <translation>You have not clocked in yet — clock in now?</translation>
    </message>
    <message>
        <source>Absen &amp;masuk</source>
        <translation>Clock &amp;in</translation>
    </message>
    <message>
        <source>&amp;Nanti</source>
        <translation>&amp;Later</translation>
    </message>
    <message>
        <source>Anda masih absen masuk — absen pulang sekarang?</source>
        <translation>You are still clocked in — clock out now?</translation>
    </message>
    <message>
        <source>Absen &amp;pulang</source>
        <translation>Clock &amp;out</translation>
    </message>
    <message>
        <source>&amp;Tetap masuk</source>
        <translation>&amp;Stay clocked in</translation>
    </message>
    <message>
        <source>&amp;Batal</source>
        <translation>&amp;Cancel</translation>
    </message>
    <message>
        <source>Absensi</source>
        <translation>Attendance</translation>
    </message>
</context>
<context>
    <name>SlaChart</name>
    <message>
        <source>Kepatuhan SLA, %1 hari terakhir</source>
        <translation>SLA compliance, last %1 days</translation>
    </message>
    <message>
        <source>Selesai tepat waktu</source>
        <translation>Finished on time</translation>
    </message>
</context>
<context>
    <name>SummaryPage</name>
    <message>
        <source>3. Ringkasan hari</source>
        <translation>3. The day&apos;s summary</translation>
    </message>
    <message>
        <source>Angka inilah yang dicatat saat hari disegel.</source>
        <translation>These are the figures the seal records.</translation>
    </message>
    <message>
        <source>Diterima</source>
        <translation>Received</translation>
    </message>
    <message>
        <source>Selesai</source>
        <translation>Completed</translation>
    </message>
    <message>
        <source>Ditolak</source>
        <translation>Rejected</translation>
    </message>
    <message>
        <source>Dibatalkan</source>
        <translation>Cancelled</translation>
    </message>
    <message>
        <source>Masih terbuka di akhir hari</source>
        <translation>Still open at the end of the day</translation>
    </message>
    <message>
        <source>Terlambat di akhir hari</source>
        <translation>Overdue at the end of the day</translation>
    </message>
    <message>
        <source>Kepatuhan SLA</source>
        <translation>SLA compliance</translation>
    </message>
    <message>
        <source>Waktu layanan loket (menit:detik)</source>
        <translation>Counter handling time (min:sec)</translation>
    </message>
    <message>
        <source>Poin</source>
        <translation>Points</translation>
    </message>
    <message>
        <source>Jam kerja</source>
        <translation>Working hours</translation>
    </message>
    <message>
        <source>Petugas</source>
        <translation>Officer</translation>
    </message>
    <message>
        <source>Jam</source>
        <translation>Hours</translation>
    </message>
    <message>
        <source>Layanan</source>
        <translation>Service</translation>
    </message>
    <message>
        <source>Dinas</source>
        <translation>Agency</translation>
    </message>
    <message>
        <source>Diteruskan</source>
        <translation>Forwarded</translation>
    </message>
    <message>
        <source>Kembali</source>
        <translation>Returned</translation>
    </message>
    <message>
        <source>Masih di dinas</source>
        <translation>Still at the agency</translation>
    </message>
    <message>
        <source>Terlambat</source>
        <translation>Overdue</translation>
    </message>
    <message>
        <source>median %1 · p90 %2 · %3 berkas</source>
        <translation>median %1 · p90 %2 · %3 files</translation>
    </message>
    <message>
        <source>Per dinas — yang menahan berkas di atas</source>
        <translation>Per agency — those holding work up first</translation>
    </message>
    <message>
        <source>Per petugas</source>
        <translation>Per officer</translation>
    </message>
    <message>
        <source>Per layanan</source>
        <translation>Per service</translation>
    </message>
    <message>
        <source>%1 dari %2 tepat waktu (%3)</source>
        <translation>%1 of %2 on time (%3)</translation>
    </message>
</context>
<context>
    <name>SurveyDialog</name>
    <message>
        <source>Bagaimana pelayanan kami hari ini?</source>
        <translation>How was our service today?</translation>
    </message>
    <message>
        <source>Kirim</source>
        <translation>Send</translation>
    </message>
    <message>
        <source>Lewati</source>
        <translation>Skip</translation>
    </message>
    <message>
        <source>Survei kepuasan</source>
        <translation>Satisfaction survey</translation>
    </message>
    <message>
        <source>Tanpa nama: jawaban Anda tidak dikaitkan dengan Anda.</source>
        <translation>Anonymous: your answers are not linked to you.</translation>
    </message>
</context>
<context>
    <name>SyncIndicator</name>
    <message>
        <source>Sinkron: –</source>
        <translation>Sync: –</translation>
    </message>
    <message>
        <source>Belum terdaftar ke kota</source>
        <translation>Not enrolled with the city</translation>
    </message>
    <message>
        <source>Menyinkronkan…</source>
        <translation>Syncing…</translation>
    </message>
    <message>
        <source>Daring</source>
        <translation>Online</translation>
    </message>
    <message>
        <source>Luring</source>
        <translation>Offline</translation>
    </message>
    <message numerus="yes">
        <source>%n kejadian menunggu</source>
        <translation>
            <numerusform>%n event waiting</numerusform>
            <numerusform>%n events waiting</numerusform>
        </translation>
    </message>
    <message>
        <source>Semua terkirim</source>
        <translation>All sent</translation>
    </message>
    <message>
        <source>Sinkron %1</source>
        <translation>Synced %1</translation>
    </message>
    <message>
        <source>Katalog kota v%1 berlaku setelah Loket dibuka ulang</source>
        <translation>City catalogue v%1 takes effect when Loket is reopened</translation>
    </message>
    <message>
        <source>Sinkron berhenti</source>
        <translation>Sync stopped</translation>
    </message>
    <message>
        <source>Coba lagi %1</source>
        <translation>Retry %1</translation>
    </message>
    <message numerus="yes">
        <source>Jam meja %n menit lebih cepat</source>
        <translation>
            <numerusform>Desk clock %n minute fast</numerusform>
            <numerusform>Desk clock %n minutes fast</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Jam meja %n menit lebih lambat</source>
        <translation>
            <numerusform>Desk clock %n minute slow</numerusform>
            <numerusform>Desk clock %n minutes slow</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Jam meja %n jam lebih cepat</source>
        <translation>
            <numerusform>Desk clock %n hour fast</numerusform>
            <numerusform>Desk clock %n hours fast</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Jam meja %n jam lebih lambat</source>
        <translation>
            <numerusform>Desk clock %n hour slow</numerusform>
            <numerusform>Desk clock %n hours slow</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Jam meja %n hari lebih cepat</source>
        <translation>
            <numerusform>Desk clock %n day fast</numerusform>
            <numerusform>Desk clock %n days fast</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Jam meja %n hari lebih lambat</source>
        <translation>
            <numerusform>Desk clock %n day slow</numerusform>
            <numerusform>Desk clock %n days slow</numerusform>
        </translation>
    </message>
    <message>
        <source>Daftarkan meja ini ke server kota di Pengaturan (Ctrl+,).</source>
        <translation>Enrol this desk with the city server in Settings (Ctrl+,).</translation>
    </message>
    <message>
        <source>Server kota: %1</source>
        <translation>City server: %1</translation>
    </message>
    <message>
        <source>Kejadian meja ini: %1; diterima kota: %2</source>
        <translation>Events of this desk: %1; held by the city: %2</translation>
    </message>
    <message>
        <source>Sinkronkan sekarang: F12</source>
        <translation>Sync now: F12</translation>
    </message>
    <message>
        <source>Rincian: %1</source>
        <translation>Details: %1</translation>
    </message>
</context>
<context>
    <name>TaskDetailPage</name>
    <message>
        <source>Belum ada berkas dibuka. Cari dengan Ctrl+K atau buka dari antrean.</source>
        <translation>No file open yet. Search with Ctrl+K or open one from the queue.</translation>
    </message>
    <message>
        <source>Layanan</source>
        <translation>Service</translation>
    </message>
    <message>
        <source>Pemohon</source>
        <translation>Applicant</translation>
    </message>
    <message>
        <source>Diterima</source>
        <translation>Received</translation>
    </message>
    <message>
        <source>Tenggat</source>
        <translation>Due</translation>
    </message>
    <message>
        <source>Di dinas</source>
        <translation>At agency</translation>
    </message>
    <message>
        <source>Biaya resmi</source>
        <translation>Official fee</translation>
    </message>
    <message>
        <source>Dokumen</source>
        <translation>Documents</translation>
    </message>
    <message>
        <source>Keterangan</source>
        <translation>Description</translation>
    </message>
    <message>
        <source>Alasan</source>
        <translation>Reason</translation>
    </message>
    <message>
        <source>Mulai proses</source>
        <translation>Start processing</translation>
    </message>
    <message>
        <source>Teruskan ke dinas…</source>
        <translation>Forward to an agency…</translation>
    </message>
    <message>
        <source>Kembali dari dinas…</source>
        <translation>Back from the agency…</translation>
    </message>
    <message>
        <source>Siap diambil</source>
        <translation>Ready for pick-up</translation>
    </message>
    <message>
        <source>Serahkan…</source>
        <translation>Hand over…</translation>
    </message>
    <message>
        <source>Tolak…</source>
        <translation>Reject…</translation>
    </message>
    <message>
        <source>Batalkan…</source>
        <translation>Cancel…</translation>
    </message>
    <message>
        <source>Catatan…</source>
        <translation>Note…</translation>
    </message>
    <message>
        <source>Cetak ulang tanda terima</source>
        <translation>Reprint receipt</translation>
    </message>
    <message>
        <source>Pratinjau cetak…</source>
        <translation>Print preview…</translation>
    </message>
    <message>
        <source>Simpan PDF…</source>
        <translation>Save PDF…</translation>
    </message>
    <message>
        <source>Waktu</source>
        <translation>Time</translation>
    </message>
    <message>
        <source>Petugas</source>
        <translation>Officer</translation>
    </message>
    <message>
        <source>Kejadian</source>
        <translation>Event</translation>
    </message>
    <message>
        <source>Rincian</source>
        <translation>Details</translation>
    </message>
    <message>
        <source>Riwayat</source>
        <translation>History</translation>
    </message>
    <message>
        <source>Menyiapkan tanda terima…</source>
        <translation>Preparing the receipt…</translation>
    </message>
    <message>
        <source>terlambat</source>
        <translation>overdue</translation>
    </message>
</context>
<context>
    <name>UnprintedBanner</name>
    <message>
        <source>%1 baru disimpan sebagai PDF; pemohon belum menerima kertasnya. Periksa printer lalu tekan Cetak ulang.</source>
        <translation>The %1 was only saved as a PDF; the applicant has no paper yet. Check the printer, then press Print again.</translation>
    </message>
    <message>
        <source>Cetak ulang</source>
        <translation>Reprint</translation>
    </message>
    <message>
        <source>Cetak tanda terima lagi (Ctrl+P)</source>
        <translation>Print the receipt again (Ctrl+P)</translation>
    </message>
    <message>
        <source>Tanda terima belum dicetak</source>
        <translation>Receipt not printed</translation>
    </message>
    <message>
        <source>Belum ada cetakan %1 yang berhasil. Periksa printer lalu tekan Cetak ulang.</source>
        <translation>No %1 has printed successfully yet. Check the printer, then press Reprint.</translation>
    </message>
</context>
<context>
    <name>Workspace</name>
    <message>
        <source>Penerimaan (F2)</source>
        <translation>Intake (F2)</translation>
    </message>
    <message>
        <source>Antrean (F3)</source>
        <translation>Queue (F3)</translation>
    </message>
    <message>
        <source>Berkas</source>
        <translation>File</translation>
    </message>
    <message>
        <source>Poin (F4)</source>
        <translation>Points (F4)</translation>
    </message>
    <message>
        <source>Dasbor (F6)</source>
        <translation>Dashboard (F6)</translation>
    </message>
</context>
<context>
    <name>CorrectionDialog</name>
    <message>
        <source>Koreksi data berkas</source>
        <translation>Correct the file</translation>
    </message>
    <message>
        <source>Nama</source>
        <translation>Name</translation>
    </message>
    <message>
        <source>NIK</source>
        <translation>NIK</translation>
    </message>
    <message>
        <source>Telepon</source>
        <translation>Phone</translation>
    </message>
    <message>
        <source>Layanan</source>
        <translation>Service</translation>
    </message>
    <message>
        <source>Keterangan</source>
        <translation>Description</translation>
    </message>
    <message>
        <source>Dokumen diterima</source>
        <translation>Documents received</translation>
    </message>
    <message>
        <source>Alasan koreksi</source>
        <translation>Reason for the correction</translation>
    </message>
    <message>
        <source>minimal %1 huruf</source>
        <translation>at least %1 letters</translation>
    </message>
</context>
<context>
    <name>Corrections</name>
    <message>
        <source>Koreksi…</source>
        <translation>Correct…</translation>
    </message>
    <message>
        <source>Dokumen menyusul…</source>
        <translation>Documents brought later…</translation>
    </message>
    <message>
        <source>Berkas belum lengkap: %1</source>
        <translation>File incomplete: %1</translation>
    </message>
    <message>
        <source>ditetapkan setelah berkas lengkap (sementara %1)</source>
        <translation>set once the file is complete (provisionally %1)</translation>
    </message>
    <message>
        <source>Nama</source>
        <translation>Name</translation>
    </message>
    <message>
        <source>NIK</source>
        <translation>NIK</translation>
    </message>
    <message>
        <source>Telepon</source>
        <translation>Phone</translation>
    </message>
    <message>
        <source>Layanan</source>
        <translation>Service</translation>
    </message>
    <message>
        <source>Keterangan</source>
        <translation>Description</translation>
    </message>
    <message>
        <source>Dokumen</source>
        <translation>Documents</translation>
    </message>
    <message>
        <source>Tenggat</source>
        <translation>Due</translation>
    </message>
    <message>
        <source>Dokumen menyusul diterima: %1</source>
        <translation>Documents brought later: %1</translation>
    </message>
    <message>
        <source>berkas lengkap, tenggat %1</source>
        <translation>file complete, due %1</translation>
    </message>
    <message>
        <source>Dikoreksi (%1)</source>
        <translation>Corrected (%1)</translation>
    </message>
</context>
<context>
    <name>DocumentsDialog</name>
    <message>
        <source>Dokumen menyusul</source>
        <translation>Documents brought later</translation>
    </message>
    <message>
        <source>Dibawa sekarang</source>
        <translation>Brought now</translation>
    </message>
</context>
<context>
    <name>AddOfficerDialog</name>
    <message>
        <source>NIP</source>
        <translation>NIP</translation>
    </message>
    <message>
        <source>Nama</source>
        <translation>Name</translation>
    </message>
    <message>
        <source>PIN ini hanya sekali pakai: petugas memilih PIN sendiri saat pertama masuk. Tanpa PIN, siapa pun yang memilih nama ini di loket yang memilih PIN-nya: pakai hanya bila petugasnya ada di sini.</source>
        <translation>This PIN works once: the officer chooses their own at the first log-in. Without a PIN, whoever picks this name at the desk chooses it: use that only with the officer here.</translation>
    </message>
    <message>
        <source>PIN sekali pakai</source>
        <translation>One-time PIN</translation>
    </message>
    <message>
        <source>Peran</source>
        <translation>Role</translation>
    </message>
    <message>
        <source>Tambah</source>
        <translation>Add</translation>
    </message>
    <message>
        <source>Tambah petugas</source>
        <translation>Add officer</translation>
    </message>
    <message>
        <source>Tanpa PIN (dipilih petugas saat masuk)</source>
        <translation>No PIN (the officer chooses one at log-in)</translation>
    </message>
</context>
<context>
    <name>AdminTools</name>
    <message>
        <source>A&amp;dmin</source>
        <translation>A&amp;dmin</translation>
    </message>
    <message>
        <source>Ganti PIN saya…</source>
        <translation>Change my PIN…</translation>
    </message>
    <message>
        <source>Hanya untuk admin.</source>
        <translation>For administrators only.</translation>
    </message>
    <message>
        <source>Hanya untuk koordinator.</source>
        <translation>For shift leads only.</translation>
    </message>
    <message>
        <source>Katalog layanan…</source>
        <translation>Service catalogue…</translation>
    </message>
    <message>
        <source>PIN Anda sudah diganti.</source>
        <translation>Your PIN has been changed.</translation>
    </message>
    <message>
        <source>Pengaturan kantor…</source>
        <translation>Office settings…</translation>
    </message>
    <message>
        <source>Petugas…</source>
        <translation>Officers…</translation>
    </message>
</context>
<context>
    <name>CatalogueDialog</name>
    <message>
        <source>Aktif</source>
        <translation>Active</translation>
    </message>
    <message>
        <source>Asal</source>
        <translation>Origin</translation>
    </message>
    <message>
        <source>Asal: bawaan = katalog yang dikirim bersama Loket; kota = diterbitkan kota; kantor = diubah atau ditambah kantor ini (terbitan kota berikutnya untuk kode yang sama menggantikannya).</source>
        <translation>Origin: shipped = the catalogue that comes with Loket; city = published by the city; office = edited or added by this office (the city's next publish of the same code replaces it).</translation>
    </message>
    <message>
        <source>Biaya</source>
        <translation>Fee</translation>
    </message>
    <message>
        <source>Instansi</source>
        <translation>Agency</translation>
    </message>
    <message>
        <source>Katalog layanan</source>
        <translation>Service catalogue</translation>
    </message>
    <message>
        <source>Kode</source>
        <translation>Code</translation>
    </message>
    <message>
        <source>Nama</source>
        <translation>Name</translation>
    </message>
    <message>
        <source>Sumber</source>
        <translation>Source</translation>
    </message>
    <message>
        <source>Tambah layanan lokal…</source>
        <translation>Add a local service…</translation>
    </message>
    <message>
        <source>Tutup</source>
        <translation>Close</translation>
    </message>
    <message>
        <source>Ubah…</source>
        <translation>Edit…</translation>
    </message>
    <message>
        <source>Waktu</source>
        <translation>Time</translation>
    </message>
    <message>
        <source>bawaan</source>
        <translation>shipped</translation>
    </message>
    <message>
        <source>kantor</source>
        <translation>office</translation>
    </message>
    <message>
        <source>kota</source>
        <translation>city</translation>
    </message>
    <message>
        <source>tidak</source>
        <translation>no</translation>
    </message>
    <message>
        <source>ya</source>
        <translation>yes</translation>
    </message>
</context>
<context>
    <name>ChoosePinDialog</name>
    <message>
        <source>%1: ganti PIN Anda.</source>
        <translation>%1: change your PIN.</translation>
    </message>
    <message>
        <source>%1: pilih PIN baru Anda sendiri sebelum mulai bekerja.</source>
        <translation>%1: choose your own new PIN before you start working.</translation>
    </message>
    <message>
        <source>PIN baru</source>
        <translation>New PIN</translation>
    </message>
    <message>
        <source>PIN sekarang</source>
        <translation>Current PIN</translation>
    </message>
    <message>
        <source>Simpan PIN</source>
        <translation>Save PIN</translation>
    </message>
    <message>
        <source>Ulangi PIN baru</source>
        <translation>Repeat the new PIN</translation>
    </message>
</context>
<context>
    <name>DeactivateDialog</name>
    <message>
        <source>Alasan</source>
        <translation>Reason</translation>
    </message>
    <message>
        <source>Nonaktifkan</source>
        <translation>Deactivate</translation>
    </message>
    <message>
        <source>Nonaktifkan petugas</source>
        <translation>Deactivate officer</translation>
    </message>
</context>
<context>
    <name>OfficeSettingsDialog</name>
    <message>
        <source>Berlaku untuk semua petugas kantor ini; setiap perubahan dicatat.</source>
        <translation>Applies to every officer of this office; every change is recorded.</translation>
    </message>
    <message>
        <source>Jam kerja wajib per minggu</source>
        <translation>Required working hours per week</translation>
    </message>
    <message>
        <source>Jam tutup kantor</source>
        <translation>Office closing time</translation>
    </message>
    <message>
        <source>Pengaturan kantor</source>
        <translation>Office settings</translation>
    </message>
    <message>
        <source>Simpan cadangan (hari)</source>
        <translation>Keep backups (days)</translation>
    </message>
</context>
<context>
    <name>OfficersDialog</name>
    <message>
        <source>Aktif</source>
        <translation>Active</translation>
    </message>
    <message>
        <source>Aktifkan lagi</source>
        <translation>Reactivate</translation>
    </message>
    <message>
        <source>Buka kunci</source>
        <translation>Unlock</translation>
    </message>
    <message>
        <source>NIP</source>
        <translation>NIP</translation>
    </message>
    <message>
        <source>Nama</source>
        <translation>Name</translation>
    </message>
    <message>
        <source>Nonaktif</source>
        <translation>Inactive</translation>
    </message>
    <message>
        <source>Nonaktifkan…</source>
        <translation>Deactivate…</translation>
    </message>
    <message>
        <source>Peran</source>
        <translation>Role</translation>
    </message>
    <message>
        <source>Petugas</source>
        <translation>Officers</translation>
    </message>
    <message>
        <source>Reset PIN…</source>
        <translation>Reset PIN…</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>Tambah…</source>
        <translation>Add…</translation>
    </message>
    <message>
        <source>Tutup</source>
        <translation>Close</translation>
    </message>
    <message>
        <source>Ubah peran…</source>
        <translation>Change role…</translation>
    </message>
    <message>
        <source>harus memilih PIN baru</source>
        <translation>must choose a new PIN</translation>
    </message>
    <message>
        <source>terkunci sampai %1</source>
        <translation>locked until %1</translation>
    </message>
</context>
<context>
    <name>ResetPinDialog</name>
    <message>
        <source>%1: PIN sekali pakai; saat masuk berikutnya petugas wajib memilih PIN baru. Kunci akibat PIN salah ikut dibuka.</source>
        <translation>%1: a one-time PIN; at the next log-in the officer must choose a new PIN. A lock-out after wrong PINs is lifted too.</translation>
    </message>
    <message>
        <source>PIN sekali pakai</source>
        <translation>One-time PIN</translation>
    </message>
    <message>
        <source>Reset PIN</source>
        <translation>Reset PIN</translation>
    </message>
    <message>
        <source>Tanpa PIN (dipilih petugas saat masuk)</source>
        <translation>No PIN (the officer chooses one at log-in)</translation>
    </message>
</context>
<context>
    <name>RoleDialog</name>
    <message>
        <source>Peran</source>
        <translation>Role</translation>
    </message>
    <message>
        <source>Ubah peran</source>
        <translation>Change role</translation>
    </message>
</context>
<context>
    <name>ServiceDialog</name>
    <message>
        <source>0 = gratis, kosong = retribusi</source>
        <translation>0 = free, empty = levy</translation>
    </message>
    <message>
        <source>Biaya resmi (Rp)</source>
        <translation>Official fee (Rp)</translation>
    </message>
    <message>
        <source>Ditawarkan di penerimaan</source>
        <translation>Offered at intake</translation>
    </message>
    <message>
        <source>Dokumen persyaratan</source>
        <translation>Required documents</translation>
    </message>
    <message>
        <source>Instansi</source>
        <translation>Agency</translation>
    </message>
    <message>
        <source>Kode</source>
        <translation>Code</translation>
    </message>
    <message>
        <source>Kode: %1</source>
        <translation>Code: %1</translation>
    </message>
    <message>
        <source>Nama</source>
        <translation>Name</translation>
    </message>
    <message>
        <source>Nama (Inggris)</source>
        <translation>Name (English)</translation>
    </message>
    <message>
        <source>Perubahan kantor ditandai sumber KANTOR. Bila kota menerbitkan kode ini lagi, versi kota yang berlaku. Berkas yang sudah diterima tetap memakai biaya dan waktu saat diterima.</source>
        <translation>The office's changes are marked with the source KANTOR. When the city publishes this code again, the city's version applies. Files already received keep the fee and time of their intake.</translation>
    </message>
    <message>
        <source>Satu dokumen per baris</source>
        <translation>One document per line</translation>
    </message>
    <message>
        <source>Sumber</source>
        <translation>Source</translation>
    </message>
    <message>
        <source>Tambah layanan lokal</source>
        <translation>Add a local service</translation>
    </message>
    <message>
        <source>Tingkat</source>
        <translation>Level</translation>
    </message>
    <message>
        <source>Ubah layanan</source>
        <translation>Edit service</translation>
    </message>
    <message>
        <source>Waktu penyelesaian (hari kerja)</source>
        <translation>Completion time (working days)</translation>
    </message>
    <message>
        <source>mis. IMB-01</source>
        <translation>e.g. IMB-01</translation>
    </message>
</context>
</TS>
