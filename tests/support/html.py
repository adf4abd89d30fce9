"""What a served page holds, read with the standard library's HTML parser."""

from __future__ import annotations

from html.parser import HTMLParser


class Pagina(HTMLParser):
    """Scripts, styles and forms of a page, to check what the CSP will meet."""

    def __init__(self) -> None:
        super().__init__()
        self.scripts: list[dict[str, str | None]] = []
        self.script_bodies: list[str] = []
        self.style_tags = 0
        self.style_attributes = 0
        self.event_handlers = 0
        self.forms: list[dict[str, str | None]] = []
        self._in_script = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        names = [name for name, _ in attrs]
        self.style_attributes += names.count("style")
        self.event_handlers += sum(name.startswith("on") for name in names)
        if tag == "script":
            self.scripts.append(dict(attrs))
            self._in_script = True
        elif tag == "style":
            self.style_tags += 1
        elif tag == "form":
            self.forms.append(dict(attrs))

    def handle_endtag(self, tag: str) -> None:
        if tag == "script":
            self._in_script = False

    def handle_data(self, data: str) -> None:
        if self._in_script and data.strip():
            self.script_bodies.append(data)


def ler(html: str) -> Pagina:
    pagina = Pagina()
    pagina.feed(html)
    return pagina
