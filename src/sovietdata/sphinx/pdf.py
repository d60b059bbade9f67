"""The book as one PDF, and clean printing of every page.

Two parts, one for each way a reader takes a book to paper:

Printing a page from the browser
    :func:`setup` (called by the extension) adds ``print.css`` for print media only: no
    navigation, the light colours whatever mode the reader chose, notes as numbered notes
    (on ``cards.css``'s print rules), folded examples open, and the address of each outside
    link written after it, except where the link's text is the address already
    (:class:`MarkAddresses` marks those).

The whole book as a PDF (``python -m sovietdata.sphinx.pdf SOURCE OUTPUT``)
    Sphinx's ``singlehtml`` builder writes the book as one page (:func:`build_single`), and
    the system Chromium, driven by Playwright, prints it (:func:`print_book`): a title page
    with the book's title, version and data version; a table of contents with page numbers;
    each chapter on a new page, under a running header with the book's title and the
    chapter's, with the page number below; the notes and cards as numbered notes at the end;
    figures in their light form; a document outline of the headings; and tags for
    accessibility (Chromium's tagged PDF). No TeX is involved, and nothing is fetched.

    The contents' page numbers are found, not guessed: the book is printed once, the page of
    each chapter is read from the PDF's link destinations with pypdf, the numbers are written
    into the contents and the book is printed again, until the two agree.

The PDF part needs Playwright and pypdf (the project's test dependencies) and a Chromium
binary: ``$SOVIETDATA_CHROMIUM`` or the first of ``chromium``, ``chromium-browser`` and
``google-chrome`` on the ``PATH``.
"""

from __future__ import annotations

import argparse
import hashlib
import io
import os
import shutil
import sys
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from docutils import nodes
from sphinx import addnodes
from sphinx.application import Sphinx
from sphinx.errors import SphinxError
from sphinx.transforms.post_transforms import SphinxPostTransform
from sphinx.util.docutils import docutils_namespace, patch_docutils

import sovietdata
from sovietdata.sphinx import data

if TYPE_CHECKING:
    from playwright.sync_api import Page

__all__ = [
    "ADDRESS_CLASS",
    "PRINTS",
    "Book",
    "MarkAddresses",
    "Part",
    "Printed",
    "book_of",
    "build_single",
    "chromium_path",
    "data_version",
    "main",
    "pages_of",
    "print_book",
    "retitle",
    "setup",
]

#: Browsers looked for on the ``PATH`` when ``$SOVIETDATA_CHROMIUM`` is not set.
CANDIDATES = ("chromium", "chromium-browser", "google-chrome")
#: Chromium's flags for a sandboxed machine: no first-run work, no background traffic.
FLAGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--no-first-run"]
#: How many times the book is printed at most before its contents' page numbers agree.
PRINTS = 4
#: The class of a link whose text is its address: print writes no address after it.
ADDRESS_CLASS = "sd-address"


# --- printing a page from the browser ---------------------------------------------------------


def _address_forms(uri: str) -> set[str]:
    bare = uri.split("://", 1)[-1]
    return {uri, uri.rstrip("/"), bare, bare.rstrip("/"), bare.removeprefix("www.")}


class MarkAddresses(SphinxPostTransform):
    """Mark outside links whose text is their address (``<https://…>``): print adds none."""

    default_priority = 900
    formats = ("html",)

    def run(self, **kwargs: Any) -> None:
        """Give each such link the class :data:`ADDRESS_CLASS`."""
        for ref in self.document.findall(nodes.reference):
            uri = ref.get("refuri", "")
            if uri.startswith(("http://", "https://")) and ref.astext().strip() in _address_forms(
                uri
            ):
                ref["classes"].append(ADDRESS_CLASS)


#: When the browser prints a page: the theme in its light mode (figures and code with it) and
#: every ``<details>`` open; afterwards, the page as the reader left it. Written compact, as it
#: is inlined in every page.
PRINT_SCRIPT = (
    "(function(){var r=document.documentElement,m=null,o=[];"
    'addEventListener("beforeprint",function(){m=r.dataset.theme||null;'
    'r.dataset.theme="light";o=[].filter.call(document.querySelectorAll("details"),'
    "function(d){return !d.open});o.forEach(function(d){d.open=true})});"
    'addEventListener("afterprint",function(){if(m){r.dataset.theme=m}'
    "o.forEach(function(d){d.open=false});o=[]})})();"
)


