#!/usr/bin/env python3
"""Deterministic generator of mixed support mail for bench/mail.sh (standard library only).

usage: mail_generate.py [--seed S] N OUTDIR

Writes N RFC 5322 messages as OUTDIR/00001.eml ... (LF line endings, as in a Maildir; an IMAP
server sends them with CRLF), each file's mtime set to its Date (a Maildir import takes that as
the INTERNALDATE), and OUTDIR/manifest.json (counts per kind, charset and transfer encoding,
sizes, the seed). The same N and seed give the same bytes.

The mix is what a Nordic support mailbox receives:
  - plain text (7bit/8bit, quoted-printable, base64) in UTF-8, ISO-8859-1 and windows-1252, with
    Danish, Norwegian, Swedish and some English text; RFC 2047 subjects and display names (Q and B);
  - multipart/alternative text + HTML (some with an inline image in multipart/related), and
    HTML-only mail;
  - attachments (PDF, PNG, JPEG as random bytes, base64; some RFC 2231 file names), a few 100 KB+;
  - replies quoting earlier mail (">" quoting in Danish, Norwegian, Swedish and English reply
    headers, Outlook "Fra:/Sendt:" and "-----Original Message-----" blocks), signatures;
  - automatic replies (Auto-Submitted, X-Autoreply, "Automatisk svar", "Out of Office").
Sizes: median a few KB, a long tail with some over 100 KB.
"""
import argparse
import base64
import datetime
import hashlib
import json
import os
import quopri
import random
import statistics
import sys

SENTENCES = {
    "da": [
        "Jeg har ventet i tre uger på min pakke, og kundeservice svarer ikke.",
        "Varen kom i stykker, æsken var knust og ingen har ringet tilbage.",
        "Jeg er blevet opkrævet to gange for den samme ordre.",
        "Min el-regning er næsten fordoblet siden sidste måned, og jeg forstår ikke hvorfor.",
        "Jeres app logger mig ud hver gang jeg prøver at betale – det er dybt frustrerende.",
        "Måleren blev aflæst forkert, og nu skal jeg betale 1.250 kr. for meget.",
        "Jeg har sagt mit abonnement op, men I bliver ved med at trække pengene.",
        "Tak for en hurtig og venlig behandling af min henvendelse.",
    ],
    "no": [
        "Jeg fikk feil vare og må betale returfrakt selv, det er ikke greit.",
        "Abonnementet ble fornyet uten at jeg ba om det – nå vil jeg ha pengene tilbake.",
        "Strømmen har vært borte tre ganger denne uken, og ingen gir beskjed.",
        "Fakturaen viser et forbruk som er helt urealistisk for en leilighet på 40 kvadratmeter.",
        "Jeg har ringt fem ganger og blitt satt over til feil avdeling hver gang.",
        "Kan dere bekrefte at flyttemeldingen er registrert på riktig adresse?",
        "Kundeservice lovet å ringe tilbake i går, men jeg har ikke hørt noe.",
    ],
    "sv": [
        "Jag har väntat på återbetalningen i över en månad nu.",
        "Produkten gick sönder efter två dagar, mycket dålig kvalitet.",
        "Fakturan är på 2 340 kr fast jag bara förbrukade hälften av det förra året.",
        "Ingen har svarat på mina tre mejl, vad händer med ärendet?",
        "Jag vill säga upp avtalet och få en slutfaktura så snart som möjligt.",
        "Tack för snabb hjälp, nu fungerar allt som det ska igen.",
    ],
    "en": [
        "I was billed twice for the same order; please refund one of them.",
        "The technician never showed up and nobody called to cancel.",
        "Your website keeps showing an error when I try to update my payment details.",
        "Thanks for the quick delivery, everything works as expected.",
        "I have been a customer for ten years and this is the worst service I have had.",
    ],
}
# Weights of the languages in the mailbox.
LANGS = ["da"] * 4 + ["no"] * 3 + ["sv"] * 3 + ["en"] * 1

