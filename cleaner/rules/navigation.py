"""Site navigation: skip links, menus, breadcrumbs, search boxes, cookie banners.

Catches
- skip links: "Skip to main content", "Zum Inhalt springen", "Aller au contenu";
- breadcrumbs: "Home > News > World", "Startseite » Politik";
- cookie banners: "We use cookies ...", "Diese Website verwendet Cookies", "Accept all";
- menu words standing alone: "Menu", "Home", "Search", "Login" (weak: only
  removed inside boilerplate; whole menus are found by the classifier as runs of
  short lines before or after the article).
"""

from __future__ import annotations

from ..result import Category
from .base import LineRule, Strength, words

SKIP_LINKS = words(
    "skip to main content", "skip to content", "skip to navigation", "skip navigation",
    "skip to main navigation", "skip to footer", "skip to search", "jump to navigation",
    "jump to content", "zum inhalt springen", "direkt zum inhalt", "zum hauptinhalt springen",
    "zur navigation springen", "zum inhalt", "zur navigation", "inhalt überspringen",
    "navigation überspringen", "aller au contenu", "aller au contenu principal",
    "passer au contenu", "aller à la navigation", "saltar al contenido",
    "saltar al contenido principal", "ir al contenido", "vai al contenuto",
    "salta al contenuto", "pular para o conteúdo", "ir para o conteúdo",
    "przejdź do treści", "przejdź do zawartości", "naar de inhoud", "ga naar inhoud",
    "hoppa till innehåll", "gå til innhold", "siirry sisältöön", "toggle navigation",
)  # fmt: skip

COOKIES = words(
    "we use cookies", "this website uses cookies", "this site uses cookies",
    "our website uses cookies", "by using this site", "by continuing to use",
    "diese website verwendet cookies", "diese webseite verwendet cookies",
    "wir verwenden cookies", "wir nutzen cookies", "diese website benutzt cookies",
    "ce site utilise des cookies", "nous utilisons des cookies", "en poursuivant votre navigation",
    "utilizamos cookies", "este sitio web utiliza cookies", "esta web utiliza cookies",
    "questo sito utilizza cookie", "utilizziamo i cookie", "este site utiliza cookies",
    "ta strona używa cookies", "ta strona korzysta z plików cookie", "wij gebruiken cookies",
    "deze website maakt gebruik van cookies",
)  # fmt: skip

COOKIE_BUTTONS = words(
    "accept", "accept all", "accept cookies", "accept all cookies", "allow all", "allow cookies",
    "reject all", "decline", "i agree", "i accept", "got it", "ok", "agree", "manage cookies",
    "cookie settings", "alle akzeptieren", "akzeptieren", "alle cookies akzeptieren",
    "einverstanden", "ablehnen", "zustimmen", "tout accepter", "accepter", "refuser",
    "j'accepte", "aceptar", "aceptar todo", "rechazar", "accetta", "accetta tutto", "rifiuta",
    "aceitar", "akceptuję", "accepteren", "alles accepteren",
)  # fmt: skip

MENU_WORDS = words(
    "menu", "main menu", "navigation", "home", "homepage", "search", "search for", "login",
    "log in", "sign in", "log out", "register", "my account", "account", "back", "back to top",
    "top", "next", "previous", "next article", "previous article", "close", "open menu",
    "close menu", "more", "show more", "load more", "all news", "categories", "archives",
    "hauptmenü", "startseite", "suche", "suchen", "anmelden", "abmelden", "registrieren",
    "mein konto", "zurück", "nach oben", "weiter", "schließen", "mehr", "mehr anzeigen",
    "accueil", "rechercher", "recherche", "connexion", "se connecter", "s'inscrire",
    "mon compte", "retour", "haut de page", "suivant", "précédent", "fermer", "inicio",
    "buscar", "búsqueda", "iniciar sesión", "registrarse", "mi cuenta", "volver", "siguiente",
    "anterior", "cerrar", "cerca", "accedi", "registrati", "indietro", "chiudi", "início",
    "pesquisar", "entrar", "szukaj", "zaloguj", "strona główna", "zoeken", "inloggen",
    "sök", "logga in", "søk", "haku", "главная", "поиск", "首页", "搜索", "登录",
)  # fmt: skip

