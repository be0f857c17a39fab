"""Page footer: newsletter sign-ups, "Follow us" lines, copyright and legal links.

Catches
- newsletter and alert sign-ups: "<Site> Emails & Alerts", "The day's top stories,
  delivered to your inbox.", "Sign up for our newsletter", "Newsletter abonnieren";
- "Follow X on Facebook, Twitter, LinkedIn and Instagram", "Folgen Sie uns auf ...";
- copyright lines and "All rights reserved" in many languages;
- legal and contact links standing alone: "Privacy Policy", "Impressum" (weak:
  only removed inside boilerplate, since a heading may carry the same words);
- inside a short block (weak): newsletter prompts written as sentences ("... in a weekly
  newsletter", "direkt in dein Postfach"), affiliate disclosures, "Powered by" credits;
- a short heading that ends with "Newsletter" ("<Site> Newsletter", "Dein persönlicher
  Newsletter") and the site's own promotions written as sentences (weak, in a short block):
  "Follow us on ...", its app "for iOS and Android", its Telegram or YouTube channel,
  subscriber-only notices ("already a subscriber? Log in"), appeals for support.
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
    "hier kostenlos anmelden", "jetzt kostenlos anmelden", "kostenlos anmelden",
    "kostenlos registrieren", "sign up for free", "inscrivez-vous gratuitement",
    "regístrate gratis",
)  # fmt: skip

RIGHTS = words(
    "all rights reserved", "some rights reserved", "alle rechte vorbehalten",
    "tous droits réservés",
    "todos los derechos reservados", "tutti i diritti riservati", "todos os direitos reservados",
    "wszelkie prawa zastrzeżone", "alle rechten voorbehouden", "alla rättigheter förbehållna",
    "kaikki oikeudet pidätetään", "все права защищены", "版权所有", "著作権",
    "chroniony prawem autorskim",
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
    "monthly newsletter", "email newsletter", "nuestra newsletter", "a la newsletter",
    "al newsletter", "alla newsletter", "à la newsletter", "notre infolettre",
    "zum newsletter", "für unseren newsletter", "monatlichen newsletter",
    "never miss a", "never miss our", "never miss the latest", "nichts mehr verpassen",
    "keine neuigkeiten mehr verpassen", "ne manquez rien", "ne ratez rien", "no te pierdas nada",
    "sign up here", "hier anmelden und", "inscrivez-vous ici", "regístrate aquí",
)  # fmt: skip
NEWSLETTER_MARKERS = (  # each phrase holds one (as written, or title- or upper-cased)
    "newsletter", "inbox", "postfach", "boîte", "boletín", "bandeja", "casella",
    "nieuwsbrief", "mailbox", "lettre d'information", "infolettre", "never miss",
    "mehr verpassen", "ne manquez", "ne ratez", "no te pierdas", "sign up here",
    "hier anmelden", "inscrivez-vous ici", "regístrate aquí",
)  # fmt: skip
# A short heading ending with the word ("<Site> Newsletter", "Receive our monthly
# newsletter"): a few words before it, none holding sentence punctuation (a sentence that
# ends with the word, "She also writes a newsletter.", is the article's).
NEWSLETTER_WORDS = words("newsletter", "newsletters", "nieuwsbrief", "infolettre", "boletín")
NEWSLETTER_HEADING_WORDS = 5
NEWSLETTER_HEADING_WORD_CHARS = 25

# The site's promotions written as sentences, in a short block (weak: an article may say
# the same of another site): follow prompts, its app, its messaging channels.
FOLLOW_PROMPTS = words(
    "follow us on", "follow us at", "find us on", "like us on facebook", "join us on",
    "síguenos en", "siguenos en", "síganos en", "folgen sie uns auf", "folge uns auf",
    "folgt uns auf", "folgen sie uns bei", "suivez-nous sur", "retrouvez-nous sur",
    "seguici su", "siga-nos no", "siga-nos em", "obserwuj nas na", "volg ons op",
)  # fmt: skip
FOLLOW_MARKERS = (  # each phrase holds one (as written, or title- or upper-cased)
    "follow us", "find us on", "like us on", "join us on", "síguenos", "siguenos", "síganos",
    "folgen sie uns", "folge uns", "folgt uns", "suivez-nous", "retrouvez-nous", "seguici",
    "siga-nos", "obserwuj nas", "volg ons",
)  # fmt: skip
APP_PROMPTS = words(
    "for ios and android", "for android and ios", "on ios and android", "für ios und android",
    "pour ios et android", "para ios y android", "per ios e android", "para ios e android",
    "download our app", "download the app", "get the app", "get our app",
    "laden sie die app", "lade dir die app", "laden sie unsere app", "unsere app",
    "téléchargez l'application", "téléchargez notre application", "descarga la app",
    "descargue la app", "descarga nuestra app", "scarica l'app", "scarica la nostra app",
    "baixe o app", "baixe o aplicativo", "pobierz aplikację", "download de app",
)  # fmt: skip
APP_MARKERS = (  # each phrase holds one (as written, or title- or upper-cased)
    "android", "the app", "our app", "die app", "unsere app", "la app", "nuestra app",
    "l'app", "la nostra app", "o app", "aplicativo", "de app", "l'application",
    "notre application", "aplikację",
)  # fmt: skip
CHANNEL_PROMPTS = words(
    "our youtube channel", "our telegram channel", "our whatsapp channel",
    "nuestro canal de", "canal de telegram", "canal de whatsapp", "unseren whatsapp-kanal",
    "unserem whatsapp-kanal", "unseren telegram-kanal", "unserem telegram-kanal",
    "unseren youtube-kanal", "whatsapp-kanal abonnieren", "notre chaîne", "il nostro canale",
    "nosso canal", "nasz kanał",
)  # fmt: skip
CHANNEL_MARKERS = (  # each phrase holds one (as written, or title- or upper-cased)
    "channel", "nuestro canal", "canal de telegram", "canal de whatsapp", "-kanal",
    "notre chaîne", "nostro canale", "nosso canal", "nasz kanał",
)  # fmt: skip
# Notices to readers without a subscription, and the site's appeals for support.
SUBSCRIBER_PROMPTS = words(
    "already a subscriber", "already subscribed", "subscribe to continue reading",
    "subscribe to read", "to continue reading, subscribe", "subscribers only",
    "for subscribers only", "please subscribe", "bereits abonnent", "schon abonnent",
    "jetzt abonnent werden", "nur für abonnenten", "exklusiv für abonnenten", "déjà abonné",
    "réservé aux abonnés", "abonnez-vous pour lire", "ya eres suscriptor", "ya soy suscriptor",
    "solo para suscriptores", "exclusivo para suscriptores", "già abbonato",
    "riservato agli abbonati", "já é assinante", "exclusivo para assinantes",
    "support our journalism", "support independent journalism", "support quality journalism",
    "support our work", "unterstützen sie unsere arbeit", "unterstützen sie unabhängigen",
    "unterstütze unsere arbeit", "soutenez notre travail", "soutenez notre journalisme",
    "apoya nuestro periodismo", "apoye nuestro periodismo", "sostieni il nostro",
    "apoie o nosso jornalismo", "wesprzyj nas", "steun ons",
    "free articles", "articles gratuits", "kostenlose artikel", "kostenlosen artikel",
    "artículos gratuitos", "artículos gratis", "articoli gratuiti",
)  # fmt: skip
SUBSCRIBER_MARKERS = (  # each phrase holds one (as written, or title- or upper-cased)
    "subscri", "abonnent", "abonné", "abonnez", "suscriptor", "abbona", "assinante",
    "support our", "support independent", "support quality", "unsere arbeit",
    "unterstützen sie unabh", "soutenez", "nuestro periodismo", "sostieni", "apoie o nosso",
    "wesprzyj", "steun ons", "free articles", "articles gratuits", "kostenlose artikel",
    "kostenlosen artikel", "artículos grat", "articoli gratuiti",
)  # fmt: skip
PROMPT_MAX_CHARS = 250
# The site's licence note ("Unless otherwise noted, content is licensed under CC BY"): weak,
# an article about licences says the same.
LICENCE_NOTES = words(
    "unless otherwise noted", "unless otherwise stated", "licensed under a creative commons",
    "licensed under cc", "sofern nicht anders angegeben", "sofern nicht anders ausgewiesen",
    "soweit nicht anders angegeben", "sauf mention contraire", "salvo que se indique",
    "salvo indicación contraria", "salvo diversa indicazione",
)  # fmt: skip
LICENCE_MARKERS = (  # each phrase holds one (as written, or title- or upper-cased)
    "unless otherwise", "licensed under", "sofern nicht", "soweit nicht", "mention contraire",
    "salvo que", "salvo indicación", "salvo diversa",
)  # fmt: skip
# One rule for all of them: one bit of the prefilter's masks, one pass for the markers.
SITE_PROMPTS = (
    f"(?:{FOLLOW_PROMPTS}|{APP_PROMPTS}|{CHANNEL_PROMPTS}|{SUBSCRIBER_PROMPTS}|{LICENCE_NOTES})"
)
SITE_PROMPT_MARKERS = (
    *FOLLOW_MARKERS, *APP_MARKERS, *CHANNEL_MARKERS, *SUBSCRIBER_MARKERS, *LICENCE_MARKERS,
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

# A sign-up form's consent box, and the site's "no guarantee" note.
FORM_NOTICES = words(
    "i agree to the privacy policy", "i agree to the terms", "i agree my information",
    "i have read and agree", "ich bin mit der verarbeitung",
    "ich habe die datenschutzerklärung", "ich stimme der verarbeitung",
    "j'accepte la politique de confidentialité", "j'accepte les conditions",
    "acepto la política de privacidad", "he leído y acepto", "accetto la privacy",
    "ho letto e accetto", "li e aceito", "akceptuję regulamin",
    "alle angaben ohne gewähr", "angaben ohne gewähr",
)  # fmt: skip

RULES = (
    LineRule(
        "form_notice",
        Category.FOOTER,
        Strength.STRONG,
        rf"[(\[*]?[^\S\n]{{0,2}}{FORM_NOTICES}[^\n]{{0,200}}",
        "sign-up consent box or 'no guarantee' note",
    ),
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
        rf"{FOLLOW}\b[^\n]{{0,80}}\b{NETWORKS}\b[^\n]{{0,200}}",
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
    LineRule(
        "newsletter_heading",
        Category.FOOTER,
        Strength.STRONG,
        rf"(?:[^\s.!?]{{1,{NEWSLETTER_HEADING_WORD_CHARS}}}[^\S\n]{{1,3}}){{1,{NEWSLETTER_HEADING_WORDS}}}"
        rf"{NEWSLETTER_WORDS}[^\S\n]{{0,2}}[:!]?",
        "newsletter heading ('<Site> Newsletter')",
    ),
)

SPAN_RULES = (
    SpanRule(
        "site_prompt",
        Category.FOOTER,
        Strength.WEAK,
        SITE_PROMPTS,
        "the site's own prompt (follow us, its app or channel, subscriptions, licence)",
        max_block_chars=PROMPT_MAX_CHARS,
        markers=SITE_PROMPT_MARKERS,
    ),
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
            "prawem",
        ),
    ),
)