NAMES = [
    ("Søren Ørsted", "soren.orsted"), ("Åsa Lindström", "asa.lindstrom"), ("Kari Nordmann", "kari.nordmann"),
    ("Björn Ågren", "bjorn.agren"), ("Märta Ek", "marta.ek"), ("John Smith", "john.smith"),
    ("Jens Æbelø", "jens.aebelo"), ("Ingrid Bø", "ingrid.bo"), ("Maja Öberg", "maja.oberg"),
    ("Lars Kjærgaard", "lars.kjaergaard"), ("Sigrid Løvås", "sigrid.lovas"), ("Pelle Svärd", "pelle.svard"),
]
DOMAINS = ["gmail.com", "hotmail.com", "outlook.dk", "online.no", "telia.se", "live.se", "mail.dk", "yahoo.no"]
SUBJECTS = {
    "da": ["Klage over levering", "Reklamation: ødelagt vare", "Forkert regning for oktober", "Opsigelse af abonnement",
           "Tak for hjælpen", "Hvorfor er min regning så høj?", "Måleraflæsning – fejl"],
    "no": ["Feil på fakturaen", "Spørsmål om abonnement", "Strømbrudd igjen!", "Flytting – bekreftelse?",
           "Klage på kundeservice", "Retur av vare nr. %d"],
    "sv": ["Återbetalning saknas", "Försenad leverans – igen", "Uppsägning av avtal", "Fel på fakturan",
           "Tack för hjälpen", "Ärende %d – inget svar"],
    "en": ["Order #%d not received", "Double charge on my card", "Complaint about your service",
           "Cannot update payment details"],
}
SIGNATURES = {
    "da": "Med venlig hilsen\n{name}\nTlf. 20 45 67 89",
    "no": "Vennlig hilsen\n{name}",
    "sv": "Med vänliga hälsningar\n{name}\nSkickat från min iPhone",
    "en": "Best regards,\n{name}",
}
WEEKDAYS = {"da": ["man.", "tirs.", "ons.", "tors.", "fre.", "lør.", "søn."],
            "no": ["man.", "tir.", "ons.", "tor.", "fre.", "lør.", "søn."],
            "sv": ["mån", "tis", "ons", "tors", "fre", "lör", "sön"],
            "en": ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"]}
MONTHS = ["jan.", "feb.", "mar.", "apr.", "maj", "jun.", "jul.", "aug.", "sep.", "okt.", "nov.", "dec."]
SUPPORT = ("Nordlys Energi Kundeservice", "kundeservice@nordlys.example")

# Kinds and their share of the mailbox.
KINDS = [("plain", 30), ("alternative", 20), ("html_only", 4), ("attachment", 9), ("reply", 22),
         ("outlook_reply", 6), ("auto_reply", 6)]


def pick_kind(rng):
    x = rng.uniform(0, sum(w for _, w in KINDS))
    for k, w in KINDS:
        if x < w:
            return k
        x -= w
    return KINDS[-1][0]


def charset_for(rng):
    x = rng.random()
    return "utf-8" if x < 0.6 else ("iso-8859-1" if x < 0.8 else "windows-1252")


def encodable(text, charset):
    """The text with the characters the charset lacks replaced as a mailer would."""
    if charset == "iso-8859-1":
        text = text.replace("–", "-").replace("€", "EUR").replace("’", "'")
    return text.encode(charset, errors="replace").decode(charset)


def paragraph_text(rng, lang, chars):
    out, n, line = [], 0, []
    while n < chars:
        s = rng.choice(SENTENCES[lang])
        line.append(s)
        n += len(s) + 1
        if len(" ".join(line)) > 60 or rng.random() < 0.3:
            out.append(" ".join(line))
            line = []
            if rng.random() < 0.25:
                out.append("")
    if line:
        out.append(" ".join(line))
    return "\n".join(out)


def wrap_lines(text, width=76):
    """Soft-wraps long lines at spaces, as mail clients do for format=flowed-less plain text."""
    out = []
    for line in text.split("\n"):
        quote = line[:len(line) - len(line.lstrip("> "))] if line.startswith(">") else ""
        while len(line) > width:
            cut = line.rfind(" ", len(quote) + 1, width)
            if cut <= len(quote):
                break
            out.append(line[:cut])
            line = quote + line[cut + 1:]
        out.append(line)
    return "\n".join(out)


def encoded_words(text, charset, mode):
    """RFC 2047 encoded words (Q or B) for `text`, each at most 75 characters, whole characters only."""
    words, chunk = [], ""
    prefix = f"=?{charset}?{mode}?"

    def enc(s):
        raw = s.encode(charset)
        if mode == "B":
            return base64.b64encode(raw).decode()
        out = []
        for b in raw:
            c = chr(b)
            if c == " ":
                out.append("_")
            elif c.isascii() and (c.isalnum() or c in "!*+-/"):
                out.append(c)
            else:
                out.append("=%02X" % b)
        return "".join(out)

    for ch in text:
        if len(prefix) + len(enc(chunk + ch)) + 2 > 75 and chunk:
            words.append(f"{prefix}{enc(chunk)}?=")
            chunk = ""
        chunk += ch
    if chunk:
        words.append(f"{prefix}{enc(chunk)}?=")
    return words


def header_text(rng, name, text, charset):
    """A header with `text`, encoded when it is not ASCII (the mailer's charset, Q or B)."""
    if text.isascii():
        return f"{name}: {text}"
    mode = "Q" if charset != "utf-8" or rng.random() < 0.5 else "B"
    return f"{name}: " + "\n ".join(encoded_words(encodable(text, charset), charset, mode))


def address(rng, display, addr, charset):
    if display.isascii():
        return f"{display} <{addr}>"
    mode = "Q" if charset != "utf-8" or rng.random() < 0.6 else "B"
    return " ".join(encoded_words(encodable(display, charset), charset, mode)) + f" <{addr}>"


def body_bytes(text, charset, cte):
    """A text body in the charset with the transfer encoding applied (LF line endings)."""
    raw = encodable(text, charset).encode(charset)
    if cte == "base64":
        b = base64.encodebytes(raw).decode("ascii")
        return b.encode()
    if cte == "quoted-printable":
        return quopri.encodestring(raw).replace(b"\r\n", b"\n")
    return raw if raw.endswith(b"\n") else raw + b"\n"


def text_cte(rng, charset, text):
    if charset == "utf-8":
        if text.isascii():
            return "7bit"
        x = rng.random()
        return "8bit" if x < 0.5 else ("quoted-printable" if x < 0.8 else "base64")
    x = rng.random()
    if charset == "iso-8859-1":
        return "quoted-printable" if x < 0.7 else "8bit"
    return "quoted-printable" if x < 0.6 else ("8bit" if x < 0.8 else "base64")


def text_part(rng, text, charset, subtype="plain"):
    cte = text_cte(rng, charset, text) if subtype == "plain" else ("quoted-printable" if rng.random() < 0.8 else "base64")
    head = f"Content-Type: text/{subtype}; charset=\"{charset}\"\nContent-Transfer-Encoding: {cte}\n"
    return head, body_bytes(text, charset, cte), cte


def html_of(text, rng, charset="utf-8"):
    paras = [p for p in text.split("\n\n") if p.strip()]
    style = "font-family:Calibri,Arial,sans-serif;font-size:11pt" if rng.random() < 0.6 else "margin:0"
    body = "".join(
        f"<p style=\"{style}\">" + "<br>\n".join(escape_html(line) for line in p.split("\n")) + "</p>\n" for p in paras
    )
    return ("<!DOCTYPE html>\n<html><head><meta http-equiv=\"Content-Type\" content=\"text/html; charset=" + charset + "\">"
            "<style>p{margin:0 0 8px}</style></head>\n<body>\n" + body + "</body></html>\n")


def escape_html(s):
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def blob(rng, kind, size):
    magic = {"pdf": b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n", "png": b"\x89PNG\r\n\x1a\n", "jpeg": b"\xff\xd8\xff\xe0\x00\x10JFIF\x00"}
    return magic[kind] + rng.randbytes(max(0, size - len(magic[kind])))


def attachment_part(rng, i, lang, charset, small=False):
    kind = rng.choice(["png", "jpeg"] if small else ["pdf", "pdf", "png", "jpeg"])
    # Log-uniform 2 KB .. 150 KB (an inline logo 2 .. 15 KB): mostly small scans and screenshots.
    size = int(2048 * ((7.5 if small else 75) ** rng.random()))
    data = blob(rng, kind, size)
    ctype = {"pdf": "application/pdf", "png": "image/png", "jpeg": "image/jpeg"}[kind]
    ext = {"pdf": "pdf", "png": "png", "jpeg": "jpg"}[kind]
    base = rng.choice({"da": ["kvittering", "faktura", "billede", "skærmbillede"], "no": ["kvittering", "faktura", "bilde"],
                       "sv": ["kvitto", "faktura", "bild", "skärmbild"], "en": ["receipt", "invoice", "photo"]}[lang])
    name = f"{base}-{i}.{ext}"
    if name.isascii():
        disp = f"attachment; filename=\"{name}\""
    elif rng.random() < 0.5:  # an RFC 2047 name in a parameter, as Outlook does
        disp = "attachment;\n filename=\"" + " ".join(encoded_words(name, "utf-8", "B")) + "\""
    else:
        quoted = "".join(c if c.isascii() and (c.isalnum() or c in ".-_") else "".join("%%%02X" % b for b in c.encode()) for c in name)
        disp = f"attachment;\n filename*=utf-8''{quoted}"
    head = f"Content-Type: {ctype}; name=\"{name if name.isascii() else 'attachment.' + ext}\"\nContent-Disposition: {disp}\nContent-Transfer-Encoding: base64\n"
    return head, base64.encodebytes(data), size


def boundary(rng, i):
    return f"----=_Part_{i}_{rng.getrandbits(40):010x}"


def multipart(subtype, bnd, parts, extra=""):
    head = f"Content-Type: multipart/{subtype};{extra}\n boundary=\"{bnd}\"\n"
    out = [b"This is a multi-part message in MIME format.\n"] if subtype == "mixed" else []
    for h, b in parts:
        out.append(f"\n--{bnd}\n{h}\n".encode("utf-8"))
        out.append(b if b.endswith(b"\n") else b + b"\n")
    out.append(f"\n--{bnd}--\n".encode())
    return head, b"".join(out)


def reply_header_line(rng, lang, when, who):
    d = when - datetime.timedelta(hours=rng.randint(2, 96))
    wd = WEEKDAYS[lang][d.weekday()]
    if lang == "da":
        return f"Den {wd} {d.day}. {MONTHS[d.month - 1]} {d.year} kl. {d:%H.%M} skrev {who[0]} <{who[1]}>:"
    if lang == "no":
        return f"{wd} {d.day}. {MONTHS[d.month - 1]} {d.year} kl. {d:%H:%M} skrev {who[0]} <{who[1]}>:"
    if lang == "sv":
        return f"Den {wd} {d.day} {MONTHS[d.month - 1]} {d.year} kl {d:%H:%M} skrev {who[0]} <{who[1]}>:"
    return f"On {wd}, {d.day} {d:%b} {d.year} at {d:%H:%M}, {who[0]} <{who[1]}> wrote:"


def quoted_thread(rng, lang, when, customer, depth):
    """Earlier messages of the thread, quoted with '>' (deeper levels for older ones)."""
    text = ""
    for level in range(depth):
        who = SUPPORT if level % 2 == 0 else customer
        earlier = paragraph_text(rng, lang, int(rng.lognormvariate(6.2, 0.7)))
        block = reply_header_line(rng, lang, when, who) + "\n" + earlier + ("\n\n" + text if text else "")
        text = "\n".join(("> " + line) if line and not line.startswith(">") else (">" + line if line else ">")
                         for line in block.split("\n"))
    return text


def outlook_block(rng, lang, when, customer, subject):
    d = when - datetime.timedelta(hours=rng.randint(2, 96))
    earlier = paragraph_text(rng, lang, int(rng.lognormvariate(6.5, 0.6)))
    if lang == "en" or rng.random() < 0.3:
        return (f"-----Original Message-----\nFrom: {SUPPORT[0]} <{SUPPORT[1]}>\nSent: {d:%A, %B} {d.day}, {d.year} {d:%I:%M %p}\n"
                f"To: {customer[0]} <{customer[1]}>\nSubject: {subject}\n\n{earlier}")
    heads = {"da": ("Fra", "Sendt", "Til", "Emne"), "no": ("Fra", "Sendt", "Til", "Emne"), "sv": ("Från", "Skickat", "Till", "Ämne")}[lang]
    return (f"{heads[0]}: {SUPPORT[0]} <{SUPPORT[1]}>\n{heads[1]}: {d.day}. {MONTHS[d.month - 1]} {d.year} {d:%H:%M}\n"
            f"{heads[2]}: {customer[0]} <{customer[1]}>\n{heads[3]}: {subject}\n\n{earlier}")


def fmt_date(d):
    return d.strftime("%a, %d %b %Y %H:%M:%S +0100")


def make_message(rng, i, when):
    kind = pick_kind(rng)
    lang = rng.choice(LANGS)
    charset = charset_for(rng)
    if lang == "en" and rng.random() < 0.7:
        charset = "utf-8"
    name, local = rng.choice(NAMES)
    domain = rng.choice(DOMAINS)
    customer = (name, f"{local}{i % 97}@{domain}")
    subject = rng.choice(SUBJECTS[lang])
    subject = subject % (10000 + i) if "%d" in subject else subject
    # Text length: lognormal, median ~700 characters, some several KB.
    chars = max(60, min(40000, int(rng.lognormvariate(6.55, 0.85))))
    text = paragraph_text(rng, lang, chars)
    if "Nordlys" not in text and rng.random() < 0.3:
        text = "Hej Nordlys,\n\n" + text
    signature = "\n\n-- \n" + SIGNATURES[lang].format(name=name) if rng.random() < 0.7 else "\n\n" + SIGNATURES[lang].format(name=name)
    headers = [
        f"Return-Path: <{customer[1]}>",
        f"Received: from mx{rng.randint(1, 9)}.{domain} (mx{rng.randint(1, 9)}.{domain} [192.0.2.{rng.randint(1, 254)}])\n"
        f"\tby mail.nordlys.example (Postfix) with ESMTPS id {rng.getrandbits(40):010X}\n\tfor <{SUPPORT[1]}>; {fmt_date(when)}",
    ]
    extra_headers = []
    ref_id = f"<{hashlib.sha1(f'thread-{i}'.encode()).hexdigest()[:16]}@nordlys.example>"
    parts_info = {"kind": kind, "lang": lang, "charset": charset}

    if kind == "auto_reply":
        label = rng.choice({"da": ["Automatisk svar", "Fraværende"], "no": ["Automatisk svar", "Fravær"],
                            "sv": ["Autosvar", "Frånvaro"], "en": ["Out of Office", "Automatic reply"]}[lang])
        subject = f"{label}: {rng.choice(SUBJECTS[lang]).replace('%d', str(9000 + i))}"
        text = {"da": "Tak for din mail. Jeg er på ferie og tilbage mandag den 18. november. Mailen bliver ikke videresendt.",
                "no": "Takk for e-posten. Jeg er på ferie og tilbake mandag 18. november.",
                "sv": "Tack för ditt mejl. Jag är på semester och tillbaka måndag den 18 november.",
                "en": "Thank you for your email. I am out of the office until Monday 18 November."}[lang]
        signature = ""
        extra_headers += ["Auto-Submitted: auto-replied"]
        if rng.random() < 0.5:
            extra_headers.append("X-Autoreply: yes")
        if rng.random() < 0.5:
            extra_headers.append("Precedence: auto_reply")
        extra_headers += [f"In-Reply-To: {ref_id}", f"References: {ref_id}"]
    elif kind in ("reply", "outlook_reply"):
        subject = rng.choice(["Re: ", "SV: ", "Sv: ", "VS: ", "RE: "]) + subject
        extra_headers += [f"In-Reply-To: {ref_id}", f"References: {ref_id}"]
        if kind == "reply":
            depth = 1 if rng.random() < 0.6 else rng.randint(2, 6)
            text = text + signature + "\n\n" + quoted_thread(rng, lang, when, customer, depth)
        else:
            text = text + signature + "\n\n" + outlook_block(rng, lang, when, customer, subject)
        signature = ""
    text = wrap_lines(text + signature) + "\n"

    headers += [f"From: {address(rng, customer[0], customer[1], charset)}",
                f"To: {SUPPORT[0]} <{SUPPORT[1]}>",
                header_text(rng, "Subject", subject, charset),
                f"Date: {fmt_date(when)}"]
    if rng.random() > 0.005:  # a few mailers send no Message-ID
        headers.append(f"Message-ID: <{hashlib.sha1(f'msg-{i}'.encode()).hexdigest()[:20]}.{i}@{domain}>")
    headers += extra_headers
    if rng.random() < 0.4:
        headers.append("X-Mailer: " + rng.choice(["Microsoft Outlook 16.0", "Apple Mail (2.3774)", "Mozilla Thunderbird 115.4",
                                                  "Android Mail", "Roundcube Webmail/1.6.5"]))
    headers.append("MIME-Version: 1.0")

    attachments = 0
    if kind == "alternative" or (kind in ("reply", "outlook_reply") and rng.random() < 0.5):
        h1, b1, cte = text_part(rng, text, charset)
        h2, b2, _ = text_part(rng, html_of(text, rng, charset), charset, "html")
        alt_head, alt_body = multipart("alternative", boundary(rng, i), [(h1, b1), (h2, b2)])
        if rng.random() < 0.15:  # an inline logo: multipart/related around the HTML
            ih, ib, _ = attachment_part(rng, i, lang, charset, small=True)
            ih = ih.replace("attachment", "inline", 1) + f"Content-ID: <logo{i}@nordlys.example>\n"
            alt_head, alt_body = multipart("related", boundary(rng, i + 7), [(alt_head, alt_body), (ih, ib)])
        head, body = alt_head, alt_body
        parts_info["cte"] = cte
    elif kind == "html_only":
        head, body, cte = text_part(rng, html_of(text, rng, charset), charset, "html")
        parts_info["cte"] = cte
    elif kind == "attachment":
        h1, b1, cte = text_part(rng, text, charset)
        parts = [(h1, b1)]
        for _ in range(1 if rng.random() < 0.8 else rng.randint(2, 3)):
            ah, ab, _ = attachment_part(rng, i, lang, charset)
            parts.append((ah, ab))
            attachments += 1
        head, body = multipart("mixed", boundary(rng, i), parts)
        parts_info["cte"] = cte
    else:
        head, body, cte = text_part(rng, text, charset)
        parts_info["cte"] = cte
    parts_info["attachments"] = attachments
    raw = ("\n".join(headers) + "\n" + head + "\n").encode("ascii") + body
    return raw, parts_info


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("n", type=int)
    ap.add_argument("outdir")
    ap.add_argument("--seed", type=int, default=20241105)
    a = ap.parse_args()
    if not 1 <= a.n <= 1_000_000:
        sys.exit("N must be 1..1000000")
    os.makedirs(a.outdir, exist_ok=True)
    rng = random.Random(a.seed)
    when = datetime.datetime(2024, 11, 4, 7, 30, 0)
    sizes, kinds, charsets, ctes = [], {}, {}, {}
    attachments = 0
    for i in range(1, a.n + 1):
        when += datetime.timedelta(seconds=rng.randint(20, 600))
        raw, info = make_message(rng, i, when)
        path = os.path.join(a.outdir, f"{i:05d}.eml")
        with open(path, "wb") as f:
            f.write(raw)
        stamp = (when - datetime.timedelta(hours=1)).replace(tzinfo=datetime.timezone.utc).timestamp()
        os.utime(path, (stamp, stamp))
        sizes.append(len(raw))
        kinds[info["kind"]] = kinds.get(info["kind"], 0) + 1
        charsets[info["charset"]] = charsets.get(info["charset"], 0) + 1
        ctes[info["cte"]] = ctes.get(info["cte"], 0) + 1
        attachments += info["attachments"]
    ordered = sorted(sizes)
    manifest = {
        "messages": a.n, "seed": a.seed, "bytes": sum(sizes), "line_endings": "LF",
        "size_median": int(statistics.median(sizes)), "size_p90": ordered[int(0.9 * (a.n - 1))],
        "size_max": ordered[-1], "over_100k": sum(1 for s in sizes if s > 100_000),
        "kinds": dict(sorted(kinds.items())), "charsets": dict(sorted(charsets.items())),
        "first_text_part_encoding": dict(sorted(ctes.items())), "attachments": attachments,
        "auto_replies": kinds.get("auto_reply", 0),
    }
    with open(os.path.join(a.outdir, "manifest.json"), "w") as f:
        json.dump(manifest, f, indent=1)
        f.write("\n")
    print(json.dumps(manifest))


if __name__ == "__main__":
    main()
