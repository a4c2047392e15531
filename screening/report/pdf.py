"""The PDF report: findings, key frames at the peak of the best rep, charts, norms and provenance.

Built with fpdf2 and the DejaVu fonts that matplotlib ships (so degree signs, en dashes, ≥ and
± print without any system font). The document is made in memory and written atomically:
on any error no file is left behind.

Page 1 carries the title block, the non-diagnostic disclaimer, the findings table (flagged
first) and the camera set-up; then come each finding's explanation and follow-up, key frames,
charts, norms and sources, processing provenance, and the disclaimer again.
"""

from __future__ import annotations

import io
import re
from pathlib import Path

import cv2
from fpdf import FPDF
from fpdf.enums import XPos, YPos
from fpdf.fonts import FontFace
from fpdf.util import Padding
from PIL import Image

from screening.config import Settings
from screening.model.analysis import Analysis
from screening.model.clip import ClipAnalysis
from screening.model.findings import DISCLAIMER, Finding
from screening.model.series import detected_fraction
from screening.present.findings import (
    SEVERITY_STYLES,
    detail_lines,
    finding_range,
    finding_title,
    finding_value,
    sorted_findings,
)
from screening.present.frames import KeyFrame, keyframe_caption, plot_columns, reps_by_column, select_keyframes
from screening.present.labels import readable, setting_label, setting_text
from screening.present.numbers import MISSING, format_time, typeset
from screening.protocols.base import get_protocol
from screening.report.charts import angles_over_time_png, font_path, left_right_png
from screening.report.keyframes import annotated_keyframe
from screening.report.tables import write_atomically
from screening.source.base import display_name

MAX_KEYFRAMES = 4
SETTING_KEY = re.compile(r"\b[a-z]+(?:_[a-z0-9]+)+\b")  # a setting's key inside another one's description
SEVERITY_STYLE: dict[str, tuple[str, str]] = {s: (style.fill, style.ink) for s, style in SEVERITY_STYLES.items()}
ACCENT = "#1f4e79"
MUTED = "#555555"
DISCLAIMER_FILL = "#fff3cd"
DISCLAIMER_BORDER = "#c99a06"
SCOPE_NOTE = "Findings show what to look at more closely; they do not say what is wrong or how to treat it."


# ---------------------------------------------------------------- wording (screening.present, true minus signs)


def value_text(finding: Finding) -> str:
    """Return a finding's value as the dashboard's card and its explanation write it, with a true minus."""
    return typeset(finding_value(finding))


def range_text(finding: Finding) -> str:
    """Return a finding's normal range as the dashboard's table writes it, with a true minus."""
    return typeset(finding_range(finding))


# ---------------------------------------------------------------- the document