def setup(app: Sphinx) -> dict[str, Any]:
    """Add the print stylesheet (print media only), its script and the marking of addresses."""
    app.add_css_file("print.css", media="print", priority=900)
    app.add_js_file(None, body=PRINT_SCRIPT)
    app.add_post_transform(MarkAddresses)
    return {"parallel_read_safe": True, "parallel_write_safe": True}


# --- the book as one page ---------------------------------------------------------------------


@dataclass(frozen=True)
class Part:
    """A part of the book: a toctree's caption and the documents it lists, in order."""

    caption: str
    docs: tuple[str, ...]


@dataclass(frozen=True)
class Book:
    """What the title page and the contents of the PDF need, from one ``singlehtml`` build."""

    #: The book's ``index.html``, all of it on one page.
    html: Path
    #: ``html_title`` of the configuration (or ``project``).
    title: str
    #: ``release`` of the configuration.
    version: str
    #: The data the book renders, in words (:func:`data_version`).
    data: str
    #: The root document's toctrees, in order.
    parts: tuple[Part, ...]


def data_version(ds: sovietdata.Dataset, files: Sequence[Path]) -> str:
    """The version of the data a book renders, in words: its size, last correction and hash.

    The hash is SHA-256 over each file's name and bytes, in the order given (the first 12
    hexadecimal digits): two books that show the same hash render the same records.

    >>> from sovietdata.sphinx.data import DATA_FILES
    >>> from sovietdata.sphinx.pdf import data_version
    >>> files = sorted(DATA_FILES.glob("*.toml"))
    >>> data_version(sovietdata.dataset(), files)  # doctest: +ELLIPSIS
    '... records in 9 files, last corrected on ...; SHA-256 ...'

    Raises:
        OSError: a file cannot be read.

    """
    digest = hashlib.sha256()
    for file in files:
        digest.update(file.name.encode() + b"\0" + file.read_bytes() + b"\0")
    records = len(ds)
    words = (
        f"{records:,} record{'s' * (records != 1)} in {len(files)} file{'s' * (len(files) != 1)}"
    )
    if ds.corrections:  # newest first
        words += f", last corrected on {ds.corrections[0].date.text()}"
    return f"{words}; SHA-256 {digest.hexdigest()[:12]}"


def book_of(app: Sphinx) -> Book:
    """The title, version, data version and parts of a book Sphinx has built."""
    config = app.config
    where = data.paths(config)
    files = [f for p in where for f in (sorted(p.iterdir()) if p.is_dir() else [p])]
    files = [f for f in files if f.suffix in {".toml", ".json"}]
    root = app.env.get_doctree(config.root_doc)
    parts = tuple(
        Part(
            toc.get("caption") or "",
            tuple(doc for _, doc in toc["entries"] if doc in app.env.found_docs),
        )
        for toc in root.findall(addnodes.toctree)
    )
    return Book(
        html=Path(app.outdir) / f"{config.root_doc}.html",
        title=str(config.html_title or config.project),
        version=str(config.release),
        data=data_version(data.dataset(app.env), files),
        parts=parts,
    )


def build_single(source: Path, outdir: Path, doctrees: Path, *, quiet: bool = True) -> Book:
    """Build the book in ``source`` with ``singlehtml``, strictly (warnings are errors).

    Raises:
        RuntimeError: the build warned or failed; Sphinx has printed why on standard error.

    """
    status = io.StringIO() if quiet else sys.stdout
    with patch_docutils(source), docutils_namespace():
        try:
            app = Sphinx(
                source,
                source,
                outdir,
                doctrees,
                "singlehtml",
                status=status,
                warning=sys.stderr,
                warningiserror=True,
            )
            app.build()
        except SphinxError as error:
            raise RuntimeError(f"the one-page build of {source} failed: {error}") from error
        if app.statuscode:
            raise RuntimeError(f"the one-page build of {source} failed (see its warnings above)")
        return book_of(app)


# --- printing -----------------------------------------------------------------------------------


def chromium_path() -> str | None:
    """The Chromium to print with: ``$SOVIETDATA_CHROMIUM``, or the first found on the PATH."""
    explicit = os.environ.get("SOVIETDATA_CHROMIUM")
    if explicit:
        return explicit
    return next((p for p in map(shutil.which, CANDIDATES) if p), None)


