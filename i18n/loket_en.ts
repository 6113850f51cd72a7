<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en" sourcelanguage="id">
<context>
    <name>ActionDialog</name>
    <message>
        <source>Simpan</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Batal</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>AdminPage</name>
    <message>
        <source>Admin pertama</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Admin menambah petugas lain. PIN 6-12 digit, jangan yang mudah ditebak.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>18 digit</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>NIP</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Nama</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>PIN</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Ulangi PIN</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>PIN tidak sama dengan yang pertama.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>CancelDialog</name>
    <message>
        <source>Batalkan permohonan</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Alasan</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>minimal 5 huruf</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>DocumentChecklist</name>
    <message>
        <source>Tidak ada dokumen wajib.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Errors</name>
    <message>
        <source>NIK wajib diisi (16 digit).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>NIK hanya berisi angka.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>NIK harus 16 digit, bukan %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Kode provinsi %1 pada NIK tidak dikenal.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Kode kabupaten/kota atau kecamatan pada NIK tidak sah.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Nomor urut NIK tidak boleh 0000.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Tanggal lahir pada NIK (%1) tidak sah.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Tanggal lahir pada NIK tidak sah.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Nama wajib diisi.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Nama terlalu pendek.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Nama paling panjang 120 huruf.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Nama hanya boleh berisi huruf, spasi, titik, koma, &apos; dan -.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Nomor telepon tidak sah; contoh 0812 3456 7890 atau 021 1234 5678.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>NIP harus 18 digit angka.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Tanggal lahir pada NIP tidak sah.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Digit jenis kelamin pada NIP harus 1 atau 2.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>PIN harus 6-12 digit angka.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>PIN terlalu mudah ditebak.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Wajib diisi.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Paling panjang %1 karakter.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Alasan terlalu singkat; tulis minimal 5 huruf.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>NIP atau PIN salah. Sisa percobaan: %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Terlalu banyak PIN salah; akun terkunci sampai %1. Minta bantuan admin.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>NIP %1 sudah terdaftar.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Berkas %1 sudah berubah status (%2); muat ulang berkas lalu pilih tindakan lain.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Berkas %1: layanan ini tidak selesai di tempat; tandai &apos;siap diambil&apos; dulu.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Berkas %1 tidak ditemukan; periksa nomornya lalu cari lagi.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Database kantor rusak dan dibiarkan apa adanya. Pulihkan cadangan dengan `desk-app restore` atau hubungi admin.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 Minta petugas dengan peran yang sesuai.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Database sedang sibuk; tunggu sebentar lalu coba lagi.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Gagal membaca atau menulis berkas: %1. Periksa ruang disk lalu coba lagi.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Terjadi kesalahan tak terduga. Coba lagi; bila terulang, hubungi admin (rinciannya tercatat di log).</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Format</name>
    <message>
        <source>Diterima</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Diproses</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Di dinas</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Siap diambil</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Selesai</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Ditolak</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Dibatalkan</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Petugas</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Koordinator</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Admin</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Provinsi</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Kota</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Kabupaten</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Kecamatan</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Kelurahan</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Retribusi sesuai ketentuan</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Gratis</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Selesai hari ini</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%n hari kerja</source>
        <translation type="unfinished">
            <numerusform></numerusform>
            <numerusform></numerusform>
        </translation>
    </message>
    <message>
        <source>Diterima di loket</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Mulai diproses</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Diteruskan ke %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Kembali dari %1 dengan masalah</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Kembali dari %1, lengkap</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Siap diambil pemohon</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Diserahkan kepada %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Diserahkan kepada pemohon</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Ditolak: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>dokumen kurang: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Dibatalkan: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>tanda terima penerimaan</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>tanda terima penyerahan</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>surat penolakan</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Dicetak: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Gagal mencetak %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>(salinan ke-%1)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Catatan: %1</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ForwardDialog</name>
    <message>
        <source>Teruskan ke dinas</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Dinas</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Catatan</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>opsional</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>HandOverDialog</name>
    <message>
        <source>Serahkan hasil</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Nama penerima</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>IntakePage</name>
    <message>
        <source>1. Layanan</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Pilih layanan di sebelah kiri.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Centang semua</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Semua dokumen diterima (Ctrl+D)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>2. Persyaratan</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Waktu penyelesaian</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Biaya resmi</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Instansi</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Dokumen yang diterima:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>16 digit</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>sesuai KTP</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>opsional, mis. 0812 3456 7890</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>permohonan apa? (wajib untuk Lainnya)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>3. Pemohon</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>NIK</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Nama</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Telepon</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Keterangan</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Simpan</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Simpan dan buat nomor berkas (Ctrl+S)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Formulir baru</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Kosongkan formulir (Ctrl+N)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Buka berkas</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Menyimpan…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Pilih layanan dulu.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Data layanan ini masih perkiraan; periksa ketentuan terbaru.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Tanda terima gagal dibuat; cetak ulang dari baris perintah.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Tanda terima belum tersedia di instalasi ini.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Tanda terima: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Tersimpan. Nomor berkas: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Belum tersimpan: periksa isian yang ditandai.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Belum tersimpan: periksa layanan.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Belum tersimpan: periksa dokumen.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Belum tersimpan. %1 Isian Anda tetap ada; coba simpan lagi.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Launcher</name>
    <message>
        <source>Membuka database kantor…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Membuat kantor demo (%1 hari riwayat)…</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>LoginPage</name>
    <message>
        <source>Loket PTSP</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Pilih nama Anda (ketik huruf awal untuk melompat)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>6-12 digit</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Masuk</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Masuk (Enter)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Kantor demo: PIN semua petugas %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Petugas</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>PIN</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Layar terkunci. %1 dapat membuka dengan PIN, atau petugas lain masuk.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Pilih nama petugas dulu.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Ketik PIN Anda.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Memeriksa PIN…</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>Loket — %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Antrean sinkron: –</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Kejadian yang menunggu dikirim ke server pusat</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Loket</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Penerimaan baru</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Antrean kerja</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Poin</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cari berkas…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Muat ulang</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Kunci layar</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Ganti petugas</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Pengaturan…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Keluar</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Penerimaan</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Simpan</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Formulir baru</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Centang semua dokumen</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Berkas</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Ba&amp;ntuan</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Pintasan keyboard</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Belum masuk</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Tutup</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Menunggu penyimpanan selesai…</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>NoteDialog</name>
    <message>
        <source>Tambah catatan</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Catatan</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>OfficePage</name>
    <message>
        <source>Kantor ini</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Ketik nama kelurahan, kecamatan atau kota, lalu pilih dari daftar.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>mis. Pengadegan</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Dipilih: %1</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>PointsPage</name>
    <message>
        <source>Poin saya hari ini</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Minggu ini</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Bulan ini</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>#</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Petugas</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Poin</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Papan peringkat kantor bulan ini</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sampai %1</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>QueueModel</name>
    <message>
        <source>No. berkas</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Layanan</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Pemohon</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Status</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Diterima</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Tenggat</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Dinas</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Petugas penerima</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Terlambat: tenggat %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Segera jatuh tempo: %1</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>QueuePage</name>
    <message>
        <source>terlambat</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>jatuh tempo ≤ 1 hari</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Masih terbuka</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Semua status</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Milik saya</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Hanya berkas yang Anda terima</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Terlambat</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Segera jatuh tempo</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Tenggat hari ini atau besok</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Semua dinas</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Semua layanan</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Diterima dari</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Muat ulang</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Muat ulang antrean (F5)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Status</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Dinas</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Layanan</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>s.d.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Tampilkan hanya status ini</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Memuat…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Menampilkan %1 berkas; menghitung jumlah…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Menampilkan %1 dari %2 berkas</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>RejectDialog</name>
    <message>
        <source>Tolak permohonan</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Alasan</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>minimal 5 huruf</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Dokumen kurang</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ReturnDialog</name>
    <message>
        <source>Kembali dari dinas</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Lengkap</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Ada masalah</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Hasil</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Catatan</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>wajib bila ada masalah</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>SearchDialog</name>
    <message>
        <source>Cari berkas</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Nomor berkas, NIK (16 digit) atau awal nama pemohon</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No. berkas</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Pemohon</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Layanan</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Status</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Tenggat</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Mencari…</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%n berkas ditemukan; Enter membuka yang dipilih.</source>
        <translation type="unfinished">
            <numerusform></numerusform>
            <numerusform></numerusform>
        </translation>
    </message>
    <message>
        <source>Tidak ada berkas yang cocok.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ServicePicker</name>
    <message>
        <source>Ketik kode, nama layanan atau kata umum (mis. KTP, nikah, SKCK)…</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>SettingsDialog</name>
    <message>
        <source>Pengaturan</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Bahasa Indonesia</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>English</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source> menit</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>tidak pernah</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Bahasa baru berlaku setelah Loket dibuka ulang.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Bahasa</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Kunci layar otomatis</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Tanda terima</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Simpan</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Batal</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>SetupWizard</name>
    <message>
        <source>Loket — penyiapan pertama</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Lanjut &gt;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&lt; Kembali</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Selesai</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Batal</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Menyiapkan kantor…</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>TaskDetailPage</name>
    <message>
        <source>Belum ada berkas dibuka. Cari dengan Ctrl+K atau buka dari antrean.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Layanan</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Pemohon</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Diterima</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Tenggat</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Di dinas</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Biaya resmi</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Dokumen</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Keterangan</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Alasan</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Mulai proses</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Teruskan ke dinas…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Kembali dari dinas…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Siap diambil</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Serahkan…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Tolak…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Batalkan…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Catatan…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Waktu</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Petugas</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Kejadian</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Rincian</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Riwayat</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>terlambat</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Workspace</name>
    <message>
        <source>Penerimaan (F2)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Antrean (F3)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Berkas</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Poin (F4)</source>
        <translation type="unfinished"></translation>
    </message>
</context>
</TS>