class ReportPDF(FPDF):
    """A4 portrait with DejaVu fonts, a running header after page 1 and a footer with the page number."""

    def __init__(self, running_title: str) -> None:
        super().__init__(orientation="P", unit="mm", format="A4")
        self.running_title = running_title
        self.set_margins(15, 15, 15)
        self.set_auto_page_break(True, margin=18)
        self.add_font("DejaVu", "", str(font_path()))
        self.add_font("DejaVu", "B", str(font_path(bold=True)))
        self.add_font("DejaVu", "I", str(font_path(italic=True)))
        self.add_font("DejaVu", "BI", str(font_path(bold=True, italic=True)))
        self.add_font("DejaVuMono", "", str(font_path(mono=True)))
        self.set_font("DejaVu", size=10)

    def header(self) -> None:
        """Write the running title on every page but the first."""
        if self.page_no() == 1:
            return
        self.set_font("DejaVu", "", 8)
        self.set_text_color(MUTED)
        self.cell(0, 5, self.running_title, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        self.set_draw_color("#cccccc")
        self.line(self.l_margin, self.get_y(), self.w - self.r_margin, self.get_y())
        self.ln(4)
        self.set_text_color(0)

    def footer(self) -> None:
        """Write the screening notice and the page number."""
        self.set_y(-12)
        self.set_font("DejaVu", "", 7.5)
        self.set_text_color(MUTED)
        self.cell(0, 5, "Movement screening — not a diagnosis. See the disclaimer on page 1.")
        self.set_x(self.l_margin)
        self.cell(0, 5, f"Page {self.page_no()} of {{nb}}", align="R")
        self.set_text_color(0)

    @property
    def content_width(self) -> float:
        """Return the width between the margins in mm."""
        return self.w - self.l_margin - self.r_margin

    def space_left(self) -> float:
        """Return the height in mm left above the page-break trigger."""
        return self.page_break_trigger - self.get_y()

    def heading(self, text: str, size: float = 13, space_mm: float = 30) -> None:
        """Start a section, on a new page unless ``space_mm`` are left."""
        if self.space_left() < space_mm:
            self.add_page()
        self.ln(3)
        self.set_font("DejaVu", "B", size)
        self.set_text_color(ACCENT)
        self.cell(0, 8, text, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        self.set_text_color(0)
        self.set_font("DejaVu", "", 10)

    def paragraph(self, text: str, size: float = 9.5, style: str = "", colour: str | int = 0) -> None:
        """Write a wrapped paragraph across the full width."""
        self.set_font("DejaVu", style, size)
        self.set_text_color(colour)
        self.multi_cell(0, size * 0.48, text, align="L", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        self.set_text_color(0)

    def labelled(self, label: str, text: str, size: float = 9.5) -> None:
        """Write ``label`` in bold followed by ``text``, wrapped, as one paragraph."""
        self.set_x(self.l_margin)
        self.set_font("DejaVu", "B", size)
        self.write(size * 0.48, f"{label} ")
        self.set_font("DejaVu", "", size)
        self.write(size * 0.48, text)
        self.ln(size * 0.48 + 1)

    def png(self, data: bytes, width_mm: float) -> None:
        """Place a PNG at the left margin, ``width_mm`` wide, on a new page if it does not fit."""
        with Image.open(io.BytesIO(data)) as image:
            height_mm = width_mm * image.height / image.width
        if self.space_left() < height_mm:
            self.add_page()
        self.image(io.BytesIO(data), x=self.l_margin, w=width_mm, h=height_mm)
        self.ln(2)


def _disclaimer_box(pdf: ReportPDF, title: str) -> None:
    """Write the disclaimer and the red-flag advice in a highlighted box."""
    pdf.set_fill_color(DISCLAIMER_FILL)
    pdf.set_draw_color(DISCLAIMER_BORDER)
    pdf.set_line_width(0.4)
    pdf.set_font("DejaVu", "B", 10)
    pdf.multi_cell(0, 5.5, f"⚠  {title}", border="LTR", fill=True, align="L", padding=Padding(2, 3, 0, 3),
                   new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.set_font("DejaVu", "", 9.5)
    pdf.multi_cell(0, 4.8, f"{DISCLAIMER}\n{SCOPE_NOTE}", border="LRB", fill=True, align="L",
                   padding=Padding(1, 3, 2.5, 3), new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.set_line_width(0.2)
    pdf.ln(3)


def _title_block(pdf: ReportPDF, analysis: Analysis, athlete_name: str, protocol_title: str) -> None:
    """Write the title, athlete, date, protocol and clips."""
    pdf.set_font("DejaVu", "B", 20)
    pdf.set_text_color(ACCENT)
    pdf.cell(0, 11, "Movement screening report", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.set_draw_color(ACCENT)
    pdf.set_line_width(0.6)
    pdf.line(pdf.l_margin, pdf.get_y() + 1, pdf.w - pdf.r_margin, pdf.get_y() + 1)
    pdf.set_line_width(0.2)
    pdf.ln(4)
    pdf.set_text_color(0)
    profile = analysis.profile
    about = [f"born {profile.birth_year}" if profile.birth_year else "", profile.sex,
             f"{profile.height_cm:.0f} cm" if profile.height_cm else ""]
    rows = [
        ("Athlete", athlete_name or "not given"),
        ("Profile", ", ".join(a for a in about if a) or "not given"),
        ("Date", format_time(analysis.created_at)),
        ("Protocol", protocol_title),
        ("Clips", "; ".join(_clip_line(c) for c in analysis.clips) or "none"),
    ]
    for label, value in rows:
        pdf.set_font("DejaVu", "B", 10)
        pdf.cell(24, 5.5, label)
        pdf.set_font("DejaVu", "", 10)
        pdf.multi_cell(0, 5.5, value, align="L", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.ln(3)


def _clip_line(clip: ClipAnalysis) -> str:
    time_s = clip.series["time"].values
    if len(time_s) <= 1:
        return f"{clip.name} (photo)"
    return f"{clip.name} ({time_s[-1] - time_s[0]:.1f} s, {len(time_s)} frames)"


def _findings_table(pdf: ReportPDF, findings: list[Finding]) -> None:
    """Write the findings table: severity (coloured), finding, value, normal range, confidence and reason."""
    flagged = sum(f.flagged for f in findings)
    pdf.heading("Findings", space_mm=40)
    pdf.paragraph(f"{len(findings)} finding(s), {flagged} flagged (mild or marked). Flagged findings are listed first; "
                  "values are the best repetition unless stated otherwise.", size=9, colour=MUTED)
    pdf.ln(1.5)
    if not findings:
        pdf.paragraph("No findings: the protocol could not measure anything in these clips.")
        return
    heading_style = FontFace(emphasis="BOLD", color="#ffffff", fill_color=ACCENT, size_pt=8.5)
    pdf.set_font("DejaVu", "", 8.5)
    pdf.set_draw_color("#bbbbbb")
    pdf.set_fill_color("#f3f5f8")
    with pdf.table(cell_fill_color="#f3f5f8", cell_fill_mode="ROWS", col_widths=(19, 46, 19, 25, 71),
                   text_align=("CENTER", "LEFT", "RIGHT", "CENTER", "LEFT"),
                   headings_style=heading_style, line_height=4.3, padding=1.4, v_align="MIDDLE",
                   borders_layout="HORIZONTAL_LINES", width=pdf.content_width) as table:
        table.row(["Severity", "Finding", "Value", "Normal range", "Confidence (reason)"])
        for finding in findings:
            fill, text = SEVERITY_STYLE.get(finding.severity, SEVERITY_STYLE["info"])
            row = table.row()
            row.cell(SEVERITY_STYLES[finding.severity].short,
                     style=FontFace(emphasis="BOLD", color=text, fill_color=fill))
            row.cell(finding_title(finding), style=FontFace(emphasis="BOLD" if finding.flagged else None))
            row.cell(value_text(finding))
            row.cell(range_text(finding))
            row.cell(f"{finding.confidence.capitalize()}: {readable(finding.confidence_reason)}",
                     style=FontFace(size_pt=7.5, color=MUTED))
    pdf.ln(2)


def _setup_section(pdf: ReportPDF, protocol_name: str | None) -> None:
    """Write the protocol's camera and body set-up, with its diagram in monospace."""
    if not protocol_name:
        return
    spec = get_protocol(protocol_name).spec
    pdf.heading("Camera set-up", space_mm=45)
    pdf.paragraph(spec.setup)
    pdf.ln(1.5)
    pdf.set_font("DejaVuMono", "", 8)
    pdf.set_fill_color("#f2f2f2")
    pdf.multi_cell(0, 3.6, spec.diagram, fill=True, align="L", padding=2, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.set_font("DejaVu", "", 10)


def _findings_detail(pdf: ReportPDF, findings: list[Finding], notes: list[str]) -> None:
    """Write each finding's explanation, measured details, confidence and follow-up."""
    pdf.heading("What the findings mean", space_mm=50)
    for finding in findings:
        if pdf.space_left() < 28:
            pdf.add_page()
        fill, text = SEVERITY_STYLE.get(finding.severity, SEVERITY_STYLE["info"])
        pdf.set_font("DejaVu", "B", 10.5)
        pdf.set_fill_color(fill)
        pdf.set_text_color(text)
        pdf.cell(22, 6, finding.severity.upper(), fill=True, align="C")
        pdf.set_text_color(0)
        value = value_text(finding)
        title = f"  {finding_title(finding)}" + (f" — {value}" if value != MISSING else "")
        pdf.multi_cell(0, 6, title, align="L", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        pdf.ln(0.8)
        pdf.paragraph(readable(finding.explanation))
        extra = detail_lines(finding.details)
        if extra:
            pdf.labelled("Measured:", "; ".join(extra), size=8.5)
        pdf.labelled("Normal range:", range_text(finding), size=8.5)
        pdf.labelled("Confidence:", f"{finding.confidence} — {readable(finding.confidence_reason)}", size=8.5)
        if finding.follow_up:
            pdf.labelled("Follow-up:", finding.follow_up, size=9)
        pdf.ln(2.5)
    if notes:
        pdf.heading("Notes", size=11, space_mm=20)
        for note in notes:
            pdf.paragraph(f"• {readable(note)}", size=9)


def _keyframe_jpeg(analysis: Analysis, frame: KeyFrame, blur_faces: bool) -> bytes | None:
    """Return the annotated key frame as JPEG bytes (None without a readable source)."""
    image = annotated_keyframe(analysis.clips[frame.clip_index], frame.time_s, frame.columns, blur_faces=blur_faces,
                               crop_to_person=True, max_side_px=900, readout=False)
    if image is None:
        return None
    ok, data = cv2.imencode(".jpg", image, [cv2.IMWRITE_JPEG_QUALITY, 85])
    return data.tobytes() if ok else None


def _keyframes_section(pdf: ReportPDF, analysis: Analysis, blur_faces: bool) -> None:
    """Place up to four annotated key frames, two per row, each with its caption."""
    frames = select_keyframes(analysis, MAX_KEYFRAMES)
    images = [(f, data) for f in frames if (data := _keyframe_jpeg(analysis, f, blur_faces)) is not None]
    pdf.heading("Key frames", space_mm=110)
    note = "Faces are blurred. " if blur_faces else ""
    if not images:
        pdf.paragraph("No key frames: no rep peaks were found, or the source video is not available (landmark file "
                      "input).", size=9, colour=MUTED)
        return
    pdf.paragraph(f"Each video frame is at the peak of the best repetition. {note}Skeleton from the cleaned "
                  "landmarks; the yellow arc shows each measured angle from its white reference line, with its value "
                  "in degrees.", size=8.5, colour=MUTED)
    pdf.ln(2)
    for i in range(0, len(images), 2):
        _keyframe_row(pdf, analysis, images[i:i + 2])


def _keyframe_row(pdf: ReportPDF, analysis: Analysis, row: list[tuple[KeyFrame, bytes]]) -> None:
    """Place one row of one or two key frames (centred), each fitted in a box with its caption below."""
    box_w, box_h, gap = (pdf.content_width - 6) / 2, 105.0, 6.0
    pdf.set_font("DejaVu", "", 8)
    captions = [typeset(keyframe_caption(analysis, frame)) for frame, _ in row]
    caption_h = max(float(pdf.multi_cell(box_w, 3.8, c, dry_run=True, output="HEIGHT"))  # type: ignore[arg-type]
                    for c in captions)
    if pdf.space_left() < box_h + caption_h + 4:
        pdf.add_page()
    top = pdf.get_y()
    left = pdf.l_margin + (box_w + gap) / 2 if len(row) == 1 else pdf.l_margin
    for j, ((_, data), caption) in enumerate(zip(row, captions, strict=True)):
        x = left + j * (box_w + gap)
        with Image.open(io.BytesIO(data)) as image:
            ratio = image.width / image.height
        w, h = (box_w, box_w / ratio) if box_w / ratio <= box_h else (box_h * ratio, box_h)
        pdf.image(io.BytesIO(data), x=x + (box_w - w) / 2, y=top + (box_h - h), w=w, h=h)
        pdf.set_xy(x, top + box_h + 1.5)
        pdf.multi_cell(box_w, 3.8, caption, align="C", new_x=XPos.RIGHT, new_y=YPos.TOP)
    pdf.set_xy(pdf.l_margin, top + box_h + 1.5 + caption_h)
    pdf.ln(4)


def _charts_section(pdf: ReportPDF, analysis: Analysis) -> None:
    """Place the angles-over-time chart of each clip and the left/right comparison."""
    result = analysis.result
    findings = result.findings if result else []
    charts = []
    for index, clip in enumerate(analysis.clips):
        columns = plot_columns(analysis, index)  # the dashboard's columns and reps, drawn with matplotlib
        png = angles_over_time_png(clip.angles, columns, reps_by_column(analysis, index, columns),
                                   title=f"{clip.name}: key angles over time", findings=findings)
        if png is not None:
            charts.append(png)
    comparison = left_right_png(result.findings) if result else None
    if not charts and comparison is None:
        return
    pdf.heading("Charts", space_mm=90)
    for png in charts:
        pdf.png(png, pdf.content_width * 0.92)
    if comparison is not None:
        pdf.png(comparison, pdf.content_width * 0.92)


def _norms_section(pdf: ReportPDF, findings: list[Finding]) -> None:
    """List each distinct norm source and threshold note, with the findings that use it."""
    pdf.heading("Norms and sources", space_mm=40)
    seen: dict[tuple[str, str], list[str]] = {}
    for finding in findings:
        key = (finding.norm_source, str(finding.details.get("threshold_note", "")))
        seen.setdefault(key, []).append(finding_title(finding))
    for index, ((source, note), labels) in enumerate(seen.items(), start=1):
        pdf.labelled(f"[{index}] {', '.join(labels)}:", source or "no published norm", size=8.5)
        if note:
            pdf.paragraph(f"Threshold: {note}", size=8, colour=MUTED)
        pdf.ln(1.2)


def _settings_lines(settings: Settings) -> list[str]:
    """Return ``"Filter cut-off: 6 Hz — Butterworth low-pass …"`` for the settings that change results.

    Settings are named in words (:func:`screening.present.labels.setting_text`), never by their keys.
    """
    lines = []
    for key, value in settings.fingerprint().items():
        shown = display_name(str(value)) if key == "model_path" else value  # U+FFFD for bytes not UTF-8
        field = Settings.model_fields.get(key)
        description = SETTING_KEY.sub(lambda m: setting_label(m.group(0))[0].lower() if m.group(0) in
                                      Settings.model_fields else m.group(0), (field.description or "") if field else "")
        lines.append(setting_text(key, shown) + (f" — {description}" if description else ""))
    return lines


def _provenance_section(pdf: ReportPDF, analysis: Analysis) -> None:
    """Write software, model, settings, clips with their view checks and processing logs."""
    pdf.heading("Processing and provenance", space_mm=50)
    first = analysis.clips[0].series.attrs if analysis.clips else {}
    sha = str(first.get("model_sha256", ""))
    pdf.labelled("Software:", f"movement-screening {analysis.software_version}; analysed "
                 f"{format_time(analysis.created_at)}", size=8.5)
    pdf.labelled("Pose model:", f"{first.get('model_name', 'unknown')} (sha256 {sha[:12] or 'unknown'}…)", size=8.5)
    pdf.labelled("Settings:", "", size=8.5)
    for line in _settings_lines(analysis.settings):
        pdf.paragraph(f"    {line}", size=7.5, colour=MUTED)
    for clip in analysis.clips:
        attrs = clip.series.attrs
        pdf.ln(1.5)
        pdf.labelled(f"Clip {clip.name}:", (
            f"{attrs.get('frame_width')}×{attrs.get('frame_height')} px, {float(attrs.get('fps', 0)):.1f} fps, "
            f"person found in {100 * detected_fraction(clip.raw):.0f} % of frames, "
            f"file sha256 {str(attrs.get('source_sha256', ''))[:12] or 'unknown'}…"), size=8.5)
        if clip.clip is not None:
            view = clip.clip.view
            pdf.paragraph(f"    View check ({view.expected} view expected): {'OK' if view.ok else 'NOT OK'} — "
                          f"{view.reason}", size=7.5, colour=MUTED)
        for step in attrs.get("processing_log", []):
            pdf.paragraph(f"    • {step}", size=7.5, colour=MUTED)


def build_pdf(analysis: Analysis, athlete_name: str = "", blur_faces: bool = True) -> bytes:
    """Return the PDF report of ``analysis`` as bytes (see the module docstring for its contents).

    Parameters
    ----------
    analysis
        The analysis to report.
    athlete_name
        Printed on the title page and in the running header; empty for "not given".
    blur_faces
        Blur the face in every key frame.

    Returns
    -------
    bytes
        The PDF document.
    """
    protocol_title = get_protocol(analysis.protocol).spec.title if analysis.protocol else "No protocol (angles only)"
    running = f"Movement screening — {athlete_name or 'athlete not given'} — {protocol_title} — " \
              f"{format_time(analysis.created_at)}"
    pdf = ReportPDF(running)
    pdf.set_title(f"Movement screening report: {protocol_title}")
    pdf.set_author(athlete_name or "movement-screening")
    pdf.set_creator(f"movement-screening {analysis.software_version}")
    pdf.set_subject("Movement screening (not a diagnosis)")
    pdf.add_page()
    findings = sorted_findings(analysis.result.findings if analysis.result else [])
    _title_block(pdf, analysis, athlete_name, protocol_title)
    _disclaimer_box(pdf, "Screening only — not a diagnosis")
    _findings_table(pdf, findings)
    _setup_section(pdf, analysis.protocol)
    pdf.add_page()
    if findings:
        _findings_detail(pdf, findings, analysis.result.notes if analysis.result else [])
    _keyframes_section(pdf, analysis, blur_faces)
    _charts_section(pdf, analysis)
    if findings:
        _norms_section(pdf, findings)
    _provenance_section(pdf, analysis)
    pdf.heading("Important", space_mm=45)
    _disclaimer_box(pdf, "Screening only — not a diagnosis")
    return bytes(pdf.output())


def write_pdf(analysis: Analysis, path: Path, athlete_name: str = "", blur_faces: bool = True) -> Path:
    """Write the PDF report to ``path`` atomically (temporary name, then rename) and return the path.

    Parameters
    ----------
    analysis
        The analysis to report.
    path
        Destination ``.pdf`` file; its folder must exist. Nothing is written if building fails.
    athlete_name
        Printed on the title page; empty for "not given".
    blur_faces
        Blur the face in every key frame (default True).

    Returns
    -------
    pathlib.Path
        ``path``.

    Raises
    ------
    screening.errors.OutputError
        If the file cannot be written.
    """
    return write_atomically(Path(path), build_pdf(analysis, athlete_name, blur_faces))