@dataclass(frozen=True)
class Printed:
    """A printed book: where, how many pages, and each part's first page."""

    path: Path
    pages: int
    #: The first page (from 1) of each entry of the contents, by its element id.
    starts: dict[str, int] = field(default_factory=dict)
    #: How many times the book was printed before its page numbers agreed.
    prints: int = 1


def pages_of(pdf: bytes, ids: Sequence[str]) -> dict[str, int]:
    """The page (from 1) of each id among a PDF's named destinations, for those it has."""
    from pypdf import PdfReader  # noqa: PLC0415 - a test dependency, needed only here

    reader = PdfReader(io.BytesIO(pdf))
    dests = {name.lstrip("/"): dest for name, dest in reader.named_destinations.items()}
    found = {i: reader.get_destination_page_number(dests[i]) for i in ids if i in dests}
    return {i: n + 1 for i, n in found.items() if n is not None}


#: The script that makes the one-page book a printed book: light colours, examples open,
#: a title page, the contents, each part and chapter on pages of its own, the cards at the end
#: as numbered notes, and the page rules of the running headers.
PREPARE = r"""
(book) => {
  const root = document.documentElement;
  root.dataset.theme = "light";
  root.dataset.mode = "light";
  document.querySelectorAll("details").forEach((d) => { d.open = true; });
  const article = document.querySelector("article.bd-article");
  const make = (tag, cls, text) => {
    const el = document.createElement(tag);
    if (cls) el.className = cls;
    if (text !== undefined) el.textContent = text;
    return el;
  };
  const text = (heading) => {
    const copy = heading.cloneNode(true);
    copy.querySelectorAll(".headerlink, .sd-sidenote, a.sd-note-ref").forEach((e) => e.remove());
    return copy.textContent.replace(/\s+/g, " ").trim();
  };
  const headings = "h1, h2, h3, h4, h5, h6";
  const relevel = (element, level) => {
    const first = element.querySelector(headings);
    const by = level - Number(first.tagName[1]);
    element.querySelectorAll(headings).forEach((h) => {
      const to = Math.min(6, Math.max(1, Number(h.tagName[1]) + by));
      if (to === Number(h.tagName[1])) return;
      const other = document.createElement("h" + to);
      for (const a of h.attributes) other.setAttribute(a.name, a.value);
      while (h.firstChild) other.appendChild(h.firstChild);
      h.replaceWith(other);
    });
  };
  const sectionOf = (doc) => {
    let el = document.getElementById("document-" + doc);
    while (el && el.tagName !== "SECTION") el = el.nextElementSibling;
    return el;
  };
  const quote = (s) => JSON.stringify(s.replace(/\s+/g, " "));
  const pages = [];
  const chapter = (element, name, title) => {
    element.style.page = name;
    pages.push("@page " + name + " { @top-right { content: " + quote(title) + "; } }");
  };

  // Take the chapters out of the landing page, part by part, before anything moves.
  const parts = book.parts.map((part) => ({
    caption: part.caption,
    sections: part.docs.map(sectionOf).filter((s) => s),
  }));
  const intro = article.querySelector("section");
  const cards = article.querySelector("section.sd-cards");
  const endnotes = Array.from(article.querySelectorAll("aside.sd-endnotes"));

  const body = make("div", "sd-print-book");
  const cover = make("section", "sd-print-cover");
  cover.append(
    make("h1", "sd-print-title", book.title),
    make("p", "sd-print-version", "Version " + book.version),
    make("p", "sd-print-data", "Data: " + book.data),
  );
  cover.style.page = "sd-cover";
  const contents = make("nav", "sd-print-contents");
  contents.setAttribute("aria-label", "Contents");
  contents.append(make("h1", "", "Contents"));
  contents.style.page = "sd-contents";
  const list = make("ol", "sd-print-toc");
  contents.append(list);
  const entries = [];
  const entry = (into, target, title, cls) => {
    const item = make("li", cls);
    const link = make("a", "sd-print-toc-link");
    link.href = "#" + target.id;
    link.append(make("span", "sd-print-toc-title", title), make("span", "sd-print-toc-page", ""));
    item.append(link);
    into.append(item);
    entries.push(target.id);
  };
  body.append(cover, contents);

  relevel(intro, 1);
  chapter(intro, "sd-intro", text(intro.querySelector("h1")));
  entry(list, intro, text(intro.querySelector("h1")), "sd-print-toc-chapter");
  body.append(intro);
  parts.forEach((part, p) => {
    const wrapper = make("section", "sd-print-part");
    wrapper.id = "sd-part-" + (p + 1);
    const heading = make("h1", "sd-print-part-title", part.caption);
    wrapper.append(heading);
    const item = make("li", "sd-print-toc-part");
    item.append(make("span", "sd-print-toc-caption", part.caption));
    const inner = make("ol");
    item.append(inner);
    list.append(item);
    part.sections.forEach((section, n) => {
      relevel(section, 2);
      const title = text(section.querySelector("h2"));
      chapter(section, "sd-part-" + (p + 1) + "-" + (n + 1), title);
      if (n === 0) heading.style.page = section.style.page;
      entry(inner, section, title, "sd-print-toc-chapter");
      wrapper.append(section);
    });
    body.append(wrapper);
  });
  if (cards) {
    const back = make("section", "sd-print-notes");
    back.id = "sd-print-notes";
    const title = cards.querySelector(".sd-cards-title");
    const heading = make("h1", "", title ? title.textContent : "Notes");
    if (title) title.remove();
    back.append(heading, cards);
    endnotes.forEach((e) => e.remove());
    chapter(back, "sd-notes", heading.textContent);
    entry(list, back, heading.textContent, "sd-print-toc-chapter");
    body.append(back);
  }
  // A note's number leads to its card, the numbered note at the end.
  body.querySelectorAll("a.sd-note-ref[data-sd-card]").forEach((a) => {
    a.href = "#" + a.dataset.sdCard;
  });
  // cards.js moves the cards out of their section to the end of the page: they come back.
  if (cards) cards.append(...document.querySelectorAll(".sd-card"));
  document.body.replaceChildren(body);
  document.body.className = "sd-print";

  const style = make("style");
  style.textContent = [
    "@page { size: A4; margin: 22mm 18mm 20mm;",
    "  @top-left { content: " + quote(book.title) + "; }",
    "  @bottom-center { content: counter(page); } }",
    "@page sd-cover { @top-left { content: none; } @bottom-center { content: none; } }",
    "@page sd-contents { @top-right { content: \"Contents\"; } }",
    ...pages,
  ].join("\n");
  document.head.append(style);
  const titles = Array.from(document.querySelectorAll(headings))
    .filter((h) => h.getClientRects().length)
    .map(text);
  return { entries: entries, titles: titles };
}
"""

