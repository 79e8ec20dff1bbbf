"""Test helpers: convert a DOCX to PDF with LibreOffice and read the PDF's text.

Tests that need LibreOffice call :func:`require_libreoffice`: it skips the test
when LibreOffice is missing, but fails it when ``CI=true``, so CI cannot pass
without actually rendering the letters.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import tempfile
from pathlib import Path

import pytest

TIMEOUT_SECONDS = 120


def _soffice() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


def libreoffice_available() -> bool:
    """True when a LibreOffice ``soffice`` executable is on the PATH."""
    return _soffice() is not None


def require_libreoffice() -> None:
    """Skip the calling test without LibreOffice; fail it instead when CI=true."""
    if libreoffice_available():
        return
    message = "LibreOffice (soffice) is not installed"
    if os.environ.get("CI", "").lower() == "true":
        pytest.fail(f"{message}, and CI=true requires it")
    pytest.skip(message)


def convert_to_pdf(docx: Path, outdir: Path) -> Path:
    """Convert ``docx`` to ``outdir/<name>.pdf`` in a throwaway LibreOffice profile."""
    soffice = _soffice()
    if soffice is None:
        raise RuntimeError("LibreOffice (soffice) is not installed")
    outdir.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="lo-profile-") as profile:
        command = [
            soffice,
            f"-env:UserInstallation={Path(profile).as_uri()}",
            "--headless",
            "--norestore",
            "--convert-to",
            "pdf",
            "--outdir",
            str(outdir),
            str(docx),
        ]
        output, errors = _run(command)
    pdf = outdir / f"{docx.stem}.pdf"
    if not pdf.is_file():
        raise RuntimeError(f"LibreOffice made no PDF of {docx}:\n{output}\n{errors}")
    return pdf


def _run(command: list[str]) -> tuple[str, str]:
    """Run LibreOffice; on timeout kill it and every process it started."""
    posix = os.name == "posix"
    with subprocess.Popen(
        command,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=posix,
    ) as process:
        try:
            return process.communicate(timeout=TIMEOUT_SECONDS)
        except subprocess.TimeoutExpired:
            if posix:
                os.killpg(process.pid, signal.SIGKILL)
            else:
                process.kill()
            process.communicate()
            raise RuntimeError(
                f"LibreOffice did not finish within {TIMEOUT_SECONDS} s: {command}"
            ) from None


def pdf_text(pdf: Path) -> str:
    """The text of a PDF: with ``pdftotext`` when installed, else with pypdf."""
    if shutil.which("pdftotext"):
        result = subprocess.run(
            ["pdftotext", "-enc", "UTF-8", str(pdf), "-"],
            capture_output=True,
            text=True,
            check=True,
            timeout=TIMEOUT_SECONDS,
        )
        return result.stdout
    from pypdf import PdfReader

    return "\n".join(page.extract_text() or "" for page in PdfReader(pdf).pages)
