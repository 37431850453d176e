"""Encrypted backups (等保 数据备份恢复): the PostgreSQL database (`pg_dump -Fc`) and the uploaded files, in one file.

The file is a stream of entries (a manifest, the database dump, each stored file), cut into 1 MiB chunks, each
encrypted with AES-256-GCM under a key derived from GONGHUI_BACKUP_KEY and a random salt of the file; a chunk's
nonce carries its number and whether it is the last, so reordering, dropping or cutting chunks is detected. Neither
side holds more than a chunk in memory. Restoring first authenticates the whole file, then applies it.
"""

import json
import os
import posixpath
import shutil
import subprocess
import tempfile
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import IO, Any, BinaryIO

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from django.core.exceptions import ImproperlyConfigured
from django.core.files import File
from django.core.files.storage import Storage, default_storage
from django.db import connections
from django.utils import timezone

from .chain import head, seal_pending
from .errors import DomainError
from .personal import _decode_key

MAGIC = b"GONGHUI-BACKUP/1\n"
SALT_BYTES = 16
CHUNK = 1 << 20
FRAME_LEN = 4
ENTRY_MANIFEST, ENTRY_DATABASE, ENTRY_FILE, ENTRY_END = b"M", b"D", b"F", b"Z"
KEY_ENV = "GONGHUI_BACKUP_KEY"
NOT_POSTGRES = (
    "备份与恢复命令只支持 PostgreSQL。嵌入式 SQLite 演示库请停止服务后直接复制整个 var/ 目录 "
    "(the backup and restore commands need PostgreSQL; copy the var/ directory of a stopped SQLite demo instead)"
)

Progress = Callable[[str], None]


def backup_key() -> bytes:
    text = os.environ.get(KEY_ENV, "")
    if not text:
        raise DomainError(
            "no_backup_key",
            f"未设置备份密钥 {KEY_ENV} (32 字节 URL-safe base64)；它须与备份文件分开保存，丢失则备份无法恢复",
        )
    try:
        return _decode_key(text, KEY_ENV)
    except ImproperlyConfigured as exc:
        raise DomainError("bad_backup_key", str(exc)) from exc


def _cipher(master: bytes, salt: bytes) -> AESGCM:
    hkdf = HKDF(algorithm=hashes.SHA256(), length=32, salt=salt, info=b"gonghui backup v1")
    return AESGCM(hkdf.derive(master))


def _nonce(counter: int, last: bool) -> bytes:
    return counter.to_bytes(11, "big") + (b"\x01" if last else b"\x00")


class EncryptingWriter:
    """Buffers plaintext and writes it as authenticated chunks; `close` writes the final chunk."""

    def __init__(self, out: BinaryIO, master: bytes):
        salt = os.urandom(SALT_BYTES)
        self.out, self.aad, self.aead = out, MAGIC + salt, _cipher(master, salt)
        self.buffer, self.counter = bytearray(), 0
        out.write(MAGIC + salt)

    def write(self, data: bytes) -> None:
        self.buffer += data
        while len(self.buffer) >= CHUNK:
            self._frame(bytes(self.buffer[:CHUNK]), last=False)
            del self.buffer[:CHUNK]

    def close(self) -> None:
        self._frame(bytes(self.buffer), last=True)
        self.buffer.clear()

    def _frame(self, plain: bytes, *, last: bool) -> None:
        sealed = self.aead.encrypt(_nonce(self.counter, last), plain, self.aad)
        self.out.write(len(sealed).to_bytes(FRAME_LEN, "big") + sealed)
        self.counter += 1


def decrypted_chunks(source: BinaryIO, master: bytes) -> Iterator[bytes]:
    """The plaintext chunks, each authenticated before it is yielded; a missing final chunk is an error."""
    start = source.read(len(MAGIC) + SALT_BYTES)
    if not start.startswith(MAGIC) or len(start) != len(MAGIC) + SALT_BYTES:
        raise DomainError("not_a_backup", "不是本系统的备份文件")
    aead, aad = _cipher(master, start[len(MAGIC) :]), start

    def frame() -> bytes | None:
        size = source.read(FRAME_LEN)
        if not size:
            return None
        sealed = source.read(int.from_bytes(size, "big"))
        if len(size) != FRAME_LEN or len(sealed) != int.from_bytes(size, "big"):
            raise DomainError("backup_truncated", "备份文件不完整 (被截断)")
        return sealed

    current, counter = frame(), 0
    if current is None:
        raise DomainError("backup_truncated", "备份文件不完整 (没有数据)")
    while current is not None:
        following = frame()
        try:
            yield aead.decrypt(_nonce(counter, following is None), current, aad)
        except InvalidTag as exc:
            raise DomainError(
                "backup_corrupt", f"备份文件第 {counter + 1} 块校验失败：文件被改动、被截断，或密钥不对"
            ) from exc
        current, counter = following, counter + 1


