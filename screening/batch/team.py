"""The team summary of a batch: one row per athlete, flagged findings first, as CSV and PDF.

Athletes with a ``marked`` finding come first, then those with ``mild`` ones, then the rest, by
name; within a row, flagged findings are listed first. Jobs that failed and batch lines that
could not be read are listed too, so nobody is silently missing.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from screening.batch.run import BatchReport
from screening.model.findings import DISCLAIMER, Finding
from screening.report.tables import write_atomically

TEAM_COLUMNS = ("athlete", "protocols", "clips", "marked", "mild", "findings", "flagged_findings",
                "other_findings", "failed", "session_ids")


@dataclass
class AthleteRow:
    """One athlete's line of the team summary."""

    athlete: str
    protocols: list[str] = field(default_factory=list)
    clips: int = 0
    findings: list[Finding] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)
    session_ids: list[int] = field(default_factory=list)

    @property
    def marked(self) -> int:
        """Return the number of ``marked`` findings."""
        return sum(f.severity == "marked" for f in self.findings)

    @property
    def mild(self) -> int:
        """Return the number of ``mild`` findings."""
        return sum(f.severity == "mild" for f in self.findings)


def _finding_text(finding: Finding) -> str:
    """Return e.g. ``"Knee flexion (left) 95° — mild"``, named and rounded as in the athlete's own report."""
    from screening.present.findings import finding_title, finding_value

    title = finding_title(finding)
    side = f" ({finding.side})" if finding.side and finding.side not in title else ""
    value = "" if finding.value is None else f" {finding_value(finding)}"
    return f"{title}{side}{value} — {finding.severity}"


def team_rows(report: BatchReport) -> list[AthleteRow]:
    """Return one row per athlete of the batch, flagged first (see the module docstring)."""
    from screening.present.findings import sorted_findings

    rows: dict[str, AthleteRow] = {}
    for job_report in report.jobs:
        job = job_report.job
        row = rows.setdefault(job.athlete.casefold(), AthleteRow(job.athlete))
        protocol = job.protocol or "angles only"
        if protocol not in row.protocols:
            row.protocols.append(protocol)
        if job_report.status == "failed":
            row.failed.append(f"{protocol}: {job_report.error}")
            continue
        row.clips += len(job.clips)
        row.findings += [Finding.from_dict(f) for f in (job_report.summary or {}).get("findings", [])]
        if job_report.session_id is not None:
            row.session_ids.append(job_report.session_id)
    for row in rows.values():
        row.findings = sorted_findings(row.findings)
    return sorted(rows.values(), key=lambda r: (-r.marked, -r.mild, r.athlete.casefold()))


def team_table(report: BatchReport) -> pd.DataFrame:
    """Return the team summary as a table with the columns ``TEAM_COLUMNS``."""
    records = [{
        "athlete": row.athlete, "protocols": "; ".join(row.protocols), "clips": row.clips,
        "marked": row.marked, "mild": row.mild, "findings": len(row.findings),
        "flagged_findings": "; ".join(_finding_text(f) for f in row.findings if f.flagged),
        "other_findings": "; ".join(_finding_text(f) for f in row.findings if not f.flagged),
        "failed": "; ".join(row.failed), "session_ids": " ".join(str(i) for i in row.session_ids),
    } for row in team_rows(report)]
    return pd.DataFrame(records, columns=list(TEAM_COLUMNS))


def write_team_csv(report: BatchReport, path: Path) -> Path:
    """Write the team summary CSV (UTF-8 with BOM, so spreadsheets show ° and — right) atomically."""
    return write_atomically(Path(path), team_table(report).to_csv(index=False).encode("utf-8-sig"))


def _problem_lines(report: BatchReport) -> list[str]:
    lines = [f"{p.where}: {p.message}" for p in report.plan.problems]
    lines += [f"{r.job.label}: {r.error}" for r in report.jobs if r.status == "failed"]
    return lines


def build_team_pdf(report: BatchReport, title: str = "Team movement screening") -> bytes:
    """Return the team summary PDF: disclaimer, one table row per athlete (flagged first), then the problems."""
    from fpdf.fonts import FontFace

    from screening.report.pdf import ACCENT, MUTED, SEVERITY_STYLE, ReportPDF

    today = dt.datetime.now(dt.UTC).strftime("%Y-%m-%d")
    pdf = ReportPDF(f"{title} — {today}")
    pdf.set_title(title)
    pdf.set_creator("movement-screening batch")
    pdf.set_subject("Movement screening (not a diagnosis)")
    pdf.add_page()
    pdf.set_font("DejaVu", "B", 18)
    pdf.set_text_color(ACCENT)
    pdf.cell(0, 10, title, new_x="LMARGIN", new_y="NEXT")
    rows = team_rows(report)
    done = len(report.with_status("done")) + len(report.with_status("skipped"))
    pdf.paragraph(f"{today} · {len(rows)} athlete(s) · {done} analysis(es) · "
                  f"{len(_problem_lines(report))} problem(s). Athletes with flagged (mild or marked) findings "
                  "come first.", size=9, colour=MUTED)
    pdf.paragraph(DISCLAIMER, size=8.5, style="I")
    pdf.ln(2)
    pdf.set_font("DejaVu", "", 8)
    heading = FontFace(emphasis="BOLD", color="#ffffff", fill_color=ACCENT, size_pt=8.5)
    with pdf.table(col_widths=(30, 28, 17, 75, 30), text_align=("LEFT", "LEFT", "CENTER", "LEFT", "LEFT"),
                   headings_style=heading, line_height=4.2, padding=1.2, borders_layout="HORIZONTAL_LINES",
                   width=pdf.content_width, v_align="TOP") as table:
        table.row(["Athlete", "Protocols", "Flagged", "Flagged findings (then the others, counted)", "Problems"])
        for row in rows:
            worst = "marked" if row.marked else "mild" if row.mild else "normal" if row.clips else "invalid"
            fill, text = SEVERITY_STYLE[worst]
            flagged = [_finding_text(f) for f in row.findings if f.flagged]
            others = len(row.findings) - len(flagged)
            cells = table.row()
            cells.cell(row.athlete, style=FontFace(emphasis="BOLD"))
            cells.cell(", ".join(row.protocols))
            count = f"{row.marked + row.mild}" if row.clips else "—"
            cells.cell(count, style=FontFace(emphasis="BOLD", color=text, fill_color=fill))
            listed = "\n".join([*flagged, f"+ {others} other finding(s)" if others else ""]).strip()
            cells.cell(listed or ("none" if row.clips else "not analysed"))
            problem = f"{len(row.failed)} job(s) failed (see below)" if row.failed else ""
            cells.cell(problem, style=FontFace(size_pt=7.5, color=MUTED))
    problems = _problem_lines(report)
    if problems:
        pdf.heading("Not analysed", space_mm=25)
        for line in problems:
            pdf.paragraph(f"• {line}", size=8.5)
    return bytes(pdf.output())


def write_team_pdf(report: BatchReport, path: Path) -> Path:
    """Write the team summary PDF atomically (nothing is left behind if building fails)."""
    return write_atomically(Path(path), build_team_pdf(report))