#: The script that writes the page numbers into the contents.
NUMBER = r"""
(starts) => {
  document.querySelectorAll("a.sd-print-toc-link").forEach((a) => {
    const n = starts[a.getAttribute("href").slice(1)];
    a.querySelector(".sd-print-toc-page").textContent = n === undefined ? "" : String(n);
  });
}
"""


def _prepare(page: Page, book: Book) -> tuple[list[str], list[str]]:
    """Make the page the printed book; the ids of the contents' entries, the headings' text."""
    payload = {
        "title": book.title,
        "version": book.version,
        "data": book.data,
        "parts": [{"caption": p.caption, "docs": list(p.docs)} for p in book.parts],
    }
    made: dict[str, list[str]] = page.evaluate(PREPARE, payload)
    return made["entries"], made["titles"]


def _outline(node: Any) -> list[Any]:
    """The items of an outline, depth first (the order of the headings they stand for)."""
    items = []
    item = node.get("/First")
    while item is not None:
        item = item.get_object()
        items += [item, *_outline(item)]
        item = item.get("/Next")
    return items


def retitle(pdf: bytes, titles: Sequence[str]) -> bytes:
    """The PDF with its outline's entries named by ``titles``, in order.

    Chromium names an outline entry by the text it laid out for the heading: a heading that a
    page break moved comes out with its words twice ("ContentsContents"), and a heading on two
    lines without the space between them. The headings' own text, in document order, is what
    the entries stand for.

    Raises:
        RuntimeError: the outline does not have one entry per title.

    """
    from pypdf import PdfReader, PdfWriter  # noqa: PLC0415 - a test dependency, needed only here
    from pypdf.generic import NameObject, TextStringObject  # noqa: PLC0415

    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(pdf)))
    outlines = writer.root_object.get("/Outlines")
    items = _outline(outlines.get_object()) if outlines is not None else []
    if len(items) != len(titles):
        raise RuntimeError(f"the outline has {len(items)} entries for {len(titles)} headings")
    for item, title in zip(items, titles, strict=True):
        item[NameObject("/Title")] = TextStringObject(title)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def print_book(book: Book, output: Path, chromium: str | None = None) -> Printed:
    """Print a one-page build to ``output`` as the book's PDF, with its contents numbered.

    Raises:
        RuntimeError: no Chromium was found or it did not start, the page asked for something
            outside the build, or the contents' page numbers did not settle in :data:`PRINTS`
            prints.

    """
    from playwright.sync_api import Error as PlaywrightError  # noqa: PLC0415 - test dependency
    from playwright.sync_api import Route, sync_playwright  # noqa: PLC0415

    executable = chromium or chromium_path()
    if executable is None:
        raise RuntimeError(
            "no Chromium found: install Debian's chromium package (apt-get install chromium) "
            "or set SOVIETDATA_CHROMIUM to a Chromium binary"
        )
    outside: list[str] = []

    def local_only(route: Route) -> None:
        if route.request.url.startswith(("file:", "data:", "about:")):
            route.continue_()
        else:
            outside.append(route.request.url)
            route.abort()

    with sync_playwright() as p:
        try:
            browser = p.chromium.launch(executable_path=executable, headless=True, args=FLAGS)
        except PlaywrightError as error:
            raise RuntimeError(f"Chromium ({executable}) did not start: {error}") from error
        try:
            context = browser.new_context(color_scheme="light")
            context.add_init_script(
                "try { localStorage.setItem('mode', 'light');"
                " localStorage.setItem('theme', 'light'); } catch (e) {}"
            )
            page = context.new_page()
            page.route("**/*", local_only)
            page.goto(book.html.resolve().as_uri(), wait_until="load")
            page.emulate_media(media="print", color_scheme="light")
            entries, titles = _prepare(page, book)
            starts: dict[str, int] = {}
            prints = 0
            while True:
                prints += 1
                page.evaluate(NUMBER, starts)
                pdf = page.pdf(
                    prefer_css_page_size=True,
                    print_background=True,
                    outline=True,
                    tagged=True,
                )
                found = pages_of(pdf, entries)
                if found == starts:
                    break
                if prints == PRINTS:
                    raise RuntimeError(
                        f"the contents' page numbers did not settle in {PRINTS} prints"
                    )
                starts = found
        finally:
            browser.close()
    if outside:
        raise RuntimeError(f"the book asked for {len(outside)} outside address(es): {outside[:3]}")
    pdf = retitle(pdf, titles)
    output.parent.mkdir(parents=True, exist_ok=True)
    output.write_bytes(pdf)
    return Printed(output, _count(pdf), starts, prints)


