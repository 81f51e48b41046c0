#!/usr/bin/env python3
"""Writes tests/data/hostile/: a catalog whose texts are hard on every output
(Markdown, HTML, C header). Run it after changing the texts; commit its output.

Every text is valid per README "The catalog" (no control characters, at most
4,096 bytes), each locale keeps every key, texts are distinct within a locale
(no drift) and translations keep the source's placeholders, so `errcat check`
finds only warnings (script, nfc, whitespace, terms) and `errcat build` writes
it.
"""
import json
import os

HERE = os.path.join(os.path.dirname(os.path.abspath(__file__)), "hostile")

# key -> (en text, C symbol name or None)
TEXTS = [
    ("-2147483648/-2147483648", "Minimum key INT32_MIN and INT32_MIN.", "MIN_MIN"),
    ("-2147483648/2147483647", r"Pipes | in || the ||| middle \| and a trailing pipe |", None),
    ("-5/-1", "Emphasis *star* **strong** _under_ __dunder__ ~~strike~~ ~tilde~ and a lone * star", None),
    ("-5/0", "Backticks `code` ``double `inner` ticks`` and a lone ` tick", "NEGATIVE_FIVE"),
    ("-1/3", "Angle <b>bold</b> <script>alert('x')</script> <!-- c --> <?php ?> <![CDATA[ x ]]> a < b > c", None),
    ("0/0", "Ampersands & &amp; &lt;script&gt; &#60; &#x3C; &nbsp; &copy &unknown; AT&T", "ZERO"),
    ("0/1", "- leading dash, not a list item", None),
    ("0/2", "# not a heading #", None),
    ("0/3", "> not a quote; + not a list; 1. not a list; === not a setext underline", None),
    ("1/0", r'Backslashes C:\path\to\file \\server\share \n \t \0 \x41 \u0041 \" end\\', "BACKSLASHES"),
    ("2/0", "Quotes \"double\" 'single' \u201ccurly\u201d \u2018curly\u2019 \u00abguillemets\u00bb \u201elow\u201c and it's", None),
    ("2/1", "Mustache {{mustache}} {{{triple}}} {{&amp}} {{#section}}x{{/section}} {{^inv}}y{{/inv}} "
            "{{! comment }} {{> partial}} {{=<% %>=}} <% x %>", "MUSTACHE"),
    ("2/2", "C comment */ then /* and // line, trigraphs ??/ ??= ??( ??) ??< ??> ??! ??' ??- and ?? end?", None),
    ("3/7", "printf %s and %d and %5.2f and 100% and %% and %-10s and %1$s", None),
    ("4/0", "Astral \U0001F600 \U0001D11E \U0001F389 \U0002000B and \u2764\ufe0f with a variation selector", None),
    ("5/0", "RTL \u0645\u0631\u062d\u0628\u0627 \u0628\u0627\u0644\u0639\u0627\u0644\u0645 and "
            "\u05e9\u05dc\u05d5\u05dd \u05e2\u05d5\u05dc\u05dd mixed with 123 and English", None),
    ("6/0", "Combining e\u0301 a\u0300 Z\u0324\u0308a\u0310l\u0303g\u030ao\u030b and x\u20dd enclosing", None),
    ("7/0", "Fullwidth \uff21\uff22\uff23\uff11\uff12\uff13\uff01 halfwidth \uff76\uff80\uff76\uff85 "
            "and wide \u6f22\u5b57\u304b\u306a", None),
    ("8/0", " leading, double  inner, and trailing spaces ", "SPACES"),
    ("9/0", None, "LONG_4095"),   # generated: exactly 4095 bytes (longest C literal)
    ("9/1", None, "LONG_4096"),   # generated: exactly 4096 bytes (README "The catalog": the maximum)
    ("10/0", "Links [text](http://example.com) ![alt](x.png) <http://auto.link> www.example.com "
             "https://example.org [ref][1] [^note]", None),
    ("11/0", "Entities as text &amp;amp; &lt;/td&gt;&lt;/tr&gt; </td></tr></table> and a raw </body>", None),
    ("12/0", "Colons : and dashes --- and | :---: | an alignment row lookalike", None),
    ("13/0", "Bidi controls \u202eRLO override\u202c \u202aLRE\u202c \u2067RLI isolate\u2069 "
             "\u2066LRI\u2069 \u2068FSI\u2069 marks \u200f RLM \u200e LRM \u061c ALM", "BIDI"),
    ("13/1", "Invisible: zero\u200bwidth, non\u200cjoiner, joiner \U0001F468\u200d\U0001F469\u200d"
             "\U0001F467 family, soft\u00adhyphen, word\u2060joiner, BOM\ufeffinside", None),
    ("13/2", "Separators: line\u2028separator and paragraph\u2029separator", None),
    ("13/3", "Flags \U0001F1E9\U0001F1EA, skin tone \U0001F44D\U0001F3FD, tag sequence \U0001F3F4"
             "\U000E0067\U000E0062\U000E0065\U000E006E\U000E0067\U000E007F, private use \ue000", None),
    ("13/4", "Templates and formats: {{{text}}} {{>table.md}} {{=| |=}} |text| {{/rows}} "
             "</textarea> <plaintext> <!DOCTYPE html> ]]> --> %n %*d %ls %lc %hhn %jd %zu %%s "
             "{{0}} '{0}' ${x} #{y} <%= z %>", None),
    ("2147483647/-2147483648", "Maximum errcode with the minimum sub_errcode.", None),
    ("2147483647/2147483647", "Maximum key.", "MAX_MAX"),
]

