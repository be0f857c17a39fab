"""Page footer: newsletter sign-ups, "Follow us" lines, copyright and legal links.

Catches
- newsletter and alert sign-ups: "<Site> Emails & Alerts", "The day's top stories,
  delivered to your inbox.", "Sign up for our newsletter", "Newsletter abonnieren";
- "Follow X on Facebook, Twitter, LinkedIn and Instagram", "Folgen Sie uns auf ...";
- copyright lines and "All rights reserved" in many languages;
- legal and contact links standing alone: "Privacy Policy", "Impressum" (weak:
  only removed inside boilerplate, since a heading may carry the same words);
- inside a short block (weak): newsletter prompts written as sentences ("... in a weekly
  newsletter", "direkt in dein Postfach"), affiliate disclosures, "Powered by" credits.
"""

from __future__ import annotations

from ..result import Category
from .base import LineRule, SpanRule, Strength, words

NETWORKS = words(
    "facebook", "twitter", "x", "instagram", "linkedin", "youtube", "tiktok", "pinterest",
    "threads", "mastodon", "bluesky", "telegram", "whatsapp", "xing", "flipboard", "rss",
)  # fmt: skip

FOLLOW = words(
    "follow", "follow us", "like us", "find us", "connect with us", "join us", "stay connected",
    "folgen sie", "folge uns", "folgen sie uns", "besuchen sie uns", "suivez", "suivez-nous",
    "retrouvez-nous", "síguenos", "siguenos", "sigue a", "seguici", "segui", "siga", "siga-nos",
    "obserwuj", "volg ons", "volg", "følg", "följ", "seuraa",
)  # fmt: skip

NEWSLETTER = words(
    "sign up for our newsletter", "sign up for the newsletter", "subscribe to our newsletter",
    "subscribe to the newsletter", "subscribe to our mailing list", "join our newsletter",
    "join our mailing list", "get our newsletter", "newsletter sign up", "newsletter signup",
    "sign up", "subscribe", "subscribe now", "get the newsletter", "newsletter",
    "our newsletter", "enter your email", "enter your email address", "your email address",
    "email address", "newsletter abonnieren", "zum newsletter anmelden", "jetzt anmelden",
    "jetzt abonnieren", "newsletter bestellen", "ihre e-mail-adresse", "e-mail-adresse",
    "abonnieren", "inscrivez-vous à notre newsletter", "abonnez-vous à notre newsletter",
    "s'inscrire à la newsletter", "abonnez-vous", "votre adresse e-mail", "votre e-mail",
    "suscríbete a nuestro boletín", "suscríbete a nuestro newsletter", "suscríbete",
    "suscribirse", "tu correo electrónico", "iscriviti alla newsletter", "iscriviti",
    "inscreva-se", "assine nossa newsletter", "zapisz się do newslettera", "zapisz się",
    "schrijf je in voor de nieuwsbrief", "meld je aan", "nieuwsbrief",
    "gib deine e-mail-adresse ein", "geben sie ihre e-mail-adresse ein",
    "entrez votre adresse e-mail", "introduce tu correo electrónico",
)  # fmt: skip

RIGHTS = words(
    "all rights reserved", "alle rechte vorbehalten", "tous droits réservés",
    "todos los derechos reservados", "tutti i diritti riservati", "todos os direitos reservados",
    "wszelkie prawa zastrzeżone", "alle rechten voorbehouden", "alla rättigheter förbehållna",
    "kaikki oikeudet pidätetään", "все права защищены", "版权所有", "著作権",
)  # fmt: skip

LEGAL_LINKS = words(
    "privacy policy", "privacy", "privacy notice", "terms of use", "terms of service",
    "terms and conditions", "terms", "cookie policy", "cookies", "cookie settings",
    "contact", "contact us", "about us", "about", "imprint", "sitemap", "site map", "help",
    "faq", "careers", "jobs", "advertise", "advertise with us", "press", "accessibility",
    "impressum", "datenschutz", "datenschutzerklärung", "kontakt", "agb", "nutzungsbedingungen",
    "über uns", "mediadaten", "barrierefreiheit", "cookie-einstellungen", "mentions légales",
    "politique de confidentialité", "conditions générales", "nous contacter", "qui sommes-nous",
    "aviso legal", "política de privacidad", "política de cookies", "contacto",
    "quiénes somos", "note legali", "informativa privacy", "contatti", "chi siamo",
    "política de privacidade", "contato", "polityka prywatności", "kontakt", "regulamin",
    "privacybeleid", "disclaimer", "colofon",
)  # fmt: skip

# Newsletter prompts written as sentences ("Get the best stories in our weekly newsletter",
# "Ja, ich möchte den Newsletter erhalten"), found anywhere in a short block: weak, since
# an article may mention a newsletter.
NEWSLETTER_PROMPTS = words(
    "weekly newsletter", "daily newsletter", "free newsletter", "our newsletter",
    "the newsletter", "in your inbox", "to your inbox", "newsletter abonnieren",
    "unseren newsletter", "unser newsletter", "den newsletter", "wöchentlichen newsletter",
    "kostenlosen newsletter", "in dein postfach", "in ihr postfach", "ins postfach",
    "notre newsletter", "la newsletter", "notre lettre d'information",
    "dans votre boîte mail", "dans votre boîte de réception", "nuestro newsletter",
    "nuestro boletín", "en tu bandeja de entrada", "la nostra newsletter",
    "nella tua casella", "nossa newsletter", "naszego newslettera",
    "onze nieuwsbrief", "in je mailbox", "in je inbox",
)  # fmt: skip
NEWSLETTER_MARKERS = (
    "newsletter", "inbox", "postfach", "boîte", "boletín", "bandeja", "casella",
    "nieuwsbrief", "mailbox", "lettre d'information",
)  # fmt: skip