def _count(pdf: bytes) -> int:
    from pypdf import PdfReader  # noqa: PLC0415 - a test dependency, needed only here

    return len(PdfReader(io.BytesIO(pdf)).pages)


def main(argv: Sequence[str] | None = None) -> int:
    """Build the book in SOURCE as one page and print it to OUTPUT; the exit code.

    0 when the PDF is written, 1 when the build warns or fails, 2 when it cannot be printed.
    """
    parser = argparse.ArgumentParser(
        prog="python -m sovietdata.sphinx.pdf",
        description="Build a sovietdata book as one page and print it as a PDF with Chromium.",
    )
    parser.add_argument("source", type=Path, help="the book's folder (its conf.py)")
    parser.add_argument("output", type=Path, help="the PDF to write")
    parser.add_argument(
        "--build",
        type=Path,
        help="where the one-page build and its cache go (default: beside OUTPUT)",
    )
    parser.add_argument(
        "--doctrees",
        type=Path,
        help="Sphinx's cache of parsed pages, shared with other builds of the same book"
        " (default: in the --build folder); pages it holds up to date are not read again",
    )
    parser.add_argument("--chromium", help="the Chromium binary (default: $SOVIETDATA_CHROMIUM)")
    args = parser.parse_args(argv)
    build = args.build or args.output.parent / "singlehtml"
    started = time.perf_counter()
    try:
        book = build_single(args.source, build / "html", args.doctrees or build / "doctrees")
    except RuntimeError as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    try:
        printed = print_book(book, args.output, args.chromium)
    except RuntimeError as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    size = printed.path.stat().st_size
    print(
        f"{printed.path}: {printed.pages} pages, {size / 1e6:.1f} MB, "
        f"in {time.perf_counter() - started:.0f} s ({printed.prints} prints)"
    )
    return 0


if __name__ == "__main__":  # pragma: no cover - the command line
    sys.exit(main())