class _Stream:
    """Exact reads over the decrypted chunks."""

    def __init__(self, chunks: Iterator[bytes]):
        self.chunks, self.buffer = chunks, bytearray()

    def read(self, n: int) -> bytes:
        while len(self.buffer) < n:
            chunk = next(self.chunks, None)
            if chunk is None:
                raise DomainError("backup_truncated", "备份文件结构不完整")
            self.buffer += chunk
        data = bytes(self.buffer[:n])
        del self.buffer[:n]
        return data

    def number(self, width: int) -> int:
        return int.from_bytes(self.read(width), "big")


# The plaintext: entries of (kind, name, pieces), each piece length-prefixed, a zero length ending the entry.


def _entry(out: EncryptingWriter, kind: bytes, name: str, pieces) -> int:
    encoded = name.encode()
    out.write(kind + len(encoded).to_bytes(2, "big") + encoded)
    size = 0
    for piece in pieces:
        if piece:
            out.write(len(piece).to_bytes(4, "big") + piece)
            size += len(piece)
    out.write(b"\x00\x00\x00\x00")
    return size


def _entries(stream: _Stream) -> Iterator[tuple[bytes, str, Iterator[bytes]]]:
    """Yields each entry; its pieces must be consumed before the next entry is asked for."""
    while (kind := stream.read(1)) != ENTRY_END:
        name = stream.read(stream.number(2)).decode()

        def pieces() -> Iterator[bytes]:
            while size := stream.number(4):
                yield stream.read(size)

        body = pieces()
        yield kind, name, body
        for _ in body:  # whatever the caller left unread
            pass


def _read_chunks(f: IO[bytes]) -> Iterator[bytes]:
    while chunk := f.read(CHUNK):
        yield chunk


def _stored_files(storage: Storage, top: str = "") -> Iterator[str]:
    try:
        dirs, files = storage.listdir(top)
    except FileNotFoundError:
        return
    for name in sorted(files):
        yield posixpath.join(top, name)
    for name in sorted(dirs):
        yield from _stored_files(storage, posixpath.join(top, name))


def _postgres() -> dict[str, Any]:
    connection = connections["default"]
    if connection.vendor != "postgresql":
        raise DomainError("not_postgres", NOT_POSTGRES)
    return connection.settings_dict


def _pg_env(db: dict[str, Any]) -> dict[str, str]:
    env = dict(os.environ)
    for variable, value in (
        ("PGHOST", db.get("HOST")),
        ("PGPORT", db.get("PORT")),
        ("PGUSER", db.get("USER")),
        ("PGPASSWORD", db.get("PASSWORD")),
        ("PGSSLMODE", (db.get("OPTIONS") or {}).get("sslmode")),
    ):
        if value:
            env[variable] = str(value)
    return env


def _tool(name: str) -> str:
    path = shutil.which(name)
    if path is None:
        raise DomainError("no_pg_tools", f"找不到 {name}：请安装与服务器同版本的 PostgreSQL 客户端工具")
    return path


def _failed(what: str, errors: IO[bytes]) -> DomainError:
    errors.seek(0)
    text = errors.read().decode(errors="replace").strip()
    return DomainError(f"{what}_failed", f"{what} 失败：{text[-2000:]}")


def backup_write(out_dir: Path, *, progress: Progress = lambda _: None) -> Path:
    """Write `gonghui-YYYYmmdd-HHMMSS.backup` into `out_dir`; returns its path."""
    master, db = backup_key(), _postgres()
    out_dir.mkdir(parents=True, exist_ok=True)
    seal_pending()  # the backup carries a sealed audit chain
    chain = head()
    target = out_dir / f"gonghui-{timezone.localtime():%Y%m%d-%H%M%S}.backup"
    partial = target.with_name(target.name + ".part")
    manifest = {
        "format": "gonghui-backup/1",
        "created_at": timezone.now().isoformat(),
        "database": db["NAME"],
        "audit_head": {"seq": chain.last_seq, "hash": chain.last_hash},
    }
    try:
        count = _write(partial, master, db, manifest, progress)
    except BaseException:
        partial.unlink(missing_ok=True)
        raise
    partial.replace(target)
    progress(f"文件 files: {count}")
    return target