PREFIX = {
    "en": "",
    "ar": "\u0628\u0627\u0644\u0639\u0631\u0628\u064a\u0629: ",
    "de": "Deutsch: ",
    "ja": "\u65e5\u672c\u8a9e\uff1a",
    "pt-BR": "Em portugu\u00eas: ",
}

FILLER = {
    "en": "caf\u00e9 \"q\" back\\slash what?? \U0001F600 ",
    "ar": "\u0646\u0635 \u0637\u0648\u064a\u0644 \"q\" \\ ?? \U0001F600 ",
    "de": "Stra\u00dfe \"q\" R\u00fcck\\strich ??= \U0001F600 ",
    "ja": "\u9577\u3044\u6587\u7ae0\u3067\u3059 \"q\" \\ ??/ \U0001F600 ",
    "pt-BR": "cora\u00e7\u00e3o \"q\" \\ ??! \U0001F600 ",
}


def long_text(locale, size):
    """A text of exactly `size` UTF-8 bytes, ending in plain ASCII."""
    s = PREFIX[locale] + "long text: "
    while len((s + FILLER[locale]).encode()) <= size - 8:
        s += FILLER[locale]
    s += "x" * (size - len(s.encode()))
    assert len(s.encode()) == size
    return s


def text_of(locale, key, en):
    if key == "9/0":
        return long_text(locale, 4095)
    if key == "9/1":
        return long_text(locale, 4096)
    if key == "8/0":  # keep the outer spaces outside the translation marker
        return " " + PREFIX[locale] + en.lstrip(" ")
    return PREFIX[locale] + en


def q(s):
    return json.dumps(s, ensure_ascii=False)


def write(locale):
    lines = [f"# Generated by tests/data/make_hostile.py: hostile texts for the output tests.",
             f"locale: {locale}", "messages:"]
    for key, en, name in TEXTS:
        text = text_of(locale, key, en)
        if locale == "en" and name:
            lines += [f"  {q(key)}:", f"    text: {q(text)}", f"    name: {name}"]
            if key == "0/0":
                lines.append(f"    note: {q('A note with */ and <b> and {{x}}.')}")
        else:
            lines.append(f"  {q(key)}: {q(text)}")
    with open(os.path.join(HERE, f"{locale}.yaml"), "w", encoding="utf-8", newline="\n") as f:
        f.write("\n".join(lines) + "\n")


def main():
    os.makedirs(HERE, exist_ok=True)
    with open(os.path.join(HERE, "catalog.yaml"), "w", encoding="utf-8", newline="\n") as f:
        f.write("# Generated by tests/data/make_hostile.py. No `locales:`: the default order\n"
                "# (source first, then by name) and the default c_prefix HOSTILE_CATALOG.\n"
                "name: hostile-catalog\nsource: en\n")
    for locale in PREFIX:
        write(locale)


if __name__ == "__main__":
    main()