# The links to the neighbouring posts under an article ("Previous article", "Nächster
# Beitrag: ..."), with the linked title after a separator.
ADJACENT_POSTS = words(
    "previous article", "next article", "previous post", "next post", "older post",
    "newer post", "older posts", "newer posts", "vorheriger artikel", "nächster artikel",
    "vorheriger beitrag", "nächster beitrag", "voriger beitrag", "article précédent",
    "article suivant", "artículo anterior", "artículo siguiente", "entrada anterior",
    "entrada siguiente", "articolo precedente", "articolo successivo", "poprzedni artykuł",
    "następny artykuł", "vorige artikel", "volgende artikel",
)  # fmt: skip

# A blog's or site's widget labels ("Search this blog", "Back to overview", "Table of
# contents"): their own rule, so the menu words' line prefixes stay few and long.
WIDGET_WORDS = words(
    "search this blog", "dieses blog durchsuchen", "rechercher dans ce blog",
    "buscar en este blog", "cerca nel blog", "view my complete profile",
    "mein vollständiges profil anzeigen", "afficher mon profil complet", "ver todo mi perfil",
    "back to overview", "back to the overview", "back to list", "zurück zur übersicht",
    "zur übersicht", "retour à la liste", "volver al listado", "table of contents",
    "inhaltsverzeichnis", "sommaire", "índice", "indice", "spis treści",
)  # fmt: skip

RULES = (
    LineRule(
        "skip_link",
        Category.NAVIGATION,
        Strength.STRONG,
        rf"{SKIP_LINKS}[.!]?",
        "skip link ('Skip to main content')",
    ),
    LineRule(
        "adjacent_post",
        Category.NAVIGATION,
        Strength.STRONG,
        rf"[«‹<←]?[^\S\n]{{0,2}}{ADJACENT_POSTS}[^\S\n]{{0,3}}"
        r"(?:[:»›>→|][^\n]{0,120})?",
        "link to the previous or next post",
    ),
    LineRule(
        "breadcrumb",
        Category.NAVIGATION,
        Strength.STRONG,
        # No « or ‹ anywhere: with them, » and › are quotation marks (« 1 » ou « 2 »).
        r"[^\n>»›/|«‹]{1,40}(?:[^\S\n]{0,3}[>»›][^\S\n]{0,3}[^\n>»›«‹]{1,60}){2,8}",
        "breadcrumb trail ('Home > News > ...')",
    ),
    LineRule(
        "cookie_banner",
        Category.NAVIGATION,
        Strength.STRONG,
        rf"[^\n]{{0,60}}\b{COOKIES}\b[^\n]{{0,400}}",
        "cookie banner",
    ),
    LineRule(
        "cookie_button",
        Category.NAVIGATION,
        Strength.WEAK,
        rf"{COOKIE_BUTTONS}[.!]?",
        "cookie banner button",
    ),
    LineRule(
        "menu_word",
        Category.NAVIGATION,
        Strength.WEAK,
        rf"(?:[☰≡×▼▲►◄»«›‹<>]|&gt;|&lt;)?[^\S\n]{{0,2}}{MENU_WORDS}[^\S\n]{{0,2}}"
        r"(?:[☰≡×▼▲►◄»«›‹<>:…]|\.{3})?",
        "menu or control word",
    ),
    LineRule(
        "widget_word",
        Category.NAVIGATION,
        Strength.WEAK,
        rf"{WIDGET_WORDS}[^\S\n]{{0,2}}[:»›>…]?",
        "site widget label ('Search this blog')",
    ),
)

SPAN_RULES = ()