def _write(
    partial: Path, master: bytes, db: dict[str, Any], manifest: dict[str, Any], progress: Progress
) -> int:
    fd = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "wb") as f, tempfile.TemporaryFile() as errors:
        out = EncryptingWriter(f, master)
        _entry(out, ENTRY_MANIFEST, "manifest.json", [json.dumps(manifest, ensure_ascii=False).encode()])
        progress(f"pg_dump {db['NAME']} …")
        dump = subprocess.Popen(  # noqa: S603 - a fixed program; the database name is one argument
            [_tool("pg_dump"), "--format=custom", "--dbname", db["NAME"]],
            stdout=subprocess.PIPE,
            stderr=errors,
            env=_pg_env(db),
        )
        assert dump.stdout is not None
        size = _entry(out, ENTRY_DATABASE, "database.dump", _read_chunks(dump.stdout))
        if dump.wait() != 0:
            raise _failed("pg_dump", errors)
        progress(f"数据库 database: {size / 1e6:.1f} MB")
        count = 0
        for name in _stored_files(default_storage):
            with default_storage.open(name, "rb") as stored:
                _entry(out, ENTRY_FILE, name, _read_chunks(stored))
            count += 1
            if count % 1000 == 0:
                progress(f"文件 files: {count}")
        out.write(ENTRY_END)
        out.close()
        f.flush()
        os.fsync(f.fileno())
    return count


def backup_check(path: Path) -> int:
    """Authenticate every chunk of a backup file without applying it; returns the plaintext size."""
    with path.open("rb") as f:
        return sum(len(chunk) for chunk in decrypted_chunks(f, backup_key()))


def backup_restore(path: Path, *, progress: Progress = lambda _: None) -> dict[str, Any]:
    """Replace the configured database and put the stored files back from a backup file.

    Nothing is touched until the whole file has been authenticated; the database is restored in one transaction
    (`pg_restore --clean --if-exists --single-transaction`), so a failure leaves it as it was.
    """
    started = time.monotonic()
    master, db = backup_key(), _postgres()
    progress("校验备份文件 checking …")
    backup_check(path)
    connections.close_all()
    manifest: dict[str, Any] = {}
    files = 0
    with path.open("rb") as f, tempfile.TemporaryFile() as errors:
        for kind, name, pieces in _entries(_Stream(decrypted_chunks(f, master))):
            if kind == ENTRY_MANIFEST:
                manifest = json.loads(b"".join(pieces))
            elif kind == ENTRY_DATABASE:
                progress(f"pg_restore → {db['NAME']} …")
                restore = subprocess.Popen(  # noqa: S603 - a fixed program; the database name is one argument
                    [
                        _tool("pg_restore"),
                        "--clean",
                        "--if-exists",
                        "--no-owner",
                        "--no-privileges",
                        "--single-transaction",
                        "--exit-on-error",
                        "--dbname",
                        db["NAME"],
                    ],
                    stdin=subprocess.PIPE,
                    stderr=errors,
                    env=_pg_env(db),
                )
                assert restore.stdin is not None
                try:
                    for piece in pieces:
                        restore.stdin.write(piece)
                    restore.stdin.close()
                except BrokenPipeError:
                    pass  # pg_restore stopped early; its exit status and messages say why
                if restore.wait() != 0:
                    raise _failed("pg_restore", errors)
            elif kind == ENTRY_FILE:
                with tempfile.SpooledTemporaryFile(max_size=CHUNK) as spool:
                    for piece in pieces:
                        spool.write(piece)
                    spool.seek(0)
                    if default_storage.exists(name):
                        default_storage.delete(name)
                    default_storage.save(name, File(spool, name=name))
                files += 1
                if files % 1000 == 0:
                    progress(f"文件 files: {files}")
            else:
                raise DomainError("backup_corrupt", f"备份文件含未知内容 {kind!r}")
    connections.close_all()
    return {"manifest": manifest, "files": files, "seconds": time.monotonic() - started}