# Disclosures around an article: affiliate links, sponsoring. Weak: a page about these
# subjects says the same words. (Liability disclaimers are left to the scorer: on a
# site's legal-notice page they are the main text.)
NOTICES = words(
    "affiliate link", "affiliate links", "affiliate-link", "affiliate-links", "affiliatelinks",
    "contains affiliate", "as an amazon associate", "references to products",
    "this post is sponsored", "werbelinks", "provisionslinks", "liens affiliés",
    "liens d'affiliation", "enlaces de afiliado", "link di affiliazione", "links de afiliado",
)  # fmt: skip
NOTICE_MARKERS = (
    "affiliate", "associate", "references to products", "sponsored", "werbelink",
    "provisionslink", "affili",
)  # fmt: skip

# The site's software credit ("Powered by ...", "Thème Simple. Fourni par ..."), in a
# short block only; weak, as "powered by" also describes engines.
CREDITS = words(
    "powered by", "proudly powered by", "theme by", "wordpress theme", "blogger theme",
    "fourni par", "propulsé par", "bereitgestellt von", "betrieben mit", "desarrollado por",
    "con tecnología de", "realizzato con", "desenvolvido por", "mogelijk gemaakt door",
)  # fmt: skip
CREDIT_MARKERS = (
    "powered", "theme", "fourni", "propulsé", "bereitgestellt", "betrieben", "desarrollado",
    "tecnología", "realizzato", "desenvolvido", "mogelijk",
)  # fmt: skip
CREDIT_MAX_CHARS = 80

RULES = (
    LineRule(
        "emails_and_alerts",
        Category.FOOTER,
        Strength.STRONG,
        r"[^\n]{1,60}[^\S\n](?:e-?mails?|newsletters?)[^\S\n]{0,2}(?:&|and|und|et|y)"
        r"[^\S\n]{0,2}(?:alerts?|updates?|offers?)",
        "newsletter sign-up ('... Emails & Alerts')",
    ),
    LineRule(
        "to_your_inbox",
        Category.FOOTER,
        Strength.STRONG,
        r"[^\n]{0,120}\b(?:to|in|into)[^\S\n](?:your|the)[^\S\n]inbox[^\n]{0,60}",
        "newsletter promise '... to your inbox'",
    ),
    LineRule(
        "newsletter_signup",
        Category.FOOTER,
        Strength.STRONG,
        rf"{NEWSLETTER}[^\n]{{0,80}}",
        "newsletter sign-up line",
    ),
    LineRule(
        "follow_us",
        Category.FOOTER,
        Strength.STRONG,
        rf"{FOLLOW}\b[^\n]{{0,80}}\b{NETWORKS}\b[^\n]{{0,80}}",
        "'Follow ... on Facebook, Twitter ...' line",
    ),
    LineRule(
        "copyright_line",
        Category.FOOTER,
        Strength.STRONG,
        # The sign, or the word followed by a sign, year or colon; the bare word
        # only opens a short line ("Copyright Name"), not a sentence about copyright.
        r"(?:©|\(c\)|&copy;|copyright[^\S\n]{0,3}(?:©|\(c\)|&copy;|:|(?:19|20)\d\d\b))"
        r"[^\n]{0,160}|copyright[^\S\n][^\n.!?]{1,50}",
        "copyright line",
    ),
    LineRule(
        "legal_link",
        Category.FOOTER,
        Strength.WEAK,
        rf"{LEGAL_LINKS}(?:[^\S\n]{{0,3}}[|·•/][^\S\n]{{0,3}}{LEGAL_LINKS}){{0,12}}",
        "legal or contact link",
    ),
)

SPAN_RULES = (
    SpanRule(
        "newsletter_prompt",
        Category.FOOTER,
        Strength.WEAK,
        NEWSLETTER_PROMPTS,
        "newsletter prompt",
        max_block_chars=200,
        markers=NEWSLETTER_MARKERS,
    ),
    SpanRule(
        "site_notice",
        Category.FOOTER,
        Strength.WEAK,
        NOTICES,
        "affiliate or sponsoring disclosure",
        max_block_chars=250,
        markers=NOTICE_MARKERS,
    ),
    SpanRule(
        "site_credit",
        Category.FOOTER,
        Strength.WEAK,
        CREDITS,
        "'powered by' credit",
        max_block_chars=CREDIT_MAX_CHARS,
        markers=CREDIT_MARKERS,
    ),
    SpanRule(
        "rights_reserved",
        Category.FOOTER,
        Strength.STRONG,
        RIGHTS,
        "'All rights reserved' notice",
        max_block_chars=300,
        markers=(
            "rights",
            "rechte",
            "droits",
            "derechos",
            "diritti",
            "direitos",
            "prawa",
            "rechten",
            "rättigheter",
            "oikeudet",
            "права",
            "版权所有",
            "著作権",
        ),
    ),
)
